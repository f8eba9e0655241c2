/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import {
  diag,
  isSpanContextValid,
  SamplingDecision,
  trace,
  TraceFlags,
  type Attributes,
  type Context,
  type Link,
  type Sampler,
  type SamplingResult,
  type SpanKind,
} from '@opentelemetry/api';
import { getPendingRoot } from './pendingRoot';

/**
 * An OpenTelemetry `Sampler` for the root span that continues a Datadog
 * trace received with `x-datadog-parent-id: 0` (see DatadogIdGenerator):
 * that span is kept or dropped as Datadog decided (priority > 0 keeps) and
 * gets the `dd` trace state (priority, origin, propagated tags), so its
 * children and outgoing headers carry them. Every other span is sampled by
 * the wrapped sampler; by default ParentBased(AlwaysOn): follow a valid
 * parent's sampled flag, keep root spans.
 */
export class DatadogSampler implements Sampler {
  constructor(private readonly _delegate?: Sampler) {}

  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[]
  ): SamplingResult {
    try {
      const root = getPendingRoot(context);
      // Only the span that took the pending trace id (the generator marks
      // it consumed), and only as a root.
      if (root?.consumed === true && root.traceId === traceId) {
        const parent = trace.getSpanContext(context);
        if (parent === undefined || !isSpanContextValid(parent)) {
          return {
            decision: root.sampled
              ? SamplingDecision.RECORD_AND_SAMPLED
              : SamplingDecision.NOT_RECORD,
            traceState: root.traceState,
          };
        }
      }
      if (this._delegate !== undefined) {
        return this._delegate.shouldSample(
          context,
          traceId,
          spanName,
          spanKind,
          attributes,
          links
        );
      }
    } catch (error) {
      diag.debug('DatadogSampler: sampling failed', error);
    }
    return parentBasedAlwaysOn(context);
  }

  toString(): string {
    return `DatadogSampler{${
      this._delegate?.toString() ?? 'ParentBased{root=AlwaysOnSampler}'
    }}`;
  }
}

/** The SDK's default sampler, ParentBased(AlwaysOn). */
function parentBasedAlwaysOn(context: Context): SamplingResult {
  const parent = trace.getSpanContext(context);
  if (
    parent === undefined ||
    !isSpanContextValid(parent) ||
    (parent.traceFlags & TraceFlags.SAMPLED) !== 0
  ) {
    return { decision: SamplingDecision.RECORD_AND_SAMPLED };
  }
  return { decision: SamplingDecision.NOT_RECORD };
}
