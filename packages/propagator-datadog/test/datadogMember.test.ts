/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import {
  escapeMemberKey,
  escapeMemberValue,
  isKeyLossless,
  isValueLossless,
  parseDatadogMember,
  serializeDatadogMember,
  unescapeMemberValue,
} from '../src/datadogMember';

describe('dd tracestate member', () => {
  describe('escaping', () => {
    // Vectors from dd-trace's tests (datadog-wire-format.md §5.5, §5.6).
    it('should escape origins', () => {
      assert.strictEqual(escapeMemberValue('syn=th;et,ic~s'), 'syn~th_et_ic_s');
      assert.strictEqual(escapeMemberValue('foo,bar='), 'foo_bar~');
      assert.strictEqual(escapeMemberValue('rum'), 'rum');
    });

    it('should escape tag values', () => {
      assert.strictEqual(
        escapeMemberValue('abc~!@#$%^&*()_+`-='),
        'abc_!@#$%^&*()_+`-~'
      );
      assert.strictEqual(escapeMemberValue('a=b;c~d e'), 'a~b_c_d e');
      assert.strictEqual(escapeMemberValue('é\u0001'), '__');
    });

    it('should escape tag keys', () => {
      assert.strictEqual(escapeMemberKey('foo bar,baz='), 'foo_bar_baz_');
      assert.strictEqual(escapeMemberKey('a;b:c~'), 'a;b:c~');
    });

    it('should undo only ~', () => {
      assert.strictEqual(unescapeMemberValue('baz64~~'), 'baz64==');
      assert.strictEqual(unescapeMemberValue('a_b'), 'a_b');
    });

    it('should know which values survive', () => {
      assert.ok(isValueLossless('baz64=='));
      assert.ok(isValueLossless('a b:c'));
      assert.ok(!isValueLossless('a~b'));
      assert.ok(!isValueLossless('a;b'));
      assert.ok(!isValueLossless('a,b'));
      assert.ok(!isValueLossless('é'));
      assert.ok(isKeyLossless('usr.id'));
      assert.ok(!isKeyLossless('a:b'));
      assert.ok(!isKeyLossless('a;b'));
    });
  });

  describe('parseDatadogMember()', () => {
    it('should read s, o, p and t.* with escaping undone', () => {
      assert.deepStrictEqual(
        parseDatadogMember(
          's:2;o:rum;p:00000000000000aa;t.dm:-4;t.usr.id:baz64~~;x:y'
        ),
        {
          priority: 2,
          origin: 'rum',
          parentId: '00000000000000aa',
          tags: ['_dd.p.dm', '-4', '_dd.p.usr.id', 'baz64=='],
          others: ['x:y'],
        }
      );
    });

    it('should split each part at its first colon and skip malformed parts', () => {
      assert.deepStrictEqual(
        parseDatadogMember('o:foo:bar;;:x;k:;novalue; s :1;s:abc'),
        {
          origin: 'foo:bar',
          priority: 1,
          tags: [],
          others: [],
        }
      );
    });
  });

  describe('serializeDatadogMember()', () => {
    it('should write s, o then t.*', () => {
      assert.strictEqual(
        serializeDatadogMember(2, 'syn=th', [
          '_dd.p.tid',
          '640cfd8d00000000',
          '_dd.p.dm',
          '-4',
          '_dd.p.e',
          '',
        ]),
        's:2;o:syn~th;t.tid:640cfd8d00000000;t.dm:-4'
      );
    });

    it('should give undefined when there is nothing to write', () => {
      assert.strictEqual(
        serializeDatadogMember(undefined, undefined, []),
        undefined
      );
    });

    it('should drop optional t.* from the right to fit 256 characters, keeping t.dm', () => {
      const member = serializeDatadogMember(1, undefined, [
        '_dd.p.dm',
        '-4',
        '_dd.p.tid',
        '640cfd8d00000000',
        '_dd.p.big',
        'x'.repeat(300),
      ]);
      assert.strictEqual(member, 's:1;t.dm:-4;t.tid:640cfd8d00000000');
      const many: string[] = [];
      for (let i = 0; i < 20; i++) many.push('_dd.p.k' + i, 'v'.repeat(10));
      const fitted = serializeDatadogMember(1, 'rum', many)!;
      assert.ok(fitted.length <= 256);
      assert.ok(fitted.startsWith('s:1;o:rum;t.k0:'));
    });

    it('should give undefined when the required parts alone are too long', () => {
      assert.strictEqual(
        serializeDatadogMember(1, 'o'.repeat(260), []),
        undefined
      );
    });
  });
});
