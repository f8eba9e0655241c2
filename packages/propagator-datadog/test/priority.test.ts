/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import {
  parsePriority,
  reconcilePriority,
  SamplingPriority,
} from '../src/priority';

describe('priority', () => {
  describe('reconcilePriority()', () => {
    // The table of datadog-wire-format.md §5.7.
    const table: Array<[boolean, number | undefined, number]> = [
      [true, 2, 2],
      [true, 1, 1],
      [true, 0, 1],
      [true, -1, 1],
      [false, -1, -1],
      [false, 0, 0],
      [false, 1, 0],
      [false, 2, 0],
      [true, undefined, 1],
      [false, undefined, 0],
    ];
    for (const [sampled, priority, expected] of table) {
      it(`should give ${expected} for flag ${sampled ? 1 : 0} and s ${priority}`, () => {
        assert.strictEqual(reconcilePriority(sampled, priority), expected);
      });
    }
  });

  describe('parsePriority()', () => {
    it('should read plain integers', () => {
      assert.strictEqual(parsePriority('2'), SamplingPriority.USER_KEEP);
      assert.strictEqual(parsePriority('1'), SamplingPriority.AUTO_KEEP);
      assert.strictEqual(parsePriority('0'), SamplingPriority.AUTO_REJECT);
      assert.strictEqual(parsePriority('-1'), SamplingPriority.USER_REJECT);
      assert.strictEqual(parsePriority('5'), 5);
      assert.strictEqual(parsePriority('-3'), -3);
    });

    it('should reject what is not a plain integer', () => {
      for (const value of [
        undefined,
        '',
        '-',
        'abc',
        '2.7',
        '2abc',
        ' 1',
        '12345',
        '+1',
      ]) {
        assert.strictEqual(parsePriority(value), undefined, String(value));
      }
    });
  });
});
