/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The `dd` tracestate member cannot hold every value Datadog headers carry:
// its escaping turns `;`, `,`, `~` and non-ASCII into `_`, and it is capped
// at 256 characters while x-datadog-tags may have 512. When extraction loses
// something that way, the exact values are kept beside the trace state
// object they belong to (DatadogPropagator keeps them always, so that its
// inject parses nothing). The SDK hands that same (immutable) object to every
// child span, so inject finds them; any change to the trace state makes a
// new object, and then the member alone is used.

import type { TraceState } from '@opentelemetry/api';
import { W3CTraceState } from './W3CTraceState';

/** Exact Datadog values for one trace state object. */
export interface RawDatadogValues {
  priority?: number;
  origin?: string;
  /** Propagated tags, alternating `_dd.p.<key>` and value, in header order. */
  tags: readonly string[];
}

// Our own trace states carry the values in a field: a WeakMap entry costs
// about 100 ns per extraction (ephemeron work in every GC). The WeakMap is
// for other TraceState implementations.
const rawValues = new WeakMap<TraceState, RawDatadogValues>();

export function attachRawValues(
  traceState: TraceState,
  values: RawDatadogValues
): void {
  if (traceState instanceof W3CTraceState) {
    // The shared empty instance belongs to no trace.
    if (traceState !== W3CTraceState.empty()) traceState._attached = values;
  } else {
    rawValues.set(traceState, values);
  }
}

export function getRawValues(
  traceState: TraceState | undefined
): RawDatadogValues | undefined {
  if (traceState === undefined) return undefined;
  if (traceState instanceof W3CTraceState) {
    return traceState._attached as RawDatadogValues | undefined;
  }
  return rawValues.get(traceState);
}
