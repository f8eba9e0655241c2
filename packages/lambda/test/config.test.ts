/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import { diag } from '@opentelemetry/api';
import { readBoolean, readString } from '../src/config';

describe('settings', () => {
  it('reads booleans as Datadog does', () => {
    for (const [value, expected] of [
      ['true', true],
      [' TRUE ', true],
      ['1', true],
      ['false', false],
      ['False', false],
      ['0', false],
      ['', true],
      [undefined, true],
    ] as const) {
      assert.strictEqual(
        readBoolean({ X: value }, 'X', true),
        expected,
        String(value)
      );
    }
  });

  it('warns once per invalid value and keeps the default', () => {
    const warnings: string[] = [];
    diag.setLogger(
      {
        warn: (m: string) => warnings.push(m),
        error: () => undefined,
        info: () => undefined,
        debug: () => undefined,
        verbose: () => undefined,
      },
      { suppressOverrideMessage: true }
    );
    try {
      assert.strictEqual(readBoolean({ DD_X: 'yes' }, 'DD_X', false), false);
    } finally {
      diag.disable();
    }
    assert.deepStrictEqual(warnings, [
      'DD_X="yes" is not true or false; using false',
    ]);
  });

  it('reads trimmed strings', () => {
    assert.strictEqual(readString({ A: ' a.b ' }, 'A'), 'a.b');
    assert.strictEqual(readString({ A: ' ' }, 'A'), undefined);
    assert.strictEqual(readString({}, 'A'), undefined);
  });
});
