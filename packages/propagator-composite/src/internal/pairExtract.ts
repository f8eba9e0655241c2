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
  HEX_UPPERCASE,
  hexDigitValue,
  joinedString,
  scanHex,
  TraceFlags,
  W3CTraceState,
} from './deps';
import { TRACE_PARENT_HEADER, TRACE_STATE_HEADER } from '../constants';
import { getAttached, type AttachedState } from './context';
import type { HeaderReader } from './HeaderReader';
import { normalizeOtelMember } from './otelMember';
import {
  MAX_TRACE_STATE_LENGTH,
  uniqueString,
} from '../DatadogTraceContextPropagator';

/**
 * The sampled flag (0 or 1) of a `traceparent` that is exactly
 * `vv-<traceId>-<spanId>-ff` in lowercase, with a version other than
 * `ff`, or -1 (for the general path, which also reads other forms).
 * The ids are compared where they stand: `indexOf` matches a run of
 * characters in one builtin call, where slicing them out and comparing
 * the slices costs several times more.
 */
function pairTraceParent(
  value: string,
  traceId: string,
  spanId: string
): number {
  if (
    value.length !== 55 ||
    value.charCodeAt(2) !== 0x2d ||
    value.charCodeAt(35) !== 0x2d ||
    value.charCodeAt(52) !== 0x2d
  ) {
    return -1;
  }
  const version = scanHex(value, 0, 2);
  const flags = scanHex(value, 53, 2);
  if (
    version < 0 ||
    flags < 0 ||
    ((version | flags) & HEX_UPPERCASE) !== 0 ||
    (value.charCodeAt(0) === 0x66 && value.charCodeAt(1) === 0x66) ||
    value.indexOf(traceId, 3) !== 3 ||
    value.indexOf(spanId, 36) !== 36
  ) {
    return -1;
  }
  return hexDigitValue(value.charCodeAt(54)) & 1;
}

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
  const sampled = pairTraceParent(
    traceParentValue,
    datadog.traceId,
    datadog.spanId
  );
  // A disagreement on the decision makes it manual (and drops `t.dm`).
  if (sampled < 0 || (priority >= 1 ? 1 : 0) !== sampled) return undefined;
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
    version:
      traceParentValue.charCodeAt(0) === 0x30 &&
      traceParentValue.charCodeAt(1) === 0x30
        ? undefined
        : traceParentValue.slice(0, 2),
    traceId128: false,
    pairChecked: undefined,
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
