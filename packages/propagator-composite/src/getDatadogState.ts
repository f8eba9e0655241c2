/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import type { SpanContext } from '@opentelemetry/api';
import { readInjectState } from './internal/state';

/** What a Datadog tracer would be told about a span context. */
export interface DatadogTraceState {
  /** Sampling priority, reconciled with the sampled flag (the flag wins). */
  samplingPriority: number;
  /** `x-datadog-origin` (`synthetics`, `rum`, ...), if any. */
  origin: string | undefined;
  /** Propagated `_dd.p.*` tags with a value, in order. */
  tags: Array<[string, string]>;
  /** The last Datadog parent span id (`_dd.parent_id`, 16 hex), if any. */
  lastParentId: string | undefined;
}

/**
 * Reads the Datadog state the propagators of this package keep in a span
 * context's trace state (for logs, debugging or custom propagation): the
 * same view their inject uses.
 */
export function getDatadogState(spanContext: SpanContext): DatadogTraceState {
  const state = readInjectState(spanContext);
  const tags: Array<[string, string]> = [];
  for (let i = 0; i < state.tags.length; i += 2) {
    if (state.tags[i + 1]) tags.push([state.tags[i], state.tags[i + 1]]);
  }
  return {
    samplingPriority: state.priority,
    origin: state.origin,
    tags,
    lastParentId: state.parentId,
  };
}
