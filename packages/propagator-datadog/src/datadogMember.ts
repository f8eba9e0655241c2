/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The `dd` tracestate member, in Datadog's own encoding:
// `s:<priority>;o:<origin>;p:<last datadog parent>;t.<key>:<value>...`.

import { MAX_TRACE_STATE_VALUE_LENGTH } from './W3CTraceState';
import { PROPAGATED_TAG_PREFIX } from './constants';
import { parsePriority } from './priority';

/** What a `dd` member says, with escaping undone where it can be. */
export interface DatadogMember {
  priority?: number;
  origin?: string;
  /** `p`: the last Datadog parent span id (16 hex), as written. */
  parentId?: string;
  /** Propagated tags as `_dd.p.<key>`, value pairs in wire order. */
  tags: string[];
  /** Subkeys Datadog does not interpret, kept as `key:value` parts. */
  others: string[];
}

/**
 * Escapes an origin or tag value for the `dd` member: characters outside
 * printable ASCII and `,` `;` `~` become `_`, then `=` becomes `~`.
 */
export function escapeMemberValue(value: string): string {
  let escaped = '';
  let copiedTo = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    let replacement: string | undefined;
    if (code < 0x20 || code > 0x7d || code === 0x2c || code === 0x3b) {
      // `~` (0x7e) is escaped too: it stands for `=` in this encoding.
      replacement = '_';
    } else if (code === 0x3d) {
      replacement = '~';
    }
    if (replacement !== undefined) {
      escaped += value.slice(copiedTo, i) + replacement;
      copiedTo = i + 1;
    }
  }
  return copiedTo === 0 ? value : escaped + value.slice(copiedTo);
}

/**
 * Escapes the part of a tag key after `_dd.p.`: characters outside 0x21-0x7E
 * and `,` `=` become `_`.
 */
export function escapeMemberKey(key: string): string {
  let escaped = '';
  let copiedTo = 0;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code < 0x21 || code > 0x7e || code === 0x2c || code === 0x3d) {
      escaped += key.slice(copiedTo, i) + '_';
      copiedTo = i + 1;
    }
  }
  return copiedTo === 0 ? key : escaped + key.slice(copiedTo);
}

/** Undoes the only reversible part of the escaping: `~` back to `=`. */
export function unescapeMemberValue(value: string): string {
  return value.indexOf('~') === -1 ? value : value.replace(/~/g, '=');
}

/** True when a value escapes and unescapes back to itself. */
export function isValueLossless(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (
      code < 0x20 ||
      code > 0x7d /* ~ and beyond */ ||
      code === 0x2c ||
      code === 0x3b
    ) {
      return false;
    }
  }
  return true;
}

/** True when a tag key (after `_dd.p.`) survives the `dd` member intact. */
export function isKeyLossless(key: string): boolean {
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (
      code < 0x21 ||
      code > 0x7d ||
      code === 0x2c ||
      code === 0x3d ||
      code === 0x3a /* : */ ||
      code === 0x3b
    ) {
      return false;
    }
  }
  return true;
}

/** Parses a `dd` member value; malformed parts are skipped. */
export function parseDatadogMember(value: string): DatadogMember {
  const member: DatadogMember = { tags: [], others: [] };
  let start = 0;
  // The next `:` at or after `start`, searched again only once passed: a
  // search per part would be quadratic in parts without one.
  let colon = -2;
  while (start < value.length) {
    let end = value.indexOf(';', start);
    if (end === -1) end = value.length;
    if (colon !== -1 && colon < start) colon = value.indexOf(':', start);
    if (colon !== -1 && colon < end) {
      const key = value.slice(start, colon).trim();
      const part = value.slice(colon + 1, end);
      if (key.length > 0 && part.length > 0) {
        if (key === 's') {
          const priority = parsePriority(part);
          if (priority !== undefined) member.priority = priority;
        } else if (key === 'o') {
          member.origin = unescapeMemberValue(part);
        } else if (key === 'p') {
          member.parentId = part;
        } else if (
          key.length > 2 &&
          key.charCodeAt(0) === 0x74 &&
          key.charCodeAt(1) === 0x2e
        ) {
          member.tags.push(
            PROPAGATED_TAG_PREFIX + key.slice(2),
            unescapeMemberValue(part)
          );
        } else {
          member.others.push(key + ':' + part);
        }
      }
    }
    start = end + 1;
  }
  return member;
}

/**
 * The length of serializeDatadogMember's result before any part is dropped
 * (escaping keeps lengths): when it is 1 to 256, that result is the whole
 * state.
 */
export function datadogMemberLength(
  priority: number | undefined,
  origin: string | undefined,
  tags: readonly string[]
): number {
  // `s:` and the priority's digits (one for 0 to 9, without String()).
  let length =
    priority === undefined
      ? 0
      : 2 + (priority >= 0 && priority <= 9 ? 1 : String(priority).length);
  if (origin) length += (length > 0 ? 3 : 2) + origin.length;
  for (let i = 0; i < tags.length; i += 2) {
    const value = tags[i + 1];
    if (!value) continue;
    // `;t.` + key without `_dd.p.` + `:` + value
    length +=
      (length > 0 ? 4 : 3) +
      tags[i].length -
      PROPAGATED_TAG_PREFIX.length +
      value.length;
  }
  return length;
}

/**
 * Serializes Datadog state as a `dd` member value, in the order `s`, `o`,
 * then `t.*`. When the result exceeds 256 characters, optional `t.*` parts
 * are dropped from the right until it fits; `undefined` when even that
 * fails. Empty tag values are not written.
 */
export function serializeDatadogMember(
  priority: number | undefined,
  origin: string | undefined,
  tags: readonly string[]
): string | undefined {
  // Usually short enough: built in one go.
  let result = priority === undefined ? '' : 's:' + priority;
  if (origin) {
    result += (result.length > 0 ? ';o:' : 'o:') + escapeMemberValue(origin);
  }
  for (let i = 0; i < tags.length; i += 2) {
    const value = tags[i + 1];
    if (!value) continue;
    result +=
      (result.length > 0 ? ';t.' : 't.') +
      escapeMemberKey(tags[i].slice(PROPAGATED_TAG_PREFIX.length)) +
      ':' +
      escapeMemberValue(value);
  }
  if (result.length <= MAX_TRACE_STATE_VALUE_LENGTH) {
    return result.length === 0 ? undefined : result;
  }
  return fitDatadogMember(priority, origin, tags);
}

/** serializeDatadogMember over 256 characters: drops `t.*` parts to fit. */
function fitDatadogMember(
  priority: number | undefined,
  origin: string | undefined,
  tags: readonly string[]
): string | undefined {
  const parts: string[] = [];
  if (priority !== undefined) parts.push('s:' + priority);
  if (origin) parts.push('o:' + escapeMemberValue(origin));
  const firstTag = parts.length;
  for (let i = 0; i < tags.length; i += 2) {
    const value = tags[i + 1];
    if (!value) continue;
    const key = tags[i].slice(PROPAGATED_TAG_PREFIX.length);
    parts.push('t.' + escapeMemberKey(key) + ':' + escapeMemberValue(value));
  }
  let result = parts.join(';');
  for (let i = parts.length - 1; i >= firstTag; i--) {
    if (result.length <= MAX_TRACE_STATE_VALUE_LENGTH) break;
    if (parts[i].startsWith('t.dm:') || parts[i].startsWith('t.ts:')) continue;
    parts.splice(i, 1);
    result = parts.join(';');
  }
  if (result.length === 0 || result.length > MAX_TRACE_STATE_VALUE_LENGTH) {
    return undefined;
  }
  return result;
}
