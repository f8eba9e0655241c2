/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The common cases of inject, done in one pass of string building.
//
// rewriteWireMember: a child span of a context
// taken from W3C headers, whose `dd` member is as received. Every subkey
// is updated in place (`p` the new span id, `s` the priority, `t.dm`,
// `t.tid`, `o` and `t.*` rewritten as dd-trace rewrites them), and the
// subkeys dd-trace adds when missing go first. Anything unusual (blanks,
// repeated keys, keys that escaping changes, over 256 characters) returns
// `undefined`, for the general path to handle.

import {
  escapeMemberKey,
  escapeMemberValue,
  MAX_TRACE_STATE_VALUE_LENGTH,
  parsePriority,
  sameText,
  unescapeMemberValue,
} from './deps';

const ZERO_16 = '0000000000000000';

function isPlainKey(key: string): boolean {
  if (key.length === 0) return false;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code === 0x20 || code === 0x09) return false;
  }
  return true;
}

export function rewriteWireMember(
  member: string,
  spanId: string,
  sampled: boolean,
  traceIdHigh: string
): string | undefined {
  const tid = traceIdHigh === ZERO_16 ? undefined : traceIdHigh;
  let result = '';
  const seen: string[] = [];
  let hasP = false;
  let hasS = false;
  let hasTid = false;
  let start = 0;
  while (start < member.length) {
    let end = member.indexOf(';', start);
    if (end === -1) end = member.length;
    const colon = member.indexOf(':', start);
    if (colon === -1 || colon >= end) return undefined;
    const key = member.slice(start, colon);
    let value = member.slice(colon + 1, end);
    start = end + 1;
    const last = value.charCodeAt(value.length - 1);
    if (
      !isPlainKey(key) ||
      value.length === 0 ||
      last === 0x20 ||
      last === 0x09 ||
      seen.indexOf(key) !== -1
    ) {
      return undefined;
    }
    seen.push(key);
    if (key === 'p') {
      hasP = true;
      value = spanId;
    } else if (key === 's') {
      hasS = true;
      const s = parsePriority(value);
      value = String(
        s !== undefined && (sampled ? s > 0 : s < 0) ? s : sampled ? 1 : 0
      );
    } else if (key === 'o') {
      value = escapeMemberValue(unescapeMemberValue(value));
    } else if (key === 't.dm') {
      const mechanism = parsePriority(value);
      if (mechanism !== undefined) value = '-' + Math.abs(mechanism);
    } else if (key === 't.tid') {
      hasTid = true;
      if (tid !== undefined) value = tid;
    } else if (
      key.length > 2 &&
      key.charCodeAt(0) === 0x74 /* t */ &&
      key.charCodeAt(1) === 0x2e /* . */
    ) {
      if (escapeMemberKey(key.slice(2)) !== key.slice(2)) return undefined;
      value = escapeMemberValue(unescapeMemberValue(value));
    }
    result += (result.length > 0 ? ';' : '') + key + ':' + value;
  }
  // New subkeys go first, the last added leftmost: p, then s, then t.tid.
  if (!hasP) result = 'p:' + spanId + (result.length > 0 ? ';' + result : '');
  if (!hasS) result = 's:' + (sampled ? 1 : 0) + ';' + result;
  if (!hasTid && tid !== undefined) result = 't.tid:' + tid + ';' + result;
  return result.length > MAX_TRACE_STATE_VALUE_LENGTH ? undefined : result;
}

// Scratch space of rewriteMember (one call at a time; it calls out to
// nothing that could call it back), filled by index: no allocation.
const updateKeys: string[] = [];
const updateValues: string[] = [];
/** Start and end of each upstream key seen, to find repeats. */
const partKeys: number[] = [];

