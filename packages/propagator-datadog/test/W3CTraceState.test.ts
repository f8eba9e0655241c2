/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import * as fc from 'fast-check';
import { fuzz } from '@otel-dd/hostile-support';
import { TraceState as CoreTraceState } from '@opentelemetry/core';
import {
  isValidTraceStateKey,
  isValidTraceStateValue,
  W3CTraceState,
} from '../src/W3CTraceState';

describe('W3CTraceState', () => {
  describe('.parse()', () => {
    it('should keep members in order and drop blanks around them', () => {
      const state = W3CTraceState.parse('dd=s:2;o:rum , other=bleh,ot=th:0');
      assert.strictEqual(state.serialize(), 'dd=s:2;o:rum,other=bleh,ot=th:0');
      assert.strictEqual(state.get('other'), 'bleh');
      assert.strictEqual(state.size, 3);
    });

    it('should skip malformed members as dd-trace does', () => {
      const state = W3CTraceState.parse(
        'a=1,=2,b c=3,d=,e=has\ttab,noequals,f=' + 'x'.repeat(257) + ',g= lead'
      );
      assert.strictEqual(state.serialize(), 'a=1,g= lead');
    });

    it('should read at most 32 members', () => {
      const members = Array.from({ length: 40 }, (_, i) => `k${i}=v`);
      const state = W3CTraceState.parse(members.join(','));
      assert.strictEqual(state.size, 32);
      assert.strictEqual(state.get('k31'), 'v');
      assert.strictEqual(state.get('k32'), undefined);
    });

    it('should ignore a header over 16384 characters and an empty one', () => {
      assert.strictEqual(W3CTraceState.parse('a=' + 'x'.repeat(16400)).size, 0);
      assert.strictEqual(W3CTraceState.parse('').size, 0);
    });

    it('should read a lone dd member as it reads one among others', () => {
      // The lone `dd` member takes a shorter path; followed by another
      // member, the same text goes through the general loop.
      const value = fc.string({
        unit: fc.constantFrom(...'ab:;=,~ \t\u00e9\u0000'),
        maxLength: 300,
      });
      const samples = [
        '',
        ' ',
        's:1 ',
        'a=b',
        'x'.repeat(256),
        'x'.repeat(257),
        's:1;p:0123456789abcdef',
      ];
      const check = (text: string) => {
        const alone = W3CTraceState.parse('dd=' + text);
        const general = W3CTraceState.parse('dd=' + text + ',zz=1');
        assert.strictEqual(alone.get('dd'), general.get('dd'), text);
        assert.strictEqual(alone.size, general.size - 1, text);
      };
      samples.forEach(check);
      fc.assert(
        fc.property(
          value.filter(text => !text.includes(',')),
          check
        ),
        fuzz()
      );
    });

    it('should keep the first of duplicate keys', () => {
      assert.strictEqual(W3CTraceState.parse('a=1,a=2').serialize(), 'a=1');
    });
  });

  describe('.set()', () => {
    it('should put the member first and be immutable', () => {
      const before = W3CTraceState.parse('other=bleh,dd=s:1');
      const after = before.set('dd', 's:2');
      assert.strictEqual(after.serialize(), 'dd=s:2,other=bleh');
      assert.strictEqual(before.serialize(), 'other=bleh,dd=s:1');
    });

    it('should return the same instance for invalid keys or values', () => {
      const state = W3CTraceState.parse('a=1');
      assert.strictEqual(state.set('UPPER', 'x'), state);
      assert.strictEqual(state.set('k', 'a,b'), state);
      assert.strictEqual(state.set('k', 'a=b'), state);
      assert.strictEqual(state.set('k', 'trailing '), state);
      assert.strictEqual(state.set('k', ''), state);
    });

    it('should drop the rightmost member beyond 32', () => {
      const members = Array.from({ length: 32 }, (_, i) => `k${i}=v`);
      const state = W3CTraceState.parse(members.join(',')).set('dd', 's:1');
      assert.strictEqual(state.size, 32);
      assert.strictEqual(state.get('k31'), undefined);
      assert.strictEqual(state.get('k30'), 'v');
    });
  });

  describe('.unset()', () => {
    it('should remove a member and ignore absent keys', () => {
      const state = W3CTraceState.parse('a=1,b=2');
      assert.strictEqual(state.unset('a').serialize(), 'b=2');
      assert.strictEqual(state.unset('zzz'), state);
      assert.strictEqual(state.unset('a').unset('b').size, 0);
    });
  });

  describe('.from()', () => {
    it('should copy another TraceState implementation', () => {
      const core = new CoreTraceState('foo=bar,ot=th:8');
      const ours = W3CTraceState.from(core);
      assert.strictEqual(ours.serialize(), 'foo=bar,ot=th:8');
      assert.strictEqual(W3CTraceState.from(ours), ours);
      assert.strictEqual(W3CTraceState.from(undefined).size, 0);
    });

    it('should survive a TraceState whose serialize throws', () => {
      const hostile = {
        serialize: () => {
          throw new Error('boom');
        },
      } as unknown as CoreTraceState;
      assert.strictEqual(W3CTraceState.from(hostile).size, 0);
    });
  });

  describe('validators', () => {
    it('should follow the W3C grammar', () => {
      assert.ok(isValidTraceStateKey('dd'));
      assert.ok(isValidTraceStateKey('tenant@vendor'));
      assert.ok(isValidTraceStateKey('a-b_c*d/e'));
      assert.ok(!isValidTraceStateKey('Dd'));
      assert.ok(!isValidTraceStateKey(''));
      assert.ok(isValidTraceStateValue('s:2;o:rum'));
      assert.ok(!isValidTraceStateValue('x'.repeat(257)));
      assert.ok(!isValidTraceStateValue('é'));
    });
  });
});
