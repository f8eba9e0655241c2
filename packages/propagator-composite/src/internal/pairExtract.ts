/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The default styles' common case in one step: Datadog headers and W3C
// headers of the same trace and span, agreeing on the sampling decision,
// with a `dd` tracestate member (as dd-trace sends them). The general path
// would build one ExtractedContext per style, merge the W3C one into the
// Datadog one and then translate the result; for this input that ends with
// the received trace state carrying DatadogPropagator's values and a note
// of the received `dd` member, which is built here directly. Any other
// input returns `undefined`, for the general path (the differential test
// in test/pairExtract.test.ts holds both to the same results).

import type { SpanContext } from '@opentelemetry/api';
import {
  attachRawValues,
  DATADOG_TRACE_STATE_KEY,
  joinedString,
  TraceFlags,
  W3CTraceState,
} from './deps';
import { TRACE_PARENT_HEADER, TRACE_STATE_HEADER } from '../constants';
import { getAttached, type AttachedState } from './context';
import type { HeaderReader } from './HeaderReader';
import { normalizeOtelMember } from './otelMember';
import {
  MAX_TRACE_STATE_LENGTH,
  parseTraceParent,
  uniqueString,
} from '../DatadogTraceContextPropagator';

/**
 * The span context the general path extracts for `datadog` (already read
 * by DatadogPropagator) followed by `tracecontext`, or `undefined` when
 * the input is not the common case.
 */
export function extractPair(
  datadog: SpanContext,
  reader: HeaderReader
): SpanContext | undefined {
  const attached = getAttached(datadog.traceState) as AttachedState | undefined;
  const priority = attached?.priority;
  if (
    attached === undefined ||
    attached.upstream !== undefined ||
    priority === undefined
  ) {
    return undefined;
  }
  const traceParentValue = uniqueString(reader.get(TRACE_PARENT_HEADER));
  if (traceParentValue === undefined) return undefined;
  const traceParent = parseTraceParent(traceParentValue);
  if (
    traceParent === undefined ||
    traceParent.traceId !== datadog.traceId ||
    traceParent.spanId !== datadog.spanId ||
    // A disagreement makes the decision manual (and drops `t.dm`).
    priority >= 1 !== traceParent.sampled
  ) {
    return undefined;
  }
  const traceStateValue = joinedString(
    reader.get(TRACE_STATE_HEADER),
    MAX_TRACE_STATE_LENGTH
  );
  if (typeof traceStateValue !== 'string') return undefined;
  const traceState = normalizeOtelMember(W3CTraceState.parse(traceStateValue));
  const member = traceState.get(DATADOG_TRACE_STATE_KEY);
  if (member === undefined || getAttached(traceState) !== undefined) {
    return undefined;
  }
  // DatadogPropagator's values, noted as having the received member.
  attached.upstream = {
    stateForm: true,
    member,
    version: traceParent.version === '00' ? undefined : traceParent.version,
    traceId128: false,
  };
  attachRawValues(traceState, attached);
  return {
    traceId: datadog.traceId,
    spanId: datadog.spanId,
    traceFlags: priority > 0 ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
    traceState,
  };
}
