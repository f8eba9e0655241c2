/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/** Hex digit values by char code (either case); -1 for anything else. */
export const HEX_VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX_VALUES[48 + i] = i;
for (let i = 0; i < 6; i++) HEX_VALUES[65 + i] = HEX_VALUES[97 + i] = 10 + i;

/** Bits of a {@link scanHex} result. */
export const HEX_NON_ZERO = 1;
export const HEX_UPPERCASE = 2;

// Lookup tables indexed by char code; codes past 127 read as 0.
const VALID = new Uint8Array(128);
const NON_ZERO = new Uint8Array(128);
const UPPERCASE = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  if (HEX_VALUES[code] < 0) continue;
  VALID[code] = 1;
  if (code !== 48) NON_ZERO[code] = HEX_NON_ZERO;
  if (code >= 65 && code <= 70) UPPERCASE[code] = HEX_UPPERCASE;
}

/**
 * Checks `length` hex digits of `value` at `offset`. Returns -1 when one is
 * not hex, else a bit set: HEX_NON_ZERO when a digit is not 0,
 * HEX_UPPERCASE when a digit is an uppercase letter. Branch-free loop.
 */
export function scanHex(value: string, offset: number, length: number): number {
  let valid = 0;
  let flags = 0;
  const end = offset + length;
  for (let i = offset; i < end; i++) {
    const code = value.charCodeAt(i);
    valid += VALID[code] | 0;
    flags |= NON_ZERO[code] | 0 | (UPPERCASE[code] | 0);
  }
  return valid === length ? flags : -1;
}
