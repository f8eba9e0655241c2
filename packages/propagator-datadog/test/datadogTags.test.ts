/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import {
  getTag,
  isValidTagKey,
  isValidTagValue,
  parseDatadogTags,
  serializeDatadogTags,
  setTag,
} from '../src/datadogTags';

describe('x-datadog-tags', () => {
  describe('parseDatadogTags()', () => {
    it('should read _dd.p.* members in order', () => {
      assert.deepStrictEqual(
        parseDatadogTags('_dd.p.tid=640cfd8d00000000,_dd.p.dm=-4', 512),
        ['_dd.p.tid', '640cfd8d00000000', '_dd.p.dm', '-4']
      );
    });

    it('should split each member at its first =', () => {
      assert.deepStrictEqual(parseDatadogTags('_dd.p.foo=bar=baz', 512), [
        '_dd.p.foo',
        'bar=baz',
      ]);
    });

    it('should accept a member without = as an empty value', () => {
      assert.deepStrictEqual(parseDatadogTags('_dd.p.empty', 512), [
        '_dd.p.empty',
        '',
      ]);
    });

    it('should allow = ; ~ : and spaces in values', () => {
      assert.deepStrictEqual(parseDatadogTags('_dd.p.v=a b;c~d:e=f', 512), [
        '_dd.p.v',
        'a b;c~d:e=f',
      ]);
    });

    it('should treat an empty header as no tags', () => {
      assert.deepStrictEqual(parseDatadogTags('', 512), []);
    });

    it('should discard all tags when any member is invalid', () => {
      for (const header of [
        '_dd.p.foo=bar,',
        '_dd.p.a=1,foo=bar',
        '_dd.p.a=1, _dd.p.b=2',
        '=',
        '_dd.p.a=hélicoptère',
        '_dd.p.=x',
        ',_dd.p.a=1',
        '_dd.p.a\t=1',
      ]) {
        assert.strictEqual(parseDatadogTags(header, 512), undefined, header);
      }
    });

    it('should drop only a _dd.p.tid that is not 16 hex digits', () => {
      for (const tid of [
        '640cfd8d0000000',
        '640cfd8d000000000',
        'malformed',
        '640cfd8d0000000z',
      ]) {
        assert.deepStrictEqual(
          parseDatadogTags(`_dd.p.tid=${tid},_dd.p.dm=-4`, 512),
          ['_dd.p.dm', '-4'],
          tid
        );
      }
    });

    it('should keep an uppercase tid as written', () => {
      assert.deepStrictEqual(
        parseDatadogTags('_dd.p.tid=640CFD8D00000000', 512),
        ['_dd.p.tid', '640CFD8D00000000']
      );
    });

    it('should accept 512 characters and refuse 513', () => {
      const fill = (length: number) => '_dd.p.x=' + 'a'.repeat(length - 8);
      assert.ok(parseDatadogTags(fill(512), 512));
      assert.strictEqual(parseDatadogTags(fill(513), 512), undefined);
    });

    it('should read nothing when the limit is 0', () => {
      assert.strictEqual(parseDatadogTags('_dd.p.dm=-4', 0), undefined);
    });

    it('should let a repeated key keep its first position and last value', () => {
      assert.deepStrictEqual(
        parseDatadogTags('_dd.p.a=1,_dd.p.b=2,_dd.p.a=3', 512),
        ['_dd.p.a', '3', '_dd.p.b', '2']
      );
    });
  });

  describe('serializeDatadogTags()', () => {
    it('should join tags and skip empty values', () => {
      assert.strictEqual(
        serializeDatadogTags(
          ['_dd.p.foo', 'foo', '_dd.p.e', '', '_dd.p.baz', 'baz'],
          512
        ),
        '_dd.p.foo=foo,_dd.p.baz=baz'
      );
    });

    it('should write the tid first unless one is listed, whose place it takes', () => {
      assert.strictEqual(
        serializeDatadogTags(['_dd.p.dm', '-0'], 512, '6b00c47500000000'),
        '_dd.p.tid=6b00c47500000000,_dd.p.dm=-0'
      );
      assert.strictEqual(
        serializeDatadogTags(
          ['_dd.p.dm', '-0', '_dd.p.tid', 'ffffffff00000000'],
          512,
          '6b00c47500000000'
        ),
        '_dd.p.dm=-0,_dd.p.tid=6b00c47500000000'
      );
    });

    it('should leave a listed tid out when the trace id has no upper half', () => {
      assert.strictEqual(
        serializeDatadogTags(
          ['_dd.p.tid', 'ffffffff00000000', '_dd.p.dm', '-1'],
          512
        ),
        '_dd.p.dm=-1'
      );
    });

    it('should leave the whole header out for an invalid tag or over the limit', () => {
      assert.strictEqual(
        serializeDatadogTags(['_dd.p.a', 'hélicoptère'], 512),
        undefined
      );
      assert.strictEqual(
        serializeDatadogTags(['_dd.p.a', 'x,y'], 512),
        undefined
      );
      assert.strictEqual(
        serializeDatadogTags(['_dd.p.a b', 'x'], 512),
        undefined
      );
      assert.strictEqual(serializeDatadogTags(['other', 'x'], 512), undefined);
      assert.strictEqual(
        serializeDatadogTags(
          ['_dd.p.big', 'x'.repeat(600)],
          512,
          '6b00c47500000000'
        ),
        undefined
      );
      assert.strictEqual(serializeDatadogTags(['_dd.p.a', 'x'], 0), undefined);
    });

    it('should give undefined when there is nothing to write', () => {
      assert.strictEqual(serializeDatadogTags([], 512), undefined);
    });
  });

  describe('helpers', () => {
    it('should validate keys and values by the grammar', () => {
      assert.ok(isValidTagKey('_dd.p.usr.id'));
      assert.ok(isValidTagKey('_dd.p.a;b:c~'));
      assert.ok(!isValidTagKey('_dd.p.'));
      assert.ok(!isValidTagKey('_dd.x.a'));
      assert.ok(!isValidTagKey('_dd.p.a=b'));
      assert.ok(isValidTagValue(''));
      assert.ok(isValidTagValue(' a=b;c '));
      assert.ok(!isValidTagValue('a,b'));
      assert.ok(!isValidTagValue('\u0007'));
    });

    it('should get and set in place', () => {
      const tags = ['_dd.p.a', '1'];
      setTag(tags, '_dd.p.b', '2');
      setTag(tags, '_dd.p.a', '3');
      assert.deepStrictEqual(tags, ['_dd.p.a', '3', '_dd.p.b', '2']);
      assert.strictEqual(getTag(tags, '_dd.p.b'), '2');
      assert.strictEqual(getTag(tags, '_dd.p.c'), undefined);
    });
  });
});
