/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// W3C baggage (`baggage` header) parsed and written with dd-trace's rules
// and limits. https://www.w3.org/TR/baggage/

/** RFC 7230 token characters (`tchar`). */
function isToken(value: string): boolean {
  if (value.length === 0) return false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (
      (code >= 0x30 && code <= 0x39) || // 0-9
      (code >= 0x41 && code <= 0x5a) || // A-Z
      (code >= 0x61 && code <= 0x7a) || // a-z
      "!#$%&'*+-.^_`|~".indexOf(value[i]) !== -1
    ) {
      continue;
    }
    return false;
  }
  return true;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

let utf8Decoder: InstanceType<typeof TextDecoder> | undefined;
let utf8Encoder: InstanceType<typeof TextEncoder> | undefined;

/**
 * Percent-decodes a value; bytes that are not valid UTF-8 become U+FFFD
 * (`%C3%28` → `\uFFFD(`) instead of failing.
 */
export function percentDecode(value: string): string {
  if (value.indexOf('%') === -1) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    // Fall through to the lenient decoder.
  }
  utf8Encoder ??= new TextEncoder();
  utf8Decoder ??= new TextDecoder('utf-8');
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0x25 && i + 2 < value.length) {
      const high = hexValue(value.charCodeAt(i + 1));
      const low = hexValue(value.charCodeAt(i + 2));
      if (high >= 0 && low >= 0) {
        bytes.push(high * 16 + low);
        i += 2;
        continue;
      }
    }
    if (code < 0x80) {
      bytes.push(code);
    } else {
      const char = String.fromCodePoint(value.codePointAt(i) as number);
      for (const byte of utf8Encoder.encode(char)) bytes.push(byte);
      i += char.length - 1;
    }
  }
  return utf8Decoder.decode(new Uint8Array(bytes));
}

/**
 * Parses a `baggage` header into key/value pairs (alternating), or
 * `undefined` when any member is malformed (the whole header is then
 * discarded) or nothing is found. Properties after `;` are ignored. Stops,
 * keeping what it has, at `maxItems` items or once members and their
 * commas exceed `maxBytes`.
 */
export function parseBaggage(
  header: string,
  maxItems: number,
  maxBytes: number
): string[] | undefined {
  // Reading stops past maxBytes anyway; never look further than that.
  if (header.length > maxBytes + 1) header = header.slice(0, maxBytes + 1);
  const entries: string[] = [];
  let byteCount = 0;
  let start = 0;
  while (start <= header.length) {
    if (entries.length / 2 >= maxItems) break;
    let end = header.indexOf(',', start);
    if (end === -1) end = header.length;
    byteCount += end - start + 1;
    if (byteCount > maxBytes) break;
    const member = header.slice(start, end);
    start = end + 1;
    if (member.length === 0) continue;
    const semicolon = member.indexOf(';');
    const pair = semicolon === -1 ? member : member.slice(0, semicolon);
    const equals = pair.indexOf('=');
    if (equals === -1) {
      if (pair.trim().length === 0) continue;
      return undefined;
    }
    const key = pair.slice(0, equals).trim();
    const value = pair.slice(equals + 1).trim();
    if (!isToken(key) || value.length === 0) return undefined;
    entries.push(key, percentDecode(value));
  }
  return entries.length > 0 ? entries : undefined;
}

/**
 * Serializes baggage entries as dd-trace does: keys trimmed and skipped
 * unless they are tokens, values percent-encoded, no properties; stops at
 * `maxItems` items or when the header (counting a comma after every item)
 * would exceed `maxBytes`.
 */
export function serializeBaggage(
  entries: Iterable<readonly [string, string]>,
  maxItems: number,
  maxBytes: number
): string {
  let header = '';
  let items = 0;
  for (const [rawKey, value] of entries) {
    const key = rawKey.trim();
    if (!isToken(key)) continue;
    let encoded: string;
    try {
      encoded = encodeURIComponent(value);
    } catch {
      continue; // a lone surrogate cannot be encoded
    }
    const item = key + '=' + encoded + ',';
    items++;
    if (items > maxItems || header.length + item.length > maxBytes) break;
    header += item;
  }
  return header.slice(0, -1);
}
