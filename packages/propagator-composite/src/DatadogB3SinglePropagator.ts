/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import type { Context, SpanContext, TextMapSetter } from '@opentelemetry/api';
import { lastString, scanHex } from './internal/deps';
import { B3_CONTEXT_HEADER } from './constants';
import { b3Context, b3TraceId, parentSpanId } from './internal/b3';
import type { ExtractedContext } from './internal/context';
import type { HeaderReader } from './internal/HeaderReader';
import { StylePropagator } from './internal/StylePropagator';
import { readPriority } from './internal/state';

const FIELDS: readonly string[] = [B3_CONTEXT_HEADER];
/** `<32 hex>-<16 hex>-<flag>-<16 hex>`. */
const MAX_B3_LENGTH = 68;

/**
 * B3 single-header propagation (`b3`, styles `b3` and `b3 single header`)
 * with Datadog's mapping: `-d` (debug) is sampling priority 2, `-1` is 1,
 * `-0` is 0. Inject writes `<trace>-<span>-<1|0>[-<parent>]`, never `d`,
 * as dd-trace does.
 *
 * Based on: https://github.com/openzipkin/b3-propagation and dd-trace-js.
 */
export class DatadogB3SinglePropagator extends StylePropagator {
  constructor() {
    super('DatadogB3SinglePropagator', FIELDS);
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
   * @internal Writes the header; `context` (holding the span) supplies the
   * parent span id when the SDK exposes it.
   */
  injectSpanContext(
    spanContext: SpanContext,
    carrier: unknown,
    setter: TextMapSetter,
    context?: Context,
    priority: number = readPriority(spanContext)
  ): void {
    let header =
      b3TraceId(spanContext) +
      '-' +
      spanContext.spanId +
      (priority >= 1 ? '-1' : '-0');
    const parent = parentSpanId(context);
    if (parent !== undefined) header += '-' + parent;
    setter.set(carrier, B3_CONTEXT_HEADER, header);
  }

  /**
   * @internal Reads a context, or `undefined`. The whole value must be
   * `{16|32 hex}-{16 hex}[-{0|1|d}[-{16 hex}]]`; the parent is not read.
   * A bare `0`, `1` or `d` carries no ids and yields nothing.
   */
  extractContext(reader: HeaderReader): ExtractedContext | undefined {
    const header = lastString(reader.get(B3_CONTEXT_HEADER));
    if (header === undefined || header.length > MAX_B3_LENGTH) return undefined;
    const traceEnd = header.indexOf('-');
    if (traceEnd === -1) return undefined;
    const spanEnd = traceEnd + 17;
    if (header.length > spanEnd && header.charCodeAt(spanEnd) !== 0x2d) {
      return undefined;
    }
    let priority: number | undefined;
    let debug = false;
    if (header.length > spanEnd) {
      // `-<flag>`, then optionally `-<16 hex parent>` (not read).
      const rest = header.length - spanEnd;
      if (
        rest !== 2 &&
        (rest !== 19 ||
          header.charCodeAt(spanEnd + 2) !== 0x2d ||
          scanHex(header, spanEnd + 3, 16) < 0)
      ) {
        return undefined;
      }
      const flag = header.charCodeAt(spanEnd + 1);
      if (flag === 0x30 /* 0 */) priority = 0;
      else if (flag === 0x31 /* 1 */ || flag === 0x44 /* D */) priority = 1;
      else if (flag === 0x64 /* d */) {
        priority = 2;
        debug = true;
      } else return undefined;
    }
    return b3Context(
      header.slice(0, traceEnd),
      header.slice(traceEnd + 1, Math.min(spanEnd, header.length)),
      priority,
      debug
    );
  }
}
