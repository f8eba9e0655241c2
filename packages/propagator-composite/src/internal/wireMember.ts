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
  MAX_TRACE_STATE_VALUE_LENGTH,
  escapeMemberKey,
  escapeMemberValue,
  parsePriority,
  unescapeMemberValue,
} from '@otel-dd/propagator-datadog';

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

/** Sets `key` in parallel key/value lists, keeping its first place. */
function setUpdate(
  keys: string[],
  values: string[],
  key: string,
  value: string
): void {
  const index = keys.indexOf(key);
  if (index === -1) {
    keys.push(key);
    values.push(value);
  } else {
    values[index] = value;
  }
}

/**
 * `buildOutgoingMember` for an upstream member without blanks, repeats or
 * oddities: the same updates (in dd-trace's order: `p`, `s`, `t.dm`, `o`,
 * `t.*`) applied in place, new subkeys first, last added leftmost. Returns
 * `undefined` when the general path is needed.
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
  const keys: string[] = [];
  const values: string[] = [];
  if (parentId !== undefined) {
    keys.push('p');
    values.push(parentId);
  }
  keys.push('s');
  values.push(String(priority));
  if (mechanism !== undefined) {
    keys.push('t.dm');
    values.push('-' + mechanism);
  }
  if (origin) {
    keys.push('o');
    values.push(escapeMemberValue(origin));
  }
  for (let i = 0; i < tags.length; i += 2) {
    const value = tags[i + 1];
    if (!value) continue;
    setUpdate(
      keys,
      values,
      't.' + escapeMemberKey(tags[i].slice(6)),
      escapeMemberValue(value)
    );
  }
  // Bit i set: keys[i] was found upstream (at most 32 updates tracked).
  if (keys.length > 31) return undefined;
  let used = 0;
  let result = '';
  if (upstream !== undefined) {
    const seen: string[] = [];
    let start = 0;
    while (start < upstream.length) {
      let end = upstream.indexOf(';', start);
      if (end === -1) end = upstream.length;
      const colon = upstream.indexOf(':', start);
      if (colon === -1 || colon >= end) return undefined;
      const key = upstream.slice(start, colon);
      const last = upstream.charCodeAt(end - 1);
      if (
        colon + 1 === end ||
        last === 0x20 ||
        last === 0x09 ||
        !isPlainKey(key) ||
        seen.indexOf(key) !== -1
      ) {
        return undefined;
      }
      seen.push(key);
      const index = keys.indexOf(key);
      if (result.length > 0) result += ';';
      if (index === -1) {
        result += upstream.slice(start, end);
      } else {
        used |= 1 << index;
        result += key + ':' + values[index];
      }
      start = end + 1;
    }
  }
  for (let i = 0; i < keys.length; i++) {
    if ((used & (1 << i)) !== 0) continue;
    const part = keys[i] + ':' + values[i];
    result = result.length > 0 ? part + ';' + result : part;
  }
  return result.length > MAX_TRACE_STATE_VALUE_LENGTH ? undefined : result;
}
