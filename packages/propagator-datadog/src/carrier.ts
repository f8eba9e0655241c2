/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Reading header values the way dd-trace does: a single-valued header takes
// the last string of an array, a list header joins its strings with `,`.

import type { TextMapGetter } from '@opentelemetry/api';

/** At most this many carrier keys are scanned for a case-insensitive match. */
export const MAX_SCANNED_KEYS = 1024;

/** The last string of an array, the string itself, or `undefined`. */
export function lastString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    for (let i = value.length - 1; i >= 0; i--) {
      if (typeof value[i] === 'string') return value[i] as string;
    }
  }
  return undefined;
}

/**
 * The string itself, or the strings of an array joined with `,`. Returns
 * `null` as soon as the result would be longer than `maxLength`, so that
 * huge arrays are never joined.
 */
export function joinedString(
  value: unknown,
  maxLength: number
): string | undefined | null {
  if (typeof value === 'string') return value.length > maxLength ? null : value;
  if (!Array.isArray(value)) return undefined;
  let joined: string | undefined;
  for (const item of value) {
    if (typeof item !== 'string') continue;
    joined = joined === undefined ? item : joined + ',' + item;
    if (joined.length > maxLength) return null;
  }
  return joined;
}

/**
 * Maps the lowercase names in `names` to the carrier's own spelling of them,
 * through the getter's `keys`. Used when a carrier does not use lowercase
 * header names (for example API Gateway REST events).
 */
export function findKeysIgnoringCase<Carrier>(
  carrier: Carrier,
  getter: TextMapGetter<Carrier>,
  names: readonly string[]
): Map<string, string> | undefined {
  const keys = getter.keys(carrier);
  if (!Array.isArray(keys)) return undefined;
  let found: Map<string, string> | undefined;
  const limit = Math.min(keys.length, MAX_SCANNED_KEYS);
  for (let i = 0; i < limit; i++) {
    const key: unknown = keys[i];
    if (typeof key !== 'string' || key.length > 64) continue;
    const lower = key.toLowerCase();
    if (names.indexOf(lower) === -1) continue;
    if (found === undefined) found = new Map();
    if (!found.has(lower)) found.set(lower, key);
  }
  return found;
}
