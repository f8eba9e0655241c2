/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Id conversions between OpenTelemetry (lowercase hex) and Datadog (unsigned
// decimal, upper 64 bits of a trace id in `_dd.p.tid`). Plain numbers split
// into 32-bit halves: no BigInt on the hot path.

import type { SpanContext } from '@opentelemetry/api';

const TWO_POW_32 = 4294967296;
const ZERO_16 = '0000000000000000';

/** An id in Datadog's form: low 64 bits as decimal, upper 64 bits as hex. */
export interface DatadogTraceId {
  /** Unsigned decimal of the low 64 bits, as in `x-datadog-trace-id`. */
  traceId: string;
  /** The upper 64 bits as 16 lowercase hex, as in `_dd.p.tid`. */
  tid: string;
}

// Number#toString(16) and String(number) are slow for numbers over 2^31
// (and V8 caches their results, which flatters benchmarks that repeat one
// id): ids are written with String.fromCharCode from small lookup tables.

/** Character codes of the lowercase hex digits. */
const HEX_CODES = new Uint8Array([
  48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102,
]);
/** Value of each ASCII hex digit (either case); -1 for other characters. */
const HEX_VALUES = new Int8Array(128).fill(-1);
// Local constants: exported ones are read from `exports` at every use.
const NON_ZERO = 1;
const UPPERCASE = 2;
/** Bits of a {@link scanHex} result: a digit is not `0`. */
export const HEX_NON_ZERO = NON_ZERO;
/** Bits of a {@link scanHex} result: a digit is an uppercase letter. */
export const HEX_UPPERCASE = UPPERCASE;
/** Per ASCII code: HEX_DIGIT, HEX_NON_ZERO and HEX_UPPERCASE bits. */
const HEX_DIGIT = 4;
const HEX_KINDS = new Uint8Array(128);
/** Character codes of the tens and units digits of 0-99. */
const TENS_CODES = new Uint8Array(100);
const UNITS_CODES = new Uint8Array(100);
for (let i = 0; i < 16; i++) {
  const code = HEX_CODES[i];
  HEX_VALUES[code] = i;
  HEX_KINDS[code] = i === 0 ? HEX_DIGIT : HEX_DIGIT | NON_ZERO;
  if (i >= 10) {
    HEX_VALUES[code - 32] = i;
    HEX_KINDS[code - 32] = HEX_DIGIT | NON_ZERO | UPPERCASE;
  }
}
for (let i = 0; i < 100; i++) {
  TENS_CODES[i] = 48 + Math.floor(i / 10);
  UNITS_CODES[i] = 48 + (i % 10);
}

/** 16 lowercase hex digits of the uint64 `hi * 2^32 + lo`. */
function hex16(hi: number, lo: number): string {
  return String.fromCharCode(
    HEX_CODES[hi >>> 28],
    HEX_CODES[(hi >>> 24) & 15],
    HEX_CODES[(hi >>> 20) & 15],
    HEX_CODES[(hi >>> 16) & 15],
    HEX_CODES[(hi >>> 12) & 15],
    HEX_CODES[(hi >>> 8) & 15],
    HEX_CODES[(hi >>> 4) & 15],
    HEX_CODES[hi & 15],
    HEX_CODES[lo >>> 28],
    HEX_CODES[(lo >>> 24) & 15],
    HEX_CODES[(lo >>> 20) & 15],
    HEX_CODES[(lo >>> 16) & 15],
    HEX_CODES[(lo >>> 12) & 15],
    HEX_CODES[(lo >>> 8) & 15],
    HEX_CODES[(lo >>> 4) & 15],
    HEX_CODES[lo & 15]
  );
}

/**
 * Unsigned decimal of the uint64 `hi * 2^32 + lo` (both uint32), without
 * leading zeros.
 */
function uint64ToDecimal(hi: number, lo: number): string {
  // value = q * 10^6 + r, q < 2^64 / 10^6 < 2^53; then q = qh * 10^7 + ql.
  // Every intermediate stays below 2^53, so the arithmetic is exact.
  const hiQuotient = Math.floor(hi / 1e6);
  const mixed = (hi - hiQuotient * 1e6) * TWO_POW_32 + lo;
  const loQuotient = Math.floor(mixed / 1e6);
  const q = hiQuotient * TWO_POW_32 + loQuotient;
  const qh = Math.floor(q / 1e7) | 0; // 7 digits (at most 1844674)
  const ql = (q - qh * 1e7) | 0; // 7 digits
  const r = (mixed - loQuotient * 1e6) | 0; // 6 digits
  // Pairs of digits, most significant first: qh = a3 a2 a1 a0 (a3 and b3
  // one digit), ql = b3 b2 b1 b0, r = c2 c1 c0.
  let x = (qh / 100) | 0;
  const a0 = qh - x * 100;
  let y = (x / 100) | 0;
  const a1 = x - y * 100;
  x = (y / 100) | 0;
  const a2 = y - x * 100;
  const a3 = x;
  x = (ql / 100) | 0;
  const b0 = ql - x * 100;
  y = (x / 100) | 0;
  const b1 = x - y * 100;
  x = (y / 100) | 0;
  const b2 = y - x * 100;
  const b3 = x;
  x = (r / 100) | 0;
  const c0 = r - x * 100;
  y = (x / 100) | 0;
  const c1 = x - y * 100;
  const c2 = y;
  const digits = String.fromCharCode(
    UNITS_CODES[a3],
    TENS_CODES[a2],
    UNITS_CODES[a2],
    TENS_CODES[a1],
    UNITS_CODES[a1],
    TENS_CODES[a0],
    UNITS_CODES[a0],
    UNITS_CODES[b3],
    TENS_CODES[b2],
    UNITS_CODES[b2],
    TENS_CODES[b1],
    UNITS_CODES[b1],
    TENS_CODES[b0],
    UNITS_CODES[b0],
    TENS_CODES[c2],
    UNITS_CODES[c2],
    TENS_CODES[c1],
    UNITS_CODES[c1],
    TENS_CODES[c0],
    UNITS_CODES[c0]
  );
  if (qh >= 1000000) return digits;
  let start = 1;
  while (start < 19 && digits.charCodeAt(start) === 48) start++;
  return digits.slice(start);
}

/** Reads 8 hex digits at `offset`; -1 when any of them is not hex. */
function readHex8(hex: string, offset: number): number {
  let value = 0;
  for (let i = offset; i < offset + 8; i++) {
    const code = hex.charCodeAt(i);
    // Out of range, charCodeAt gives NaN and the comparison is false.
    const digit = hexDigitValue(code);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/**
 * `hex` in lowercase: the same string when it has no uppercase letter
 * (String#toLowerCase costs far more than this scan).
 */
export function lowerCaseHex(hex: string): string {
  for (let i = 0; i < hex.length; i++) {
    const code = hex.charCodeAt(i);
    if (code >= 65 && code <= 90) return hex.toLowerCase();
  }
  return hex;
}

/**
 * Checks `length` hex digits (either case) of `value` at `offset`. Returns
 * -1 when one is not hex (or the value is too short), else a bit set:
 * HEX_NON_ZERO when a digit is not `0`, HEX_UPPERCASE when a digit is an
 * uppercase letter. Branch-free over the digits (random hex defeats branch
 * prediction). The one hex scanner of every package.
 */
export function scanHex(value: string, offset: number, length: number): number {
  let all = HEX_DIGIT;
  let any = 0;
  const end = offset + length;
  for (let i = offset; i < end; i++) {
    // Past the end charCodeAt gives NaN, and codes past 127 read as
    // undefined: both count as 0, not hex.
    const kind = HEX_KINDS[value.charCodeAt(i)] | 0;
    all &= kind;
    any |= kind;
  }
  return all === 0 ? -1 : any & (NON_ZERO | UPPERCASE);
}

/** The value of a hex digit's character code (either case); -1 if none. */
export function hexDigitValue(code: number): number {
  return code < 128 ? HEX_VALUES[code] : -1;
}

/**
 * OpenTelemetry's `isSpanContextValid` (ids of 32 and 16 hex digits in
 * either case, not all zeros) without its regular expressions.
 */
export function isValidSpanContext(spanContext: SpanContext): boolean {
  const { traceId, spanId } = spanContext;
  return (
    typeof traceId === 'string' &&
    typeof spanId === 'string' &&
    traceId.length === 32 &&
    spanId.length === 16 &&
    // -1: not hex; 0: all zeros.
    scanHex(traceId, 0, 32) > 0 &&
    scanHex(spanId, 0, 16) > 0
  );
}

/** True when `value` is exactly `length` hex digits (either case). */
export function isHex(value: string, length: number): boolean {
  return value.length === length && scanHex(value, 0, length) >= 0;
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
  for (let i = 0; i < split; i++) {
    const digit = decimal.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    high = high * 10 + digit;
  }
  let low = 0;
  for (let i = split; i < length; i++) {
    const digit = decimal.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    low = low * 10 + digit;
  }
  if (high === 0) return hex16(0, low);
  const highHi = Math.floor(high / TWO_POW_32);
  const highLo = high - highHi * TWO_POW_32;
  const mixed = highLo * 1e6 + low;
  const carry = Math.floor(mixed / TWO_POW_32);
  const lo = mixed - carry * TWO_POW_32;
  const hi = highHi * 1e6 + carry;
  if (hi >= TWO_POW_32) return undefined;
  return hex16(hi, lo);
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
  return uint64ToDecimal(hi, lo);
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
    high = lowerCaseHex(tid);
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
  if (
    decimal === undefined ||
    readHex8(traceId, 0) < 0 ||
    readHex8(traceId, 8) < 0
  ) {
    return undefined;
  }
  return { traceId: decimal, tid: lowerCaseHex(traceId.slice(0, 16)) };
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
