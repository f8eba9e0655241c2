/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The outgoing `dd` member of a child of a context extracted from the
// Datadog + W3C header pair, when the received member already says what
// the state says: then the general rewrite (buildOutgoingMember, which
// parses the tag list and rebuilds each subkey) changes only `p`. This
// checks that on the received strings, without building the tag list, and
// returns `undefined` whenever the general path could write anything else
// (the differential test holds both to the same headers). The outcome is
// kept with the attached state, so that further children of the trace (one
// per outgoing call) only splice their span id in.

import { escapeMemberValue } from './deps';
import type { AttachedState } from './context';

const ZERO_16 = '0000000000000000';
/** Parts of a member compared (more: the general path). */
const MAX_PARTS = 32;
/** Tags, so that with `p`, `s`, `o` the rewrite tracks at most 31 keys. */
const MAX_TAGS = 28;
// Start, colon and end of each part, one call at a time (nothing here
// calls out).
const partStarts = new Int32Array(MAX_PARTS);
const partColons = new Int32Array(MAX_PARTS);
const partEnds = new Int32Array(MAX_PARTS);

/** What DatadogPropagator kept of the headers (its extracted values). */
interface ReceivedValues {
  traceId?: unknown;
  tagsHeader?: unknown;
}

/**
 * The check's outcome is kept in the upstream record's `pairChecked` as
 * `(priority + 1) << 18 | start << 9 | end` (priorities -1 to 2 only),
 * [start, end) being `p`'s value in the member (at most 256 characters);
 * start and end are this when the general path is needed.
 */
const NEEDS_GENERAL_PATH = 0;

/** Whether `member` at [start, end) is `text`. */
function isAt(member: string, start: number, end: number, text: string) {
  const length = text.length;
  if (end - start !== length) return false;
  // indexOf matches a longer run in one builtin call, several times faster
  // than comparing character by character (or startsWith); short runs
  // are cheaper compared directly.
  if (length > 4) return member.indexOf(text, start) === start;
  for (let i = 0; i < length; i++) {
    if (member.charCodeAt(start + i) !== text.charCodeAt(i)) return false;
  }
  return true;
}

/** Whether a[aStart, aEnd) equals b[bStart, bEnd). */
function sameRun(
  a: string,
  aStart: number,
  aEnd: number,
  b: string,
  bStart: number,
  bEnd: number
): boolean {
  const length = aEnd - aStart;
  if (bEnd - bStart !== length) return false;
  for (let i = 0; i < length; i++) {
    if (a.charCodeAt(aStart + i) !== b.charCodeAt(bStart + i)) return false;
  }
  return true;
}

/** Whether [start, end) of `text` is `value` in decimal, as String() writes it. */
function isDecimal(text: string, start: number, end: number, value: number) {
  // Priorities are single digits but for -1: no number formatting then.
  if (value >= 0 && value <= 9 && (value | 0) === value) {
    return end - start === 1 && text.charCodeAt(start) === 0x30 + value;
  }
  return isAt(text, start, end, String(value));
}

/** Whether header[start, end) holds a character the member escaping changes. */
function needsEscaping(header: string, start: number, end: number): boolean {
  // The header was validated at extraction: only 0x20-0x7e.
  for (let i = start; i < end; i++) {
    const code = header.charCodeAt(i);
    if (code === 0x3b || code === 0x3d || code === 0x7e) return true;
  }
  return false;
}

/**
 * The part of the member whose key is `t.` + header[keyStart, keyEnd), or
 * -1.
 */
function findTagPart(
  member: string,
  count: number,
  header: string,
  keyStart: number,
  keyEnd: number
): number {
  const keyLength = keyEnd - keyStart;
  for (let k = 0; k < count; k++) {
    const start = partStarts[k];
    if (
      partColons[k] - start === 2 + keyLength &&
      member.charCodeAt(start) === 0x74 /* t */ &&
      member.charCodeAt(start + 1) === 0x2e /* . */ &&
      sameRun(member, start + 2, partColons[k], header, keyStart, keyEnd)
    ) {
      return k;
    }
  }
  return -1;
}

/**
 * Splits the member into parts as rewriteMember does, rejecting what it
 * rejects (blanks, empty keys or values, repeated keys); the part count,
 * or -1. Keys are short and read a character at a time (checking for
 * blanks on the way); values may be long and are skipped with indexOf.
 */
function splitMember(member: string): number {
  const length = member.length;
  if (length === 0 || member.charCodeAt(length - 1) === 0x3b) return -1;
  let count = 0;
  for (let start = 0; start < length;) {
    let colon = start;
    for (; colon < length; colon++) {
      const code = member.charCodeAt(colon);
      if (code === 0x3a) break;
      if (code === 0x3b || code === 0x20 || code === 0x09) return -1;
    }
    if (colon === length || colon === start) return -1;
    let end = member.indexOf(';', colon + 1);
    if (end === -1) end = length;
    const last = member.charCodeAt(end - 1);
    if (colon + 1 === end || last === 0x20 || last === 0x09) return -1;
    if (count === MAX_PARTS) return -1;
    for (let k = 0; k < count; k++) {
      if (sameRun(member, partStarts[k], partColons[k], member, start, colon)) {
        return -1;
      }
    }
    partStarts[count] = start;
    partColons[count] = colon;
    partEnds[count] = end;
    count++;
    start = end + 1;
  }
  return count;
}

