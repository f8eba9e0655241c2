/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Pasted headers are untrusted text: whatever it holds, reading it costs
// work linear in its size (counted, never timed), and header names such as
// `__proto__` change nothing outside the result.

import * as assert from 'node:assert';
import { parseHeaderArgs, parseHeadersText } from '../src/headersInput';
import { UsageError } from '../src/UsageError';
import { run } from './helpers';

/** Runs `fn` counting the array elements iterated (spread, for-of). */
function countIterations(fn: () => void): number {
  let count = 0;
  const proto = Array.prototype as unknown as Record<symbol, unknown>;
  const original = proto[Symbol.iterator] as (
    this: unknown[]
  ) => Iterator<unknown>;
  proto[Symbol.iterator] = function (this: unknown[]) {
    const iterator = original.call(this);
    return {
      next() {
        count++;
        return iterator.next();
      },
      [Symbol.iterator]() {
        return this;
      },
    };
  };
  try {
    fn();
  } finally {
    proto[Symbol.iterator] = original;
  }
  return count;
}

describe('hostile header input', () => {
  it('reads repeated headers in linear work', () => {
    // Regression: each repetition copied every value before it (quadratic:
    // a megabyte of `a: b` lines took minutes).
    for (const count of [100, 1_000, 10_000]) {
      const lines = 'a: b\n'.repeat(count);
      let values: unknown;
      const work = countIterations(() => {
        values = parseHeadersText(lines).a;
      });
      assert.strictEqual((values as string[]).length, count);
      assert.ok(work <= 4 * count, `${count} lines: ${work} iterations`);

      const json = JSON.stringify({ a: new Array(count).fill('b') });
      const jsonWork = countIterations(() => parseHeadersText(json));
      assert.ok(jsonWork <= 6 * count, `${count} values: ${jsonWork}`);

      const args = new Array(count).fill('a: b');
      const argsWork = countIterations(() => parseHeaderArgs(args));
      assert.ok(argsWork <= 4 * count, `${count} arguments: ${argsWork}`);
    }
  });

  it('keeps prototype names out of the result and out of Object.prototype', () => {
    const text = JSON.stringify({ x: '1' }).replace(
      '{',
      '{"__proto__":"a","constructor":"b","prototype":"c",'
    );
    const headers = parseHeadersText(text);
    assert.deepStrictEqual(Object.keys(headers), ['x']);
    const lines = parseHeadersText('__proto__: a\nConstructor: b\nx: 1');
    assert.deepStrictEqual(Object.keys(lines), ['x']);
    assert.strictEqual(({} as Record<string, unknown>).a, undefined);
  });

  it('never prints control characters from headers: no terminal escape sequences', async () => {
    // Regression: decoded baggage values reached the terminal as they were.
    for (const isTTY of [true, false]) {
      const { code, stdout } = await run(
        [
          'inspect',
          '-H',
          'x-datadog-trace-id: 1',
          '-H',
          'x-datadog-parent-id: 2',
          '-H',
          'baggage: k=%1B%5B2J%1B%5D0%3Bpwned%07,x=%0D%0Ay',
        ],
        { isTTY }
      );
      assert.strictEqual(code, 0);
      // No control character but the line breaks between rows.
      // eslint-disable-next-line no-control-regex
      const control = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
      assert.ok(!control.test(stdout), stdout);
      assert.ok(stdout.includes('k=\\u001b[2J'), stdout);
    }
  });

  it('refuses input over a megabyte before reading it', () => {
    const huge = 'a: b\n'.repeat(300_000);
    const work = countIterations(() =>
      assert.throws(() => parseHeadersText(huge), UsageError)
    );
    assert.ok(work < 100, `${work}`);
  });
});
