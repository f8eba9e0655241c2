/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import { isPlainObject, type PlainObject } from './plainData';

/**
 * Parses JSON text of at most `maxLength` characters whose value is an
 * object; anything else (not a string, too long, invalid, not an object)
 * gives undefined. `JSON.parse` creates own data properties only, so a
 * `__proto__` key stays an ordinary key.
 */
export function parseJsonObject(
  text: unknown,
  maxLength: number
): PlainObject | undefined {
  if (typeof text !== 'string' || text.length > maxLength) return undefined;
  // Cheap rejection of bodies that cannot be an object (plain text, arrays).
  let start = 0;
  while (start < text.length && text.charCodeAt(start) <= 0x20) start++;
  if (text.charCodeAt(start) !== 0x7b /* { */) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isPlainObject(value) ? value : undefined;
}

/**
 * Base64 to a string of one character per byte. `atob` does it without a
 * Buffer (far cheaper, and nothing for the GC to track); it gives the same
 * result as Buffer whenever it accepts the text, and throws otherwise: then
 * Buffer's lenient decoding (URL-safe alphabet, stray characters) decides.
 */
function decodeBase64(text: string): string {
  try {
    return atob(text);
  } catch {
    return Buffer.from(text, 'base64').toString('latin1');
  }
}

/**
 * Decodes base64 text of at most `maxBase64Length` characters and parses the
 * result as a JSON object. Bytes are read one per character, as Datadog
 * does: the carriers are ASCII.
 */
export function parseBase64JsonObject(
  text: unknown,
  maxBase64Length: number
): PlainObject | undefined {
  if (typeof text !== 'string' || text.length > maxBase64Length) {
    return undefined;
  }
  return parseJsonObject(decodeBase64(text), maxBase64Length);
}
