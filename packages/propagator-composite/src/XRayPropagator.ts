/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import type { SpanContext, TextMapSetter } from '@opentelemetry/api';
import { isHex, lastString } from './internal/deps';
import { X_AMZN_TRACE_ID } from './constants';
import { ExtractedContext } from './internal/context';
import type { HeaderReader } from './internal/HeaderReader';
import { StylePropagator } from './internal/StylePropagator';
import { isSampled } from './internal/state';

const FIELDS: readonly string[] = [X_AMZN_TRACE_ID];
/** Longest header read; X-Ray allows some extra fields after the ids. */
const MAX_HEADER_LENGTH = 2048;
const ZERO_16 = '0000000000000000';

/**
 * AWS X-Ray propagation (`X-Amzn-Trace-Id: Root=1-<8 hex>-<24 hex>;
 * Parent=<16 hex>;Sampled=<0|1>`), with the behaviour of
 * `@opentelemetry/propagator-aws-xray`: the header is found in any letter
 * case, and a header without `Sampled=0|1` is ignored. Written here rather
 * than depending on that package because no release of it fits both
 * OpenTelemetry release lines (2.x peers API < 1.10, 3.x needs Node >=
 * 22.15).
 *
 * Based on: https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader
 */
export class XRayPropagator extends StylePropagator {
  constructor() {
    super('XRayPropagator', FIELDS);
  }

  protected _injectValid(
    spanContext: SpanContext,
    carrier: unknown,
    setter: TextMapSetter
  ): void {
    this.injectSpanContext(spanContext, carrier, setter);
  }

  /** @internal */
  injectSpanContext(
    spanContext: SpanContext,
    carrier: unknown,
    setter: TextMapSetter
  ): void {
    const traceId = spanContext.traceId.toLowerCase();
    setter.set(
      carrier,
      X_AMZN_TRACE_ID,
      `Root=1-${traceId.slice(0, 8)}-${traceId.slice(8)};Parent=${spanContext.spanId.toLowerCase()};Sampled=${isSampled(spanContext) ? '1' : '0'}`
    );
  }

  /** @internal Reads a context, or `undefined`. */
  extractContext(reader: HeaderReader): ExtractedContext | undefined {
    const header = lastString(reader.get(X_AMZN_TRACE_ID));
    if (header === undefined || header.length > MAX_HEADER_LENGTH) {
      return undefined;
    }
    let traceId: string | undefined;
    let spanId: string | undefined;
    let sampled: boolean | undefined;
    let start = 0;
    while (start < header.length) {
      let end = header.indexOf(';', start);
      if (end === -1) end = header.length;
      const part = header.slice(start, end).trim();
      start = end + 1;
      const equals = part.indexOf('=');
      if (equals === -1) continue;
      const key = part.slice(0, equals);
      const value = part.slice(equals + 1);
      if (key === 'Root') traceId = parseRoot(value);
      else if (key === 'Parent') {
        spanId = isHex(value, 16) ? value.toLowerCase() : undefined;
      } else if (key === 'Sampled') {
        sampled = value === '1' ? true : value === '0' ? false : undefined;
      }
    }
    if (
      traceId === undefined ||
      spanId === undefined ||
      sampled === undefined ||
      spanId === ZERO_16
    ) {
      return undefined;
    }
    return ExtractedContext.of(traceId, spanId, sampled ? 1 : 0, true);
  }
}

/** `1-<8 hex>-<24 hex>` to a 32-hex trace id. */
function parseRoot(value: string): string | undefined {
  if (
    value.length !== 35 ||
    value.charCodeAt(0) !== 0x31 ||
    value.charCodeAt(1) !== 0x2d ||
    value.charCodeAt(10) !== 0x2d
  ) {
    return undefined;
  }
  const traceId = (value.slice(2, 10) + value.slice(11)).toLowerCase();
  return isHex(traceId, 32) && traceId !== ZERO_16 + ZERO_16
    ? traceId
    : undefined;
}
