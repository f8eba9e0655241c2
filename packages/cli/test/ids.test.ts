/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import { describeId } from '../src/commands/ids';
import { UsageError } from '../src/UsageError';

const rows = (id: string, tid?: string, from?: string) =>
  Object.fromEntries(describeId(id, tid, from));

describe('describeId()', () => {
  it('should split a 128-bit OTel trace id', () => {
    const hex = '6b00c4750000000006a8a8a7417d796f';
    const result = rows(hex.toUpperCase());
    assert.strictEqual(result['otel trace id'], hex);
    assert.strictEqual(
      result['datadog trace id'],
      BigInt('0x06a8a8a7417d796f').toString()
    );
    assert.strictEqual(result['_dd.p.tid'], '6b00c47500000000');
    assert.strictEqual(result['x-datadog-tags'], '_dd.p.tid=6b00c47500000000');
  });

  it('should say when a trace id is 64-bit or cannot be carried by Datadog', () => {
    assert.match(
      rows('0000000000000000000000000000007b')['_dd.p.tid'],
      /64-bit/
    );
    assert.match(rows('00000000000000010000000000000000').warning, /zero/);
  });

  it('should convert an OTel span id', () => {
    assert.strictEqual(rows('00000000000001c8')['datadog span id'], '456');
    assert.strictEqual(
      rows('ffffffffffffffff')['datadog span id'],
      '18446744073709551615'
    );
  });

  it('should convert a Datadog id, with or without a tid', () => {
    const plain = rows('123');
    assert.strictEqual(plain['otel span id'], '000000000000007b');
    assert.strictEqual(
      plain['otel trace id'],
      '0000000000000000000000000000007b'
    );
    assert.strictEqual(rows('00123')['datadog id'], '123');
    assert.strictEqual(
      rows('123', '640CFD8D00000000')['otel trace id'],
      '640cfd8d00000000000000000000007b'
    );
  });

  it('should read digits as decimal unless --from hex', () => {
    assert.strictEqual(
      rows('1234567890123456')['input'],
      'Datadog id (decimal)'
    );
    assert.strictEqual(
      rows('1234567890123456', undefined, 'hex')['input'],
      'OpenTelemetry span id (hex)'
    );
  });

  it('should refuse invalid ids, tids and forms with a usage error', () => {
    for (const [id, tid, from] of [
      ['xyz'],
      ['0'],
      ['18446744073709551616'],
      ['123', 'nothex'],
      ['123', undefined, 'octal'],
      ['6b00c4750000000006a8a8a7417d796f', undefined, 'decimal'],
    ] as Array<[string, string?, string?]>) {
      assert.throws(
        () => describeId(id, tid, from),
        UsageError,
        `${id} ${tid} ${from}`
      );
    }
  });
});
