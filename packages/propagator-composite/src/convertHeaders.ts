/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Converting trace context between header formats is one extract with the
// source styles and one inject with the target styles, of the same context:
// nothing is lost that the target can carry, and the rules are exactly the
// composite propagator's.

import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  diag,
  ROOT_CONTEXT,
} from '@opentelemetry/api';
import type { Environment } from '@otel-dd/propagator-datadog';
import { DatadogCompositePropagator } from './DatadogCompositePropagator';
import type { PropagationStyleName } from './types';

/** Options of {@link convertHeaders}. */
export interface ConvertHeadersOptions {
  /**
   * Styles read, in order, with Datadog's multi-style rules. Default: the
   * configured extract styles (`DD_TRACE_PROPAGATION_STYLE_EXTRACT`, ...).
   */
  from?: readonly PropagationStyleName[] | string;
  /** Styles written: only their headers are returned. */
  to: readonly PropagationStyleName[] | string;
  /** Stop at the first style that yields a context. Default: configured. */
  extractFirst?: boolean;
  /** Longest `x-datadog-tags` read or written. Default: configured. */
  tagsMaxLength?: number;
  /** Where settings are read. Default `process.env`. */
  env?: Environment;
}

/**
 * Reads trace context (and baggage) from `headers` with the `from` styles
 * and returns it written in the `to` styles: for example Datadog headers
 * to `traceparent`/`tracestate`, with 128-bit ids, sampling priority and
 * origin kept where the target format can carry them. The parent span id
 * stays the one received: this converts a context, it starts no span.
 * Header names are read in any case. Never throws: bad input gives `{}`.
 */
export function convertHeaders(
  headers: Readonly<Record<string, unknown>>,
  options: ConvertHeadersOptions
): Record<string, string> {
  const converted: Record<string, string> = {};
  try {
    const reader = new DatadogCompositePropagator({
      env: options.env,
      extract: options.from,
      extractFirst: options.extractFirst,
      // A conversion keeps the context: restart/ignore settings of the
      // service do not apply to it.
      extractBehavior: 'continue',
      tagsMaxLength: options.tagsMaxLength,
    });
    const writer = new DatadogCompositePropagator({
      env: options.env,
      inject: options.to,
      tagsMaxLength: options.tagsMaxLength,
    });
    const context = reader.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
    writer.inject(context, converted, defaultTextMapSetter);
  } catch (error) {
    diag.debug('convertHeaders failed', error);
  }
  return converted;
}
