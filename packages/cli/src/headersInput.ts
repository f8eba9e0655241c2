/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Headers as users paste them: a JSON object, or `Name: value` lines as
// copied from `curl -v` or a browser, or repeated `-H 'Name: value'`.

import { UsageError } from './UsageError';

/** Header names lowercased; repeated headers keep every value. */
export type HeaderMap = Record<string, string | string[]>;

/** Longest input read, far above any real header block. */
export const MAX_INPUT_LENGTH = 1024 * 1024;

function addHeader(headers: HeaderMap, name: string, value: string): void {
  const key = name.trim().toLowerCase();
  if (key.length === 0) throw new UsageError('a header has an empty name');
  if (key === '__proto__' || key === 'constructor' || key === 'prototype')
    return;
  const existing = Object.prototype.hasOwnProperty.call(headers, key)
    ? headers[key]
    : undefined;
  if (existing === undefined) headers[key] = value;
  // Appended in place: copying the values each time is quadratic.
  else if (Array.isArray(existing)) existing.push(value);
  else headers[key] = [existing, value];
}

/** One `Name: value` line; `curl -v` prefixes (`> `, `< `) are removed. */
function parseLine(headers: HeaderMap, line: string): void {
  let text = line.replace(/\r$/, '');
  if (text.startsWith('> ') || text.startsWith('< ')) text = text.slice(2);
  if (text.trim().length === 0) return;
  // Request and status lines of curl -v output carry no header.
  if (/^(HTTP\/|[A-Z]+ \S+ HTTP\/)/.test(text)) return;
  if (text.startsWith('*') || text === '>' || text === '<') return;
  const colon = text.indexOf(':');
  if (colon <= 0) {
    throw new UsageError(
      `not a header line (expected "Name: value"): ${JSON.stringify(text.slice(0, 80))}`
    );
  }
  addHeader(headers, text.slice(0, colon), text.slice(colon + 1).trim());
}

/** Parses stdin text: a JSON object if it starts with `{`, else lines. */
export function parseHeadersText(text: string): HeaderMap {
  if (text.length > MAX_INPUT_LENGTH) {
    throw new UsageError(`input is over ${MAX_INPUT_LENGTH} bytes`);
  }
  const trimmed = text.trim();
  const headers: HeaderMap = Object.create(null) as HeaderMap;
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new UsageError(`malformed JSON: ${(error as Error).message}`);
    }
    if (
      parsed === null ||
      typeof parsed !== 'object' ||
      Array.isArray(parsed)
    ) {
      throw new UsageError('JSON input must be an object of headers');
    }
    for (const [name, value] of Object.entries(parsed)) {
      if (typeof value === 'string') addHeader(headers, name, value);
      else if (
        Array.isArray(value) &&
        value.every(v => typeof v === 'string')
      ) {
        for (const item of value) addHeader(headers, name, item);
      } else {
        throw new UsageError(
          `header ${JSON.stringify(name)} must be a string or an array of strings`
        );
      }
    }
    return headers;
  }
  for (const line of trimmed.split('\n')) parseLine(headers, line);
  return headers;
}

/** Parses repeated `-H 'Name: value'` arguments. */
export function parseHeaderArgs(values: readonly string[]): HeaderMap {
  const headers: HeaderMap = Object.create(null) as HeaderMap;
  for (const value of values) parseLine(headers, value);
  return headers;
}