/**
 * The outgoing `dd` member for a local child span (`spanId`) of a context
 * whose attached state came with a received member, or `undefined` for
 * the general path.
 *
 * @param priority the priority to write (reconciled with the flag).
 */
export function pairMember(
  attached: AttachedState,
  traceId: string,
  spanId: string,
  priority: number
): string | undefined {
  const upstream = attached.upstream;
  if (upstream === undefined) return undefined;
  const member = upstream.member;
  if (
    member === undefined ||
    (attached as ReceivedValues).traceId !== traceId
  ) {
    return undefined;
  }
  // Every input of the check but the priority is fixed for the record
  // (one per attached state): the member, the received values and the
  // trace id they came with.
  let checked = upstream.pairChecked;
  if (checked === undefined || checked >>> 18 !== priority + 1) {
    checked = checkMember(attached, member, traceId, priority);
    if (priority >= -1 && priority <= 2 && (priority | 0) === priority) {
      upstream.pairChecked = ((priority + 1) << 18) | checked;
    }
  }
  const valueStart = (checked >>> 9) & 511;
  const valueEnd = checked & 511;
  if (valueEnd === NEEDS_GENERAL_PATH) return undefined;
  if (member.length - (valueEnd - valueStart) + spanId.length > 256) {
    return undefined;
  }
  const head = member.slice(0, valueStart) + spanId;
  return valueEnd === member.length ? head : head + member.slice(valueEnd);
}

/**
 * Whether the member says what the attached state says, for `priority`:
 * where `p`'s value lies in it (`start << 9 | end`), or NEEDS_GENERAL_PATH.
 */
function checkMember(
  attached: AttachedState,
  member: string,
  traceId: string,
  priority: number
): number {
  let header = (attached as ReceivedValues).tagsHeader;
  if (header === undefined && attached.tags.length === 0) header = '';
  if (typeof header !== 'string') return NEEDS_GENERAL_PATH;
  const count = splitMember(member);
  if (count < 0) return NEEDS_GENERAL_PATH;

  // `p`, `s` and `o`: the one-character keys.
  let p = -1;
  let s = -1;
  let o = -1;
  for (let k = 0; k < count; k++) {
    if (partColons[k] - partStarts[k] !== 1) continue;
    const key = member.charCodeAt(partStarts[k]);
    if (key === 0x70) p = k;
    else if (key === 0x73) s = k;
    else if (key === 0x6f) o = k;
  }
  if (p < 0 || s < 0) return NEEDS_GENERAL_PATH;
  if (!isDecimal(member, partColons[s] + 1, partEnds[s], priority)) {
    return NEEDS_GENERAL_PATH;
  }
  const origin = attached.origin;
  if (origin) {
    if (
      o < 0 ||
      !isAt(member, partColons[o] + 1, partEnds[o], escapeMemberValue(origin))
    ) {
      return NEEDS_GENERAL_PATH;
    }
  }
  // Every tag (valid, distinct keys, `_dd.p.` prefix: the header was
  // written back as received) already in the member with its value; the
  // upper trace id half, authoritative for `t.tid`, among them.
  const high = traceId.slice(0, 16);
  let tidSeen = false;
  let tags = 0;
  for (let start = 0; start < header.length;) {
    const keyStart = start + 6; // after `_dd.p.`
    let equals = keyStart;
    while (equals < header.length) {
      const code = header.charCodeAt(equals);
      if (code === 0x3d || code === 0x2c) break;
      equals++;
    }
    if (
      equals === header.length ||
      header.charCodeAt(equals) !== 0x3d ||
      ++tags > MAX_TAGS
    ) {
      return NEEDS_GENERAL_PATH;
    }
    let end = header.indexOf(',', equals + 1);
    if (end === -1) end = header.length;
    const isTid = isAt(header, keyStart, equals, 'tid');
    if (isTid) {
      if (high === ZERO_16 || !isAt(header, equals + 1, end, high)) {
        return NEEDS_GENERAL_PATH;
      }
      tidSeen = true;
    } else if (needsEscaping(header, equals + 1, end)) {
      // The member holds the escaped value: the general path.
      return NEEDS_GENERAL_PATH;
    }
    const k = findTagPart(member, count, header, keyStart, equals);
    if (
      k < 0 ||
      // The tid value is `high` (above): compared in one indexOf.
      !(isTid
        ? isAt(member, partColons[k] + 1, partEnds[k], high)
        : sameRun(
            member,
            partColons[k] + 1,
            partEnds[k],
            header,
            equals + 1,
            end
          ))
    ) {
      return NEEDS_GENERAL_PATH;
    }
    start = end + 1;
  }
  if (!tidSeen && high !== ZERO_16) return NEEDS_GENERAL_PATH;

  return ((partColons[p] + 1) << 9) | partEnds[p];
}
