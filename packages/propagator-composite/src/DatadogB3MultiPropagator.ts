/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import type { Context, SpanContext, TextMapSetter } from '@opentelemetry/api';
import { lastString } from './internal/deps';
import {
  X_B3_FLAGS,
  X_B3_PARENT_SPAN_ID,
  X_B3_SAMPLED,
  X_B3_SPAN_ID,
  X_B3_TRACE_ID,
} from './constants';
import { b3Context, b3TraceId, parentSpanId } from './internal/b3';
import type { ExtractedContext } from './internal/context';
import type { HeaderReader } from './internal/HeaderReader';
import { StylePropagator } from './internal/StylePropagator';
import { readPriority } from './internal/state';

const FIELDS: readonly string[] = [
  X_B3_TRACE_ID,
  X_B3_SPAN_ID,
  X_B3_SAMPLED,
  X_B3_FLAGS,
  X_B3_PARENT_SPAN_ID,
];

/**
 * B3 multi-header propagation (`x-b3-*`, style `b3multi`) with Datadog's
 * mapping: `x-b3-flags: 1` (debug) is sampling priority 2 and is written
 * for priority 2; `x-b3-sampled` is `1` or `0`; 128-bit traces use 32-hex
 * trace ids. The Datadog priority rides in the `dd` tracestate member, so
 * it survives into Datadog and W3C headers.
 *
 * Based on: https://github.com/openzipkin/b3-propagation and dd-trace-js.
 */
export class DatadogB3MultiPropagator extends StylePropagator {
  constructor() {
    super('DatadogB3MultiPropagator', FIELDS);
  }

  protected _injectValid(
    spanContext: SpanContext,
    carrier: unknown,
    setter: TextMapSetter,
    context: Context
  ): void {
    this.injectSpanContext(spanContext, carrier, setter, context);
  }

  /**
   * @internal Writes the headers; `context` (holding the span) supplies
   * the parent span id when the SDK exposes it.
   */
  injectSpanContext(
    spanContext: SpanContext,
    carrier: unknown,
    setter: TextMapSetter,
    context?: Context,
    priority: number = readPriority(spanContext)
  ): void {
    setter.set(carrier, X_B3_TRACE_ID, b3TraceId(spanContext));
    setter.set(carrier, X_B3_SPAN_ID, spanContext.spanId);
    setter.set(carrier, X_B3_SAMPLED, priority >= 1 ? '1' : '0');
    if (priority > 1) setter.set(carrier, X_B3_FLAGS, '1');
    const parent = parentSpanId(context);
    if (parent !== undefined) setter.set(carrier, X_B3_PARENT_SPAN_ID, parent);
  }

  /** @internal Reads a context, or `undefined`. */
  extractContext(reader: HeaderReader): ExtractedContext | undefined {
    const traceId = lastString(reader.get(X_B3_TRACE_ID));
    const sampled = lastString(reader.get(X_B3_SAMPLED));
    const flags = lastString(reader.get(X_B3_FLAGS));
    if (traceId === undefined && sampled === undefined && flags === undefined) {
      return undefined;
    }
    const debug = flags === '1';
    let priority: number | undefined;
    if (debug) priority = 2;
    else if (sampled === '1') priority = 1;
    else if (sampled === '0') priority = 0;
    const spanId = lastString(reader.get(X_B3_SPAN_ID));
    return traceId === undefined || spanId === undefined
      ? undefined
      : b3Context(traceId, spanId, priority, debug);
  }
}
