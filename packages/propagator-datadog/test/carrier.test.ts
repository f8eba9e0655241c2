/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import { defaultTextMapGetter } from '@opentelemetry/api';
import {
  findKeysIgnoringCase,
  joinedString,
  lastString,
  MAX_SCANNED_KEYS,
} from '../src/carrier';

describe('carrier', () => {
  describe('lastString()', () => {
    it('should take a string, or the last string of an array', () => {
      assert.strictEqual(lastString('a'), 'a');
      assert.strictEqual(lastString(['a', 'b']), 'b');
      assert.strictEqual(lastString(['a', 2, null]), 'a');
      assert.strictEqual(lastString([]), undefined);
      assert.strictEqual(lastString(3), undefined);
      assert.strictEqual(lastString({}), undefined);
      assert.strictEqual(lastString(undefined), undefined);
    });
  });

  describe('joinedString()', () => {
    it('should join the strings of an array with commas', () => {
      assert.strictEqual(joinedString(['a=1', 7, 'b=2'], 100), 'a=1,b=2');
      assert.strictEqual(joinedString('a', 100), 'a');
      assert.strictEqual(joinedString([1, 2], 100), undefined);
      assert.strictEqual(joinedString({}, 100), undefined);
    });

    it('should give null as soon as the limit is passed', () => {
      assert.strictEqual(joinedString('abcd', 3), null);
      assert.strictEqual(joinedString(['ab', 'cd'], 4), null);
      assert.strictEqual(joinedString(['ab', 'c'], 4), 'ab,c');
      const huge = new Array(1_000_000).fill('x');
      assert.strictEqual(joinedString(huge, 512), null);
    });
  });

  describe('findKeysIgnoringCase()', () => {
    it('should map lowercase names to the carrier spelling', () => {
      const found = findKeysIgnoringCase(
        { 'X-Datadog-Trace-Id': '1', 'X-DATADOG-PARENT-ID': '2', other: '3' },
        defaultTextMapGetter,
        ['x-datadog-trace-id', 'x-datadog-parent-id', 'x-datadog-origin']
      );
      assert.deepStrictEqual(
        found,
        new Map([
          ['x-datadog-trace-id', 'X-Datadog-Trace-Id'],
          ['x-datadog-parent-id', 'X-DATADOG-PARENT-ID'],
        ])
      );
    });

    it('should cope with getters returning junk and scan a bounded number of keys', () => {
      const junkGetter = {
        keys: () => 'nope' as unknown as string[],
        get: () => undefined,
      };
      assert.strictEqual(
        findKeysIgnoringCase({}, junkGetter, ['a']),
        undefined
      );
      const carrier: Record<string, string> = {};
      for (let i = 0; i < MAX_SCANNED_KEYS; i++) carrier['k' + i] = 'v';
      carrier['A'] = 'late';
      assert.strictEqual(
        findKeysIgnoringCase(carrier, defaultTextMapGetter, ['a']),
        undefined
      );
    });
  });
});
