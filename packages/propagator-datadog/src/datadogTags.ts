/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// `x-datadog-tags`: comma-separated `_dd.p.<key>=<value>` propagated tags.

import { diag } from '@opentelemetry/api';
import { PROPAGATED_TAG_PREFIX, TRACE_ID_HIGH_TAG } from './constants';
import { isHex } from './ids';

/** Key: `_dd.p.` and one or more of 0x21-0x7E except `,` and `=`. */
export function isValidTagKey(key: string): boolean {
  if (key.length <= PROPAGATED_TAG_PREFIX.length) return false;
  if (!key.startsWith(PROPAGATED_TAG_PREFIX)) return false;
  for (let i = PROPAGATED_TAG_PREFIX.length; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code < 0x21 || code > 0x7e || code === 0x2c || code === 0x3d) {
      return false;
    }
  }
  return true;
}

/** Value: any of 0x20-0x7E except `,`. */
export function isValidTagValue(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code > 0x7e || code === 0x2c) return false;
  }
  return true;
}

/**
 * Parses `x-datadog-tags` as dd-trace does. Returns the tags as alternating
 * key and value, or `undefined` when the header is longer than `maxLength`
 * (0 disables it) or any member is invalid: one bad member discards all.
 * A `_dd.p.tid` that is not 16 hex digits is dropped on its own.
 */
export function parseDatadogTags(
  header: string,
  maxLength: number
): string[] | undefined {
  if (maxLength <= 0) return undefined;
  if (header.length > maxLength) {
    diag.debug(
      `x-datadog-tags: ${header.length} characters exceed the limit of ${maxLength}; tags ignored`
    );
    return undefined;
  }
  const tags: string[] = [];
  if (header.length === 0) return tags;
  let start = 0;
  while (start <= header.length) {
    let end = header.indexOf(',', start);
    if (end === -1) end = header.length;
    const equals = header.indexOf('=', start);
    const hasValue = equals !== -1 && equals < end;
    const key = header.slice(start, hasValue ? equals : end);
    const value = hasValue ? header.slice(equals + 1, end) : '';
    if (!isValidTagKey(key) || !isValidTagValue(value)) {
      diag.debug('x-datadog-tags: malformed member; tags ignored');
      return undefined;
    }
    if (key === TRACE_ID_HIGH_TAG && !isHex(value, 16)) {
      diag.debug('x-datadog-tags: _dd.p.tid is not 16 hex digits; dropped');
    } else {
      setTag(tags, key, value);
    }
    start = end + 1;
  }
  return tags;
}

/** Sets a tag in an alternating key/value list, keeping its position. */
export function setTag(tags: string[], key: string, value: string): void {
  for (let i = 0; i < tags.length; i += 2) {
    if (tags[i] === key) {
      tags[i + 1] = value;
      return;
    }
  }
  tags.push(key, value);
}

/** Reads a tag from an alternating key/value list. */
export function getTag(
  tags: readonly string[],
  key: string
): string | undefined {
  for (let i = 0; i < tags.length; i += 2) {
    if (tags[i] === key) return tags[i + 1];
  }
  return undefined;
}

/**
 * Serializes tags for `x-datadog-tags`, skipping empty values. `tid`, when
 * given, is written as `_dd.p.tid` in place of any listed one (or first),
 * since the trace id itself is authoritative; without it any listed
 * `_dd.p.tid` is left out. Returns `undefined` (header left out as a whole)
 * when any tag is invalid or the result is longer than `maxLength`.
 */
export function serializeDatadogTags(
  tags: readonly string[],
  maxLength: number,
  tid?: string
): string | undefined {
  if (maxLength <= 0) return undefined;
  let header = '';
  if (tid !== undefined && getTag(tags, TRACE_ID_HIGH_TAG) === undefined) {
    header = TRACE_ID_HIGH_TAG + '=' + tid;
  }
  for (let i = 0; i < tags.length; i += 2) {
    const key = tags[i];
    let value = tags[i + 1];
    if (key === TRACE_ID_HIGH_TAG) {
      if (tid === undefined) continue;
      value = tid;
    }
    if (!value) continue;
    if (!isValidTagKey(key) || !isValidTagValue(value)) {
      diag.debug(
        `x-datadog-tags: invalid tag ${JSON.stringify(key)}; header left out`
      );
      return undefined;
    }
    header += (header.length > 0 ? ',' : '') + key + '=' + value;
  }
  if (header.length > maxLength) {
    diag.debug(
      `x-datadog-tags: longer than ${maxLength} characters; header left out`
    );
    return undefined;
  }
  return header.length > 0 ? header : undefined;
}
