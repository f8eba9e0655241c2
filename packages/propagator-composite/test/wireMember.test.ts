/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// rewriteMember is the one-pass form of the update dd-trace applies to an
// upstream `dd` member. This checks it against the straightforward form it
// replaced (kept here as the oracle), on members and tags built to hit
// every branch: repeats, blanks, missing parts, escaping, trailing `;`.

import * as assert from 'node:assert';
import * as fc from 'fast-check';
import {
  MAX_TRACE_STATE_VALUE_LENGTH,
  escapeMemberKey,
  escapeMemberValue,
} from '@otel-dd/propagator-datadog';
import { rewriteMember } from '../src/internal/wireMember';
import { FUZZ_TIMEOUT, fuzz } from '@otel-dd/hostile-support';

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
function oracle(
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
function isPlainKey(key: string): boolean {
  if (key.length === 0) return false;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code === 0x20 || code === 0x09) return false;
  }
  return true;
}

const keyArb = fc.constantFrom(
  'p',
  's',
  'o',
  't.dm',
  't.tid',
  't.usr.id',
  't.x',
  'x',
  ' s',
  'a b',
  ''
);
const valueArb = fc.oneof(
  fc.constantFrom('1', '-0', '-4', '2', '0123456789abcdef', 'rum', 'a~b', ''),
  fc.string({ maxLength: 6 })
);
const memberArb = fc.oneof(
  fc.constant(undefined),
  fc
    .array(fc.tuple(keyArb, valueArb), { maxLength: 8 })
    .chain(parts =>
      fc
        .boolean()
        .map(
          trailing =>
            parts.map(([k, v]) => `${k}:${v}`).join(';') + (trailing ? ';' : '')
        )
    ),
  fc.string({ maxLength: 40 })
);
const tagsArb = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        '_dd.p.tid',
        '_dd.p.dm',
        '_dd.p.usr.id',
        '_dd.p.x',
        '_dd.p.a=b',
        '_dd.p.k;v'
      ),
      valueArb
    ),
    { maxLength: 6 }
  )
  .map(pairs => pairs.flat());

describe('rewriteMember', function () {
  this.timeout(FUZZ_TIMEOUT);

  it('should give what the list-based update gives, on any input', () => {
    fc.assert(
      fc.property(
        memberArb,
        fc.option(fc.constantFrom('0123456789abcdef', 'fedcba9876543210'), {
          nil: undefined,
        }),
        fc.integer({ min: -1, max: 2 }),
        fc.option(fc.integer({ min: 1, max: 11 }), { nil: undefined }),
        fc.option(fc.constantFrom('rum', 'synthetics', 'a=b;c', ''), {
          nil: undefined,
        }),
        tagsArb,
        (member, parentId, priority, mechanism, origin, tags) => {
          assert.strictEqual(
            rewriteMember(member, parentId, priority, mechanism, origin, tags),
            oracle(member, parentId, priority, mechanism, origin, tags)
          );
        }
      ),
      fuzz(10)
    );
  });

  it('should copy unchanged parts and replace only what changes', () => {
    const member = 't.dm:-0;t.tid:6701b2c500000000;s:1;p:0123456789abcdef';
    const tags = ['_dd.p.tid', '6701b2c500000000', '_dd.p.dm', '-0'];
    assert.strictEqual(
      rewriteMember(member, 'fedcba9876543210', 1, undefined, undefined, tags),
      't.dm:-0;t.tid:6701b2c500000000;s:1;p:fedcba9876543210'
    );
    assert.strictEqual(
      rewriteMember(member + ';', undefined, 2, 4, 'rum', tags),
      'o:rum;t.dm:-0;t.tid:6701b2c500000000;s:2;p:0123456789abcdef'
    );
  });
});
