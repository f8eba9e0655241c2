/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/** Messages between the interop tests and ddWorker. */

export type Headers = Record<string, string | string[]>;

export interface WorkerCase {
  headers: Headers;
}

export interface LinkDescription {
  traceId: string;
  spanId: string;
  attributes: Record<string, unknown>;
}

export interface DdExtracted {
  traceId: string;
  spanId: string | null;
  priority: number | null;
  origin: string | null;
  /** Trace tags in dd-trace's insertion order. */
  tags: Array<[string, string]>;
  links: LinkDescription[];
}

export interface WorkerResult {
  extracted: DdExtracted | null;
  baggage: Record<string, string>;
  injected: Record<string, string>;
  child: { traceId: string; spanId: string };
  /** `baggage.*` trace tags of the child span's trace. */
  childBaggageTags: Record<string, string>;
}

export interface WorkerConfig {
  extract: string[];
  inject: string[];
  extractFirst: boolean;
  extractBehavior: string;
  tagsMaxLength: number;
  baggageMaxItems: number;
  baggageMaxBytes: number;
  baggageTagKeys: string[];
}

export interface WorkerOutput {
  config: WorkerConfig;
  results: WorkerResult[];
}
