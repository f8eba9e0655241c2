/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import { parseArgs } from '../src/args';
import { formatPlain, formatRows, formatTable } from '../src/output';

describe('parseArgs()', () => {
  const values = { '--to': '--to', '-H': '-H', '--header': '-H' };

  it('should read values, repeated values, flags and positionals', () => {
    const parsed = parseArgs(
      [
        'x',
        '--to',
        'b3',
        '-H',
        'a: 1',
        '--header=b: 2',
        '--json',
        '--',
        '--raw',
      ],
      values,
      ['--json']
    );
    assert.deepStrictEqual(parsed.positionals, ['x', '--raw']);
    assert.deepStrictEqual(parsed.values.get('--to'), ['b3']);
    assert.deepStrictEqual(parsed.values.get('-H'), ['a: 1', 'b: 2']);
    assert.ok(parsed.flags.has('--json'));
  });

  it('should refuse unknown options, missing values and values on flags', () => {
    assert.throws(
      () => parseArgs(['--nope'], values, []),
      /unknown option --nope/
    );
    assert.throws(() => parseArgs(['--to'], values, []), /needs a value/);
    assert.throws(
      () => parseArgs(['--json=1'], values, ['--json']),
      /takes no value/
    );
  });
});

describe('output', () => {
  const rows: Array<[string, string]> = [
    ['a', '1'],
    ['long label', '2'],
  ];

  it('should align a table for a TTY and print plain lines otherwise', () => {
    assert.strictEqual(formatTable(rows), 'a           1\nlong label  2\n');
    assert.strictEqual(formatPlain(rows), 'a: 1\nlong label: 2\n');
    assert.strictEqual(formatRows(rows, true), formatTable(rows));
    assert.strictEqual(formatRows([], false), '');
  });
});
