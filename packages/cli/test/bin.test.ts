/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Runs the built `otel-dd` binary as a child process.

import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const BIN = path.join(__dirname, '..', 'src', 'bin.js');

export function otelDd(
  args: string[],
  input = ''
): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('otel-dd (built binary)', () => {
  it('should print help with --help and exit 0', () => {
    const result = otelDd(['--help']);
    assert.strictEqual(result.code, 0);
    assert.match(result.stdout, /Usage: otel-dd <command>/);
    assert.match(otelDd(['ids', '--help']).stdout, /Usage: otel-dd ids/);
  });

  it('should exit 2 with usage when no command is given', () => {
    assert.strictEqual(otelDd([]).code, 2);
  });

  it('should give a one-line error and exit 2 for an unknown command or bad id', () => {
    for (const args of [
      ['frobnicate'],
      ['ids', 'xyz'],
      ['ids'],
      ['ids', '1', '--bogus'],
    ]) {
      const result = otelDd(args);
      assert.strictEqual(result.code, 2, args.join(' '));
      assert.strictEqual(result.stdout, '');
      assert.match(result.stderr, /^otel-dd: .+\n$/);
    }
  });

  it('should convert ids as plain text for a pipe, and as JSON on request', () => {
    const result = otelDd(['ids', '6b00c4750000000006a8a8a7417d796f']);
    assert.strictEqual(result.code, 0);
    assert.match(result.stdout, /^datadog trace id: 479818796626704751$/m);
    const json = JSON.parse(
      otelDd(['ids', '123', '--json', '--tid', '640cfd8d00000000']).stdout
    );
    assert.strictEqual(
      json['otel trace id'],
      '640cfd8d00000000000000000000007b'
    );
  });
});

describe('otel-dd convert and inspect (built binary)', () => {
  it('should convert stdin and inspect it, piping plain text', () => {
    const converted = otelDd(
      ['convert', '--to', 'datadog,tracecontext'],
      '{"traceparent":"00-640cfd8d00000000000000000000007b-00000000000001c8-01"}'
    );
    assert.strictEqual(converted.code, 0, converted.stderr);
    const inspected = otelDd(['inspect'], converted.stdout);
    assert.strictEqual(inspected.code, 0, inspected.stderr);
    assert.match(inspected.stdout, /^styles found: datadog, tracecontext$/m);
    assert.match(inspected.stdout, /^agreement: agree/m);
  });

  it('should exit 2 for malformed JSON with one line naming it', () => {
    const result = otelDd(['inspect'], '{"x":');
    assert.strictEqual(result.code, 2);
    assert.match(result.stderr, /^otel-dd: malformed JSON/);
  });
});
