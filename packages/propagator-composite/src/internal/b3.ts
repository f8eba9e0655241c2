/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import type { Context, SpanContext } from '@opentelemetry/api';
import { HEX_UPPERCASE, isHex, scanHex, trace } from './deps';
import { ExtractedContext, getUpstream } from './context';

const ZERO_16 = '0000000000000000';

/**
 * A context from B3 ids found in `value` (16 or 32 hex trace id at
 * `traceStart`, 16 hex span id at `spanStart`, either case), or
 * `undefined` when they are not usable. dd-trace turns a B3 sampling
 * decision without usable ids into a "sampling-only" context with no span
 * id; OpenTelemetry has no such context, so none is returned.
 */
export function b3Context(
  traceValue: string,
  spanValue: string,
  priority: number | undefined,
  debug: boolean
): ExtractedContext | undefined {
  const traceLength = traceValue.length;
  if (traceLength !== 16 && traceLength !== 32) return undefined;
  const traceScan = scanHex(traceValue, 0, traceLength);
  const spanScan = spanValue.length === 16 ? scanHex(spanValue, 0, 16) : -1;
  // -1: not hex; 0: all zeros.
  if (traceScan < 1 || spanScan < 1) return undefined;
  let traceId =
    (traceScan & HEX_UPPERCASE) !== 0 ? traceValue.toLowerCase() : traceValue;
  if (traceLength === 16) traceId = ZERO_16 + traceId;
  const spanId =
    (spanScan & HEX_UPPERCASE) !== 0 ? spanValue.toLowerCase() : spanValue;
  const context = ExtractedContext.of(
    traceId,
    spanId,
    priority,
    traceLength === 32
  );
  context.manual = debug;
  return context;
}

/**
 * B3 trace id: 16 hex for 64-bit traces (upper half zero, and not received
 * as 128 bits), else 32.
 */
export function b3TraceId(spanContext: SpanContext): string {
  const lower = spanContext.traceId;
  if (!lower.startsWith(ZERO_16)) return lower;
  return getUpstream(spanContext.traceState)?.traceId128 === true
    ? lower
    : lower.slice(16);
}

/**
 * The parent span id of the span in `context`, for `x-b3-parentspanid`.
 * The API has no such field; SDK spans expose `parentSpanContext` (2.x) or
 * `parentSpanId` (1.x) and are read when present.
 */
export function parentSpanId(context: Context | undefined): string | undefined {
  if (context === undefined) return undefined;
  const span = trace.getSpan(context) as
    | {
        parentSpanContext?: { spanId?: unknown };
        parentSpanId?: unknown;
      }
    | undefined;
  if (span === undefined) return undefined;
  const id = span.parentSpanContext?.spanId ?? span.parentSpanId;
  return typeof id === 'string' && isHex(id, 16) && id !== ZERO_16
    ? id.toLowerCase()
    : undefined;
}
