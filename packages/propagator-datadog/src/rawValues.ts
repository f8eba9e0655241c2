/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The `dd` tracestate member cannot hold every value Datadog headers carry:
// its escaping turns `;`, `,`, `~` and non-ASCII into `_`, and it is capped
// at 256 characters while x-datadog-tags may have 512. When extraction loses
// something that way, the exact values are kept beside the trace state
// object they belong to. The SDK hands that same (immutable) object to every
// child span, so inject finds them; any change to the trace state makes a
// new object, and then the member alone is used.

import type { TraceState } from '@opentelemetry/api';

/** Exact Datadog values for one trace state object. */
export interface RawDatadogValues {
  priority?: number;
  origin?: string;
  /** Propagated tags, alternating `_dd.p.<key>` and value, in header order. */
  tags: readonly string[];
}

const rawValues = new WeakMap<TraceState, RawDatadogValues>();

export function attachRawValues(
  traceState: TraceState,
  values: RawDatadogValues
): void {
  rawValues.set(traceState, values);
}

export function getRawValues(
  traceState: TraceState | undefined
): RawDatadogValues | undefined {
  return traceState === undefined ? undefined : rawValues.get(traceState);
}
