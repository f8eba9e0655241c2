/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// `x-datadog-tags`: comma-separated `_dd.p.<key>=<value>` propagated tags.

import { diag } from '@opentelemetry/api';
import { PROPAGATED_TAG_PREFIX, TRACE_ID_HIGH_TAG } from './constants';
import { HEX_NON_ZERO, HEX_UPPERCASE, scanHex } from './ids';

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
  const tags: string[] = [];
  return scanDatadogTags(header, maxLength, tags) === undefined
    ? undefined
    : tags;
}

/**
 * What {@link scanDatadogTags} read. One object, overwritten by every call:
 * read it before calling again.
 */
export interface DatadogTagsScan {
  /** Members in the header. */
  count: number;
  /**
   * True when `serializeDatadogTags(tags, maxLength, tid)` gives the header
   * back unchanged, `tid` being its own `_dd.p.tid` (if any): no duplicate
   * key, no empty value, and any `_dd.p.tid` valid, lowercase and not zero.
   * When the tags are not collected, headers of over 8 members count as
   * not exact.
   */
  exact: boolean;
  /**
   * Offset in the header of the (last valid) `_dd.p.tid` value, 16 hex
   * digits; -1 when absent or zero.
   */
  tidOffset: number;
  /** That value has uppercase letters. */
  tidUppercase: boolean;
}

const scanResult: DatadogTagsScan = {
  count: 0,
  exact: true,
  tidOffset: -1,
  tidUppercase: false,
};

/**
 * Key offsets of the members seen, to find duplicates without slicing.
 * Scratch space for one call at a time: nothing is read from it after the
 * parse calls out (diag), so a nested call cannot disturb it.
 */
const MAX_COMPARED_KEYS = 8;
const keyOffsets = new Int32Array(2 * MAX_COMPARED_KEYS);

/**
 * Validates `x-datadog-tags` as {@link parseDatadogTags} reads it, and
 * tells whether it can be written back as it is. `undefined` when the
 * header is over `maxLength` (0 disables it) or invalid. With `tags`, the
 * tags are collected into it (as parseDatadogTags returns them); without,
 * nothing is allocated: parse the header again when the list is needed.
 */
export function scanDatadogTags(
  header: string,
  maxLength: number,
  tags?: string[]
): DatadogTagsScan | undefined {
  if (maxLength <= 0) return undefined;
  const length = header.length;
  if (length > maxLength) {
    diag.debug(
      `x-datadog-tags: ${length} characters exceed the limit of ${maxLength}; tags ignored`
    );
    return undefined;
  }
  let exact = true;
  let count = 0;
  let tidOffset = -1;
  let tidUppercase = false;
  // One pass, validating as it splits: members `key[=value]` separated by
  // `,`; the key ends at the first `=` (isValidTagKey's rules), the value
  // may hold further `=` (isValidTagValue's rules).
  for (let start = 0; length > 0;) {
    let i = start + PROPAGATED_TAG_PREFIX.length;
    if (!hasTagPrefix(header, start)) return malformed();
    let code = 0;
    for (; i < length; i++) {
      code = header.charCodeAt(i);
      if (code === 0x3d || code === 0x2c) break;
      if (code < 0x21 || code > 0x7e) return malformed();
    }
    const keyEnd = i;
    if (keyEnd === start + PROPAGATED_TAG_PREFIX.length) return malformed();
    // `_dd.p.tid` is checked on the header itself (scanning a slice is
    // slower) and keyed by the constant (cheaper to compare later).
    const isTid =
      keyEnd - start === TRACE_ID_HIGH_TAG.length &&
      header.charCodeAt(start + 6) === 0x74 &&
      header.charCodeAt(start + 7) === 0x69 &&
      header.charCodeAt(start + 8) === 0x64;
    let tid = isTid ? -1 : 0;
    let valueStart = i;
    if (i < length && code === 0x3d) {
      valueStart = i + 1;
      const end = valueStart + 16;
      if (
        isTid &&
        end <= length &&
        (end === length || header.charCodeAt(end) === 0x2c) &&
        (tid = hexState(header, valueStart)) >= 0
      ) {
        // 16 hex digits: valid value characters, already scanned.
        i = end;
      } else {
        for (i = valueStart; i < length; i++) {
          code = header.charCodeAt(i);
          if (code === 0x2c) break;
          if (code < 0x20 || code > 0x7e) return malformed();
        }
      }
    }
    // The value is [valueStart, i): empty without `=`.
    if (i === valueStart) exact = false;
    count++;
    if (tid < 0) {
      diag.debug('x-datadog-tags: _dd.p.tid is not 16 hex digits; dropped');
      exact = false;
    } else {
      if (isTid) {
        // Written back lowercase, and left out when zero.
        if (tid > 0) exact = false;
        tidOffset = tid === 2 ? -1 : valueStart;
        tidUppercase = tid === 1;
      }
      if (tags !== undefined) {
        const key = isTid ? TRACE_ID_HIGH_TAG : header.slice(start, keyEnd);
        const value = header.slice(valueStart, i);
        let index = 0;
        while (index < tags.length && tags[index] !== key) index += 2;
        if (index === tags.length) {
          tags.push(key, value);
        } else {
          tags[index + 1] = value;
          exact = false;
        }
      } else if (exact) {
        // A duplicate key makes the header inexact.
        const seen = count - 1;
        if (seen === MAX_COMPARED_KEYS) {
          exact = false;
        } else {
          for (let k = 0; k < seen && exact; k++) {
            exact = !sameText(
              header,
              keyOffsets[2 * k],
              keyOffsets[2 * k + 1],
              start,
              keyEnd
            );
          }
          keyOffsets[2 * seen] = start;
          keyOffsets[2 * seen + 1] = keyEnd;
        }
      }
    }
    if (i >= length) break;
    start = i + 1;
  }
  scanResult.count = count;
  scanResult.exact = exact;
  scanResult.tidOffset = tidOffset;
  scanResult.tidUppercase = tidUppercase;
  return scanResult;
}

/**
 * The 16 characters of `header` at `start`: -1 when not all hex, 2 when all
 * zeros, 1 when hex with uppercase letters, 0 when lowercase and not zero.
 */
function hexState(header: string, start: number): number {
  const scan = scanHex(header, start, 16);
  if (scan < 0) return -1;
  return (scan & HEX_NON_ZERO) === 0 ? 2 : (scan & HEX_UPPERCASE) !== 0 ? 1 : 0;
}

/** Whether `text` holds the same characters at [start1, end1) and [start2, end2). */
export function sameText(
  text: string,
  start1: number,
  end1: number,
  start2: number,
  end2: number
): boolean {
  if (end1 - start1 !== end2 - start2) return false;
  for (let i = 0; i < end1 - start1; i++) {
    if (text.charCodeAt(start1 + i) !== text.charCodeAt(start2 + i)) {
      return false;
    }
  }
  return true;
}

/** `header.startsWith('_dd.p.', start)`, which is far slower. */
function hasTagPrefix(header: string, start: number): boolean {
  return (
    header.charCodeAt(start) === 0x5f &&
    header.charCodeAt(start + 1) === 0x64 &&
    header.charCodeAt(start + 2) === 0x64 &&
    header.charCodeAt(start + 3) === 0x2e &&
    header.charCodeAt(start + 4) === 0x70 &&
    header.charCodeAt(start + 5) === 0x2e
  );
}

function malformed(): undefined {
  diag.debug('x-datadog-tags: malformed member; tags ignored');
  return undefined;
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
