/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import {
  ROOT_CONTEXT,
  defaultTextMapGetter,
  propagation,
  type Context,
} from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { DatadogBaggagePropagator } from '../src';
import { inject } from './helpers';

function entries(context: Context): Record<string, string> {
  const result: Record<string, string> = Object.create(null);
  for (const [key, entry] of propagation.getBaggage(context)?.getAllEntries() ??
    []) {
    result[key] = entry.value;
  }
  return result;
}

function withBaggage(items: Record<string, string>): Context {
  return propagation.setBaggage(
    ROOT_CONTEXT,
    propagation.createBaggage(
      Object.fromEntries(
        Object.entries(items).map(([k, value]) => [k, { value }])
      )
    )
  );
}

describe('DatadogBaggagePropagator', () => {
  const propagator = new DatadogBaggagePropagator({ env: {} });
  const read = (header: unknown, p = propagator) =>
    entries(p.extract(ROOT_CONTEXT, { baggage: header }, defaultTextMapGetter));

  describe('.extract()', () => {
    it('should read members, trimming keys and values and ignoring properties', () => {
      assert.deepStrictEqual(
        { ...read('name=  test value;prop=1, user.id=alice ,foo=bar;a;b=c') },
        { name: 'test value', 'user.id': 'alice', foo: 'bar' }
      );
    });

    it('should percent-decode values but not keys', () => {
      assert.deepStrictEqual(
        {
          ...read(
            'a%20b=c%20d,special=%22%2C%3B%5C%F0%9F%90%B6%C3%A9%E6%88%91'
          ),
        },
        { 'a%20b': 'c d', special: '",;\\🐶é我' }
      );
    });

    it('should turn invalid UTF-8 into U+FFFD', () => {
      assert.deepStrictEqual({ ...read('k=%C3%28') }, { k: '\uFFFD(' });
      assert.deepStrictEqual({ ...read('k=%ZZ%41é%') }, { k: '%ZZAé%' });
    });

    for (const header of [
      'no-equal-sign,foo=gets-dropped-because-previous-pair-is-malformed',
      'foo=gets-dropped-because-subsequent-pair-is-malformed,=',
      '=no-key',
      'no-value=',
      'no-value=  ;prop',
      'bad key=value',
      'k(=v',
    ]) {
      it(`should discard the whole header for ${JSON.stringify(header)}`, () => {
        assert.deepStrictEqual({ ...read(header) }, {});
      });
    }

    it('should skip empty members', () => {
      assert.deepStrictEqual({ ...read(',a=1,, ,b=2,') }, { a: '1', b: '2' });
    });

    it('should keep __proto__ as a plain key', () => {
      const result = read('__proto__=x,constructor=y');
      assert.strictEqual(result['__proto__'], 'x');
      assert.strictEqual(result['constructor'], 'y');
      assert.strictEqual(({} as Record<string, unknown>).x, undefined);
    });

    it('should join arrays, skipping non-strings', () => {
      assert.deepStrictEqual(
        { ...read(['a=1', 7, 'b=2']) },
        { a: '1', b: '2' }
      );
    });

    it('should keep the last of repeated keys', () => {
      assert.deepStrictEqual({ ...read('a=1,a=2') }, { a: '2' });
    });

    it('should stop after 64 items', () => {
      const header = Array.from({ length: 70 }, (_, i) => `k${i}=v`).join(',');
      assert.strictEqual(Object.keys(read(header)).length, 64);
    });

    it('should stop before the member that passes 8192 bytes', () => {
      // Each member costs its length plus one comma.
      const first = 'a=' + 'x'.repeat(8189); // 8191 + 1 = 8192
      assert.deepStrictEqual(Object.keys(read(`${first},b=1`)), ['a']);
      assert.deepStrictEqual(Object.keys(read('a=' + 'x'.repeat(8190))), []);
    });

    it('should count empty members towards the byte limit', () => {
      const small = new DatadogBaggagePropagator({ maxBytes: 10 });
      assert.deepStrictEqual({ ...read(',,,,,,,,a=1', small) }, {});
      assert.deepStrictEqual({ ...read(',,,,a=1', small) }, { a: '1' });
    });

    it('should read limits from the environment', () => {
      const limited = new DatadogBaggagePropagator({
        env: { DD_TRACE_BAGGAGE_MAX_ITEMS: '1' },
      });
      assert.deepStrictEqual({ ...read('a=1,b=2', limited) }, { a: '1' });
    });

    it('should read a huge header only as far as the limit', () => {
      const header = 'a=1,' + 'b'.repeat(1_000_000);
      assert.deepStrictEqual({ ...read(header) }, { a: '1' });
      assert.deepStrictEqual(
        { ...read(['a=1', 'b'.repeat(100_000)]) },
        { a: '1' }
      );
    });

    it('should leave the context alone without a header or for a malformed one', () => {
      const context = withBaggage({ keep: 'me' });
      for (const header of [undefined, 'no-equal-sign', 42]) {
        assert.strictEqual(
          propagator.extract(
            context,
            { baggage: header },
            defaultTextMapGetter
          ),
          context
        );
      }
    });
  });

  describe('.inject()', () => {
    it('should percent-encode values as encodeURIComponent does', () => {
      assert.deepStrictEqual(
        inject(propagator, withBaggage({ 'user.id': 'alice', foo: 'b ar' })),
        { baggage: 'user.id=alice,foo=b%20ar' }
      );
      assert.deepStrictEqual(
        inject(propagator, withBaggage({ special: '",;\\🐶é我' })),
        { baggage: 'special=%22%2C%3B%5C%F0%9F%90%B6%C3%A9%E6%88%91' }
      );
    });

    it('should trim keys and skip keys that are not tokens', () => {
      assert.deepStrictEqual(
        inject(
          propagator,
          withBaggage({ ' a ': '1', 'b c': '2', 'd,': '3', e: '4' })
        ),
        { baggage: 'a=1,e=4' }
      );
    });

    it('should skip values that cannot be encoded', () => {
      assert.deepStrictEqual(
        inject(propagator, withBaggage({ a: '\uD800', b: '2' })),
        { baggage: 'b=2' }
      );
    });

    it('should stop after 64 items', () => {
      const items = Object.fromEntries(
        Array.from({ length: 70 }, (_, i) => [`k${i}`, 'v'])
      );
      const header = inject(propagator, withBaggage(items)).baggage;
      assert.strictEqual(header.split(',').length, 64);
    });

    it('should count a comma after every item towards 8192 bytes', () => {
      // 'a=' + 8189 'x' + ',' is 8192: fits; a header of exactly 8192 bytes
      // (with a second item) loses its last item.
      const a = 'x'.repeat(8189);
      assert.strictEqual(
        inject(propagator, withBaggage({ a })).baggage,
        `a=${a}`
      );
      assert.strictEqual(
        inject(propagator, withBaggage({ a: a.slice(2), b: '' })).baggage,
        `a=${a.slice(2)}`
      );
    });

    it('should write nothing for empty baggage or suppressed tracing', () => {
      assert.deepStrictEqual(inject(propagator, ROOT_CONTEXT), {});
      assert.deepStrictEqual(inject(propagator, withBaggage({})), {});
      assert.deepStrictEqual(
        inject(propagator, suppressTracing(withBaggage({ a: '1' }))),
        {}
      );
    });
  });

  describe('.fields()', () => {
    it('should list baggage', () => {
      assert.deepStrictEqual(propagator.fields(), ['baggage']);
    });
  });
});
