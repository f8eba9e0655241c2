/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import type { Environment } from '@otel-dd/propagator-datadog';

/** A propagation style, as `DD_TRACE_PROPAGATION_STYLE` names it. */
export type PropagationStyle =
  'datadog' | 'tracecontext' | 'b3' | 'b3multi' | 'baggage' | 'xray' | 'none';

/** Style names accepted on input: `b3 single header` is an alias of `b3`. */
export type PropagationStyleName = PropagationStyle | 'b3 single header';

/**
 * What to do with an extracted context, as
 * `DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT`: continue the trace, start a new
 * trace linked to it, or ignore it (and the baggage).
 */
export type ExtractBehavior = 'continue' | 'restart' | 'ignore';

/** Options of {@link DatadogCompositePropagator}; all optional. */
export interface DatadogCompositePropagatorOptions {
  /**
   * Styles tried on extract, in order (array or comma-separated string).
   * Default: `DD_TRACE_PROPAGATION_STYLE_EXTRACT`, then
   * `DD_TRACE_PROPAGATION_STYLE`, then `OTEL_PROPAGATORS`, then
   * `datadog,tracecontext,baggage`.
   */
  extract?: readonly PropagationStyleName[] | string;
  /** Styles written on inject; same fallbacks with `_INJECT`. */
  inject?: readonly PropagationStyleName[] | string;
  /**
   * Stop at the first style that yields a context (no tracestate merge, no
   * span links). Default: `DD_TRACE_PROPAGATION_EXTRACT_FIRST`, else false.
   */
  extractFirst?: boolean;
  /** Default: `DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT`, else `continue`. */
  extractBehavior?: ExtractBehavior;
  /**
   * Longest `x-datadog-tags` read or written; 0 disables the header.
   * Default: `DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH`, else 512.
   */
  tagsMaxLength?: number;
  /** Default: `DD_TRACE_BAGGAGE_MAX_ITEMS`, else 64. */
  baggageMaxItems?: number;
  /** Default: `DD_TRACE_BAGGAGE_MAX_BYTES`, else 8192. */
  baggageMaxBytes?: number;
  /**
   * Baggage keys copied to the first local span as `baggage.<key>`
   * attributes (by {@link DatadogSpanLinksProcessor}); `*` means all.
   * Default: `DD_TRACE_BAGGAGE_TAG_KEYS`, else `user.id,session.id,account.id`.
   */
  baggageTagKeys?: readonly string[] | string;
  /** Where settings the options leave out are read. Default `process.env`. */
  env?: Environment;
}

/** Settings after options, environment and defaults are combined. */
export interface PropagationConfig {
  extract: readonly PropagationStyle[];
  inject: readonly PropagationStyle[];
  extractFirst: boolean;
  extractBehavior: ExtractBehavior;
  tagsMaxLength: number;
  baggageMaxItems: number;
  baggageMaxBytes: number;
  baggageTagKeys: readonly string[];
}