/** Whether `text` at [start, end) is `key`. */
function keyAt(text: string, start: number, end: number, key: string): boolean {
  if (end - start !== key.length) return false;
  for (let i = 0; i < key.length; i++) {
    if (text.charCodeAt(start + i) !== key.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * `buildOutgoingMember` for an upstream member without blanks, repeats or
 * oddities: the same updates (in dd-trace's order: `p`, `s`, `t.dm`, `o`,
 * `t.*`) applied in place, new subkeys first, last added leftmost. One pass
 * over the member, no intermediate lists: parts whose value does not change
 * are copied as they are. Returns `undefined` when the general path is
 * needed.
 *
 * @param tags propagated tags in dd-trace's order, `_dd.p.tid` already
 *   placed and valued from the trace id (see buildOutgoingMember).
 */
export function rewriteMember(
  upstream: string | undefined,
  parentId: string | undefined,
  priority: number,
  mechanism: number | undefined,
  origin: string | undefined,
  tags: readonly string[]
): string | undefined {
  // The updates, in order; a key set again keeps its first place.
  const keys = updateKeys;
  const values = updateValues;
  let count = 0;
  if (parentId !== undefined) {
    keys[count] = 'p';
    values[count++] = parentId;
  }
  keys[count] = 's';
  values[count++] = String(priority);
  if (mechanism !== undefined) {
    keys[count] = 't.dm';
    values[count++] = '-' + mechanism;
  }
  if (origin) {
    keys[count] = 'o';
    values[count++] = escapeMemberValue(origin);
  }
  for (let i = 0; i < tags.length; i += 2) {
    const value = tags[i + 1];
    if (!value) continue;
    const key = 't.' + escapeMemberKey(tags[i].slice(6));
    let index = 0;
    while (index < count && keys[index] !== key) index++;
    if (index === count) keys[count++] = key;
    values[index] = escapeMemberValue(value);
  }
  // Bit i set: keys[i] was found upstream (at most 32 updates tracked).
  if (count > 31) return undefined;

  // The upstream parts, updated in place; String#indexOf is far faster
  // than a loop over the characters.
  let used = 0;
  let result = '';
  let copyFrom = 0;
  let bodyEnd = 0;
  let parts = 0;
  const member = upstream ?? '';
  const length = member.length;
  let colon = member.indexOf(':');
  for (let start = 0; start < length;) {
    let end = member.indexOf(';', start);
    if (end === -1) end = length;
    // The first `:` of the part (searched again only once passed).
    if (colon !== -1 && colon < start) colon = member.indexOf(':', start);
    if (colon === -1 || colon >= end || colon === start) return undefined;
    const last = member.charCodeAt(end - 1);
    if (colon + 1 === end || last === 0x20 || last === 0x09) return undefined;
    for (let i = start; i < colon; i++) {
      const code = member.charCodeAt(i);
      if (code === 0x20 || code === 0x09) return undefined;
    }
    for (let k = 0; k < parts; k++) {
      if (
        sameText(member, partKeys[2 * k], partKeys[2 * k + 1], start, colon)
      ) {
        return undefined;
      }
    }
    partKeys[2 * parts] = start;
    partKeys[2 * parts + 1] = colon;
    parts++;
    for (let index = 0; index < count; index++) {
      if (!keyAt(member, start, colon, keys[index])) continue;
      used |= 1 << index;
      const value = values[index];
      // Short unchanged values are copied with the rest (comparing long
      // ones costs more than writing them).
      if (value.length > 4 || !keyAt(member, colon + 1, end, value)) {
        result += member.slice(copyFrom, colon + 1) + value;
        copyFrom = end;
      }
      break;
    }
    bodyEnd = end;
    start = end + 1;
  }
  // A `;` at the very end is dropped.
  if (copyFrom === 0 && bodyEnd === length) result = member;
  else if (copyFrom < bodyEnd) result += member.slice(copyFrom, bodyEnd);
  for (let i = 0; i < count; i++) {
    if ((used & (1 << i)) !== 0) continue;
    const part = keys[i] + ':' + values[i];
    result = result.length > 0 ? part + ';' + result : part;
  }
  return result.length > MAX_TRACE_STATE_VALUE_LENGTH ? undefined : result;
}
