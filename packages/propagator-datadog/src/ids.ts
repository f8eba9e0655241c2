/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Id conversions between OpenTelemetry (lowercase hex) and Datadog (unsigned
// decimal, upper 64 bits of a trace id in `_dd.p.tid`). Plain numbers split
// into 32-bit halves: no BigInt on the hot path.

const TWO_POW_32 = 4294967296;
/** Below this upper half, `hi * 2^32 + lo` is an exact JavaScript number. */
const EXACT_HIGH_LIMIT = 0x200000;
const ZERO_16 = '0000000000000000';

/** An id in Datadog's form: low 64 bits as decimal, upper 64 bits as hex. */
export interface DatadogTraceId {
  /** Unsigned decimal of the low 64 bits, as in `x-datadog-trace-id`. */
  traceId: string;
  /** The upper 64 bits as 16 lowercase hex, as in `_dd.p.tid`. */
  tid: string;
}

function hex8(value: number): string {
  const hex = value.toString(16);
  return hex.length === 8 ? hex : '00000000'.slice(hex.length) + hex;
}

/** Reads 8 hex digits at `offset`; -1 when any of them is not hex. */
function readHex8(hex: string, offset: number): number {
  let value = 0;
  for (let i = offset; i < offset + 8; i++) {
    const code = hex.charCodeAt(i);
    let digit: number;
    if (code >= 48 && code <= 57) digit = code - 48;
    else if (code >= 97 && code <= 102) digit = code - 87;
    else if (code >= 65 && code <= 70) digit = code - 55;
    else return -1;
    value = value * 16 + digit;
  }
  return value;
}

/** True when `value` is exactly `length` hex digits (either case). */
export function isHex(value: string, length: number): boolean {
  if (value.length !== length) return false;
  for (let i = 0; i < length; i++) {
    const code = value.charCodeAt(i) | 0x20;
    if (!((code >= 48 && code <= 57) || (code >= 97 && code <= 102))) {
      return false;
    }
  }
  return true;
}

/**
 * Converts a Datadog decimal id to 16 lowercase hex digits. Strict: only
 * 1 to 20 ASCII digits within uint64 are accepted; anything else (signs,
 * spaces, out of range) gives `undefined`. Zero converts to 16 zeros: the
 * caller decides whether zero is valid.
 */
export function decimalIdToHex(decimal: string): string | undefined {
  const length = decimal.length;
  if (length === 0 || length > 20) return undefined;
  // Up to 14 leading digits in `high`, the last 6 in `low`, so that each
  // step below stays within 2^53.
  const split = length > 6 ? length - 6 : 0;
  let high = 0;
  let low = 0;
  for (let i = 0; i < length; i++) {
    const digit = decimal.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    if (i < split) high = high * 10 + digit;
    else low = low * 10 + digit;
  }
  if (high === 0) {
    return '00000000' + hex8(low);
  }
  const highHi = Math.floor(high / TWO_POW_32);
  const highLo = high - highHi * TWO_POW_32;
  const mixed = highLo * 1e6 + low;
  const carry = Math.floor(mixed / TWO_POW_32);
  const lo = mixed - carry * TWO_POW_32;
  const hi = highHi * 1e6 + carry;
  if (hi >= TWO_POW_32) return undefined;
  return hex8(hi) + hex8(lo);
}

/**
 * Converts 16 hex digits, starting at `offset` of `hex`, to Datadog's
 * unsigned decimal. Returns `undefined` for non-hex input.
 */
export function hexIdToDecimal(hex: string, offset = 0): string | undefined {
  if (hex.length < offset + 16) return undefined;
  const hi = readHex8(hex, offset);
  const lo = readHex8(hex, offset + 8);
  if (hi < 0 || lo < 0) return undefined;
  if (hi < EXACT_HIGH_LIMIT) return String(hi * TWO_POW_32 + lo);
  // Divide by 10^6 once: the quotient then fits in 2^53.
  const hiRemainder = hi % 1e6;
  const hiQuotient = (hi - hiRemainder) / 1e6;
  const mixed = hiRemainder * TWO_POW_32 + lo;
  const loQuotient = Math.floor(mixed / 1e6);
  const remainder = mixed - loQuotient * 1e6;
  const quotient = hiQuotient * TWO_POW_32 + loQuotient;
  const digits = String(remainder);
  return String(quotient) + '000000'.slice(digits.length) + digits;
}

/**
 * Builds an OpenTelemetry trace id (32 lowercase hex) from Datadog's decimal
 * low 64 bits and optional `_dd.p.tid`. Returns `undefined` when the decimal
 * is invalid, the tid is not 16 hex, or the whole id would be zero.
 */
export function datadogToOtelTraceId(
  decimal: string,
  tid?: string
): string | undefined {
  const low = decimalIdToHex(decimal);
  if (low === undefined) return undefined;
  let high = ZERO_16;
  if (tid !== undefined) {
    if (!isHex(tid, 16)) return undefined;
    high = tid.toLowerCase();
  }
  const traceId = high + low;
  return traceId === ZERO_16 + ZERO_16 ? undefined : traceId;
}

/**
 * Splits an OpenTelemetry trace id (32 hex) into Datadog's decimal low 64
 * bits and the 16-hex upper half. Returns `undefined` for non-hex input.
 */
export function otelToDatadogTraceId(
  traceId: string
): DatadogTraceId | undefined {
  if (traceId.length !== 32) return undefined;
  const decimal = hexIdToDecimal(traceId, 16);
  if (decimal === undefined || !isHex(traceId, 32)) return undefined;
  return { traceId: decimal, tid: traceId.slice(0, 16).toLowerCase() };
}

/** Datadog decimal span id to OpenTelemetry's 16 hex; zero is `undefined`. */
export function datadogToOtelSpanId(decimal: string): string | undefined {
  const hex = decimalIdToHex(decimal);
  return hex === ZERO_16 ? undefined : hex;
}

/** OpenTelemetry span id (16 hex) to Datadog's decimal. */
export function otelToDatadogSpanId(spanId: string): string | undefined {
  return spanId.length === 16 ? hexIdToDecimal(spanId) : undefined;
}
