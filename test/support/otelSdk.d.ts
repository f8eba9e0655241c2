/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Types of otelSdk.js: those of the 2.x SDK, which the 3.x SDK matches for
// everything used here.

import type {
  AlwaysOnSampler as AlwaysOnSamplerClass,
  BasicTracerProvider,
  InMemorySpanExporter as InMemorySpanExporterClass,
  ParentBasedSampler as ParentBasedSamplerClass,
  SamplingDecision as SamplingDecisionEnum,
  SpanExporter,
  SpanProcessor,
  TracerConfig,
} from '@opentelemetry/sdk-trace-base';

/** The OpenTelemetry JS release line the SDK below belongs to. */
export declare const OTEL_LINE: '2.x' | '3.x';
/** The version of @opentelemetry/api in use. */
export declare const API_VERSION: string;

/** BasicTracerProvider (2.x) or TracerProvider (3.x). */
export declare const TracerProvider: typeof BasicTracerProvider;
export declare const InMemorySpanExporter: typeof InMemorySpanExporterClass;
export declare const AlwaysOnSampler: typeof AlwaysOnSamplerClass;
export declare const ParentBasedSampler: typeof ParentBasedSamplerClass;
export declare const SamplingDecision: typeof SamplingDecisionEnum;

/** A SimpleSpanProcessor (its constructor differs between the lines). */
export declare function simpleSpanProcessor(
  exporter: SpanExporter
): SpanProcessor;

/**
 * A tracer provider registered as the global one, with the
 * AsyncLocalStorage context manager and the W3C trace context and baggage
 * propagators: NodeTracerProvider#register() on 2.x, the same by hand on
 * 3.x.
 */
export declare function registerTracerProvider(
  config?: TracerConfig
): BasicTracerProvider;
