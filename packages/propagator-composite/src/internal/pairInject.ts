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
// (the differential test holds both to the same headers).

import { escapeMemberValue, sameText } from './deps';
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

/** The part whose key is `key`, or -1. */
function findPart(member: string, count: number, key: string): number {
  for (let k = 0; k < count; k++) {
    if (isAt(member, partStarts[k], partColons[k], key)) return k;
  }
  return -1;
}

/**
 * Whether a part of the member is `t.` + header[keyStart, keyEnd) + `:` +
 * header[valueStart, valueEnd) (the value needs no escaping).
 */
function hasTagPart(
  member: string,
  count: number,
  header: string,
  keyStart: number,
  keyEnd: number,
  valueStart: number,
  valueEnd: number
): boolean {
  const value = header.slice(valueStart, valueEnd);
  // Values with characters the escaping changes: the general path (the
  // header was validated at extraction: only 0x20-0x7e).
  if (
    value.indexOf(';') !== -1 ||
    value.indexOf('=') !== -1 ||
    value.indexOf('~') !== -1
  ) {
    return false;
  }
  const keyLength = keyEnd - keyStart;
  for (let k = 0; k < count; k++) {
    const start = partStarts[k];
    const colon = partColons[k];
    if (
      colon - start === 2 + keyLength &&
      member.charCodeAt(start) === 0x74 /* t */ &&
      member.charCodeAt(start + 1) === 0x2e /* . */ &&
      sameRun(member, start + 2, header, keyStart, keyLength)
    ) {
      return isAt(member, colon + 1, partEnds[k], value);
    }
  }
  return false;
}

/** Whether a[aStart, aStart + length) equals b[bStart, bStart + length). */
function sameRun(
  a: string,
  aStart: number,
  b: string,
  bStart: number,
  length: number
): boolean {
  for (let i = 0; i < length; i++) {
    if (a.charCodeAt(aStart + i) !== b.charCodeAt(bStart + i)) return false;
  }
  return true;
}

/**
 * Splits the member into parts as rewriteMember does, rejecting what it
 * rejects (blanks, empty keys or values, repeated keys); the part count,
 * or -1.
 */
function splitMember(member: string): number {
  const length = member.length;
  if (length === 0 || member.charCodeAt(length - 1) === 0x3b) return -1;
  let count = 0;
  for (let start = 0; start < length;) {
    let end = member.indexOf(';', start);
    if (end === -1) end = length;
    const colon = member.indexOf(':', start);
    if (colon === -1 || colon >= end || colon === start) return -1;
    const last = member.charCodeAt(end - 1);
    if (colon + 1 === end || last === 0x20 || last === 0x09) return -1;
    for (let i = start; i < colon; i++) {
      const code = member.charCodeAt(i);
      if (code === 0x20 || code === 0x09) return -1;
    }
    if (count === MAX_PARTS) return -1;
    for (let k = 0; k < count; k++) {
      if (sameText(member, partStarts[k], partColons[k], start, colon)) {
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
  const member = attached.upstream?.member;
  const received = attached as ReceivedValues;
  if (member === undefined || received.traceId !== traceId) return undefined;
  let header = received.tagsHeader;
  if (header === undefined && attached.tags.length === 0) header = '';
  if (typeof header !== 'string') return undefined;
  const count = splitMember(member);
  if (count < 0) return undefined;

  const p = findPart(member, count, 'p');
  const s = findPart(member, count, 's');
  if (p < 0 || s < 0) return undefined;
  if (!isAt(member, partColons[s] + 1, partEnds[s], String(priority))) {
    return undefined;
  }
  const origin = attached.origin;
  if (origin) {
    const o = findPart(member, count, 'o');
    if (
      o < 0 ||
      !isAt(member, partColons[o] + 1, partEnds[o], escapeMemberValue(origin))
    ) {
      return undefined;
    }
  }
  // Every tag (valid, distinct keys, `_dd.p.` prefix: the header was
  // written back as received) already in the member with its value; the
  // upper trace id half, authoritative for `t.tid`, among them.
  const high = traceId.slice(0, 16);
  let tidSeen = false;
  let tags = 0;
  for (let start = 0; start < header.length;) {
    let end = header.indexOf(',', start);
    if (end === -1) end = header.length;
    const equals = header.indexOf('=', start);
    if (equals === -1 || equals >= end || ++tags > MAX_TAGS) return undefined;
    const keyStart = start + 6; // after `_dd.p.`
    if (isAt(header, keyStart, equals, 'tid')) {
      if (high === ZERO_16 || !isAt(header, equals + 1, end, high)) {
        return undefined;
      }
      tidSeen = true;
    }
    if (!hasTagPart(member, count, header, keyStart, equals, equals + 1, end)) {
      return undefined;
    }
    start = end + 1;
  }
  if (!tidSeen && high !== ZERO_16) return undefined;

  const valueStart = partColons[p] + 1;
  const valueEnd = partEnds[p];
  if (member.length - (valueEnd - valueStart) + spanId.length > 256) {
    return undefined;
  }
  return member.slice(0, valueStart) + spanId + member.slice(valueEnd);
}
