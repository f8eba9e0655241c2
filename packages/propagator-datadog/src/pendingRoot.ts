/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Datadog Synthetics sends `x-datadog-parent-id: 0`: a trace id with no
// parent span, so the service's span must be the root of that trace. OTel
// has no valid span context for that, so extraction leaves a PendingRoot
// in the context instead; DatadogIdGenerator gives its trace id to the next
// root span and DatadogSampler gives that span the Datadog decision and state.

import {
  createContextKey,
  type Context,
  type TraceState,
} from '@opentelemetry/api';

const PENDING_ROOT_KEY = createContextKey(
  '@otel-dd/propagator-datadog pending root'
);

/** A trace to continue with a new root span (parent id `0` received). */
export class PendingRoot {
  /** Set once a root span has taken the trace id: it is used once. */
  consumed = false;

  constructor(
    /** 32 lowercase hex, valid. */
    readonly traceId: string,
    /** Datadog's decision: sampling priority > 0. */
    readonly sampled: boolean,
    /** The `dd` member (priority, origin, tags) for the root span. */
    readonly traceState: TraceState | undefined
  ) {}
}

export function getPendingRoot(context: Context): PendingRoot | undefined {
  const value = context.getValue(PENDING_ROOT_KEY);
  return value instanceof PendingRoot ? value : undefined;
}

/**
 * Records the pending root in the context, and hands it to the id generator
 * for the rest of this synchronous job (see {@link takeHandedOffRoot}).
 */
export function setPendingRoot(context: Context, root: PendingRoot): Context {
  if (handoffEnabled) {
    handedOff = root;
    // Instrumentations start the entry span right after extracting; past
    // this job the record is no one's, so it must not reach a later span.
    queueMicrotask(() => {
      if (handedOff === root) handedOff = undefined;
    });
  }
  return context.setValue(PENDING_ROOT_KEY, root);
}

// The SDK calls `generateTraceId()` without the context the span starts in,
// and instrumentation-http passes the extracted context to `startSpan`
// without making it active. So extraction also leaves the record here, for
// the first root span started in the same synchronous job. Off until a
// DatadogIdGenerator exists, so that nothing changes for other users.
let handoffEnabled = false;
let handedOff: PendingRoot | undefined;

/** Called by DatadogIdGenerator: extraction starts handing off records. */
export function enablePendingRootHandoff(): void {
  handoffEnabled = true;
}

/** The record handed off by the last extraction, once; else undefined. */
export function takeHandedOffRoot(): PendingRoot | undefined {
  const root = handedOff;
  handedOff = undefined;
  return root;
}
