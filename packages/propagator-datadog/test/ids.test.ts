/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import * as fc from 'fast-check';
import {
  datadogToOtelSpanId,
  datadogToOtelTraceId,
  decimalIdToHex,
  hexIdToDecimal,
  isHex,
  otelToDatadogSpanId,
  otelToDatadogTraceId,
} from '../src/ids';

const UINT64_MAX = (1n << 64n) - 1n;
// An independent oracle: BigInt conversions.
const toHex16 = (value: bigint) => value.toString(16).padStart(16, '0');

describe('ids', () => {
  describe('decimalIdToHex()', () => {
    it('should convert the uint64 range exactly', () => {
      for (const value of [1n, 255n, (1n << 53n) + 1n, 1n << 63n, UINT64_MAX]) {
        assert.strictEqual(decimalIdToHex(value.toString()), toHex16(value));
      }
    });

    it('should convert zero to sixteen zeros (the caller decides)', () => {
      assert.strictEqual(decimalIdToHex('0'), '0000000000000000');
    });

    it('should accept leading zeros up to 20 digits', () => {
      assert.strictEqual(decimalIdToHex('00000000000000000123'), toHex16(123n));
    });

    it('should reject what dd-trace accepts leniently', () => {
      for (const value of [
        '',
        '-123',
        '12abc',
        'abc',
        ' 123',
        '123 ',
        '1e5',
        '0x10',
        '+1',
        '1.5',
        '18446744073709551616',
        '18446744073709551621',
        '000000000000000000001',
        '٣',
      ]) {
        assert.strictEqual(decimalIdToHex(value), undefined, value);
      }
    });

    it('should agree with BigInt on any uint64', () => {
      fc.assert(
        fc.property(fc.bigInt({ min: 0n, max: UINT64_MAX }), value => {
          assert.strictEqual(decimalIdToHex(value.toString()), toHex16(value));
        }),
        { seed: 1, numRuns: 2000 }
      );
    });
  });

  describe('hexIdToDecimal()', () => {
    it('should agree with BigInt on any 16 hex digits, either case', () => {
      fc.assert(
        fc.property(
          fc.bigInt({ min: 0n, max: UINT64_MAX }),
          fc.boolean(),
          (value, upper) => {
            const hex = upper ? toHex16(value).toUpperCase() : toHex16(value);
            assert.strictEqual(hexIdToDecimal(hex), value.toString());
          }
        ),
        { seed: 2, numRuns: 2000 }
      );
    });

    it('should read 16 digits at an offset', () => {
      assert.strictEqual(
        hexIdToDecimal('ffffffffffffffff000000000000007b', 16),
        '123'
      );
    });

    it('should reject non-hex or short input', () => {
      assert.strictEqual(hexIdToDecimal('000000000000007g'), undefined);
      assert.strictEqual(hexIdToDecimal('7b'), undefined);
      assert.strictEqual(hexIdToDecimal('0000000000000-7b'), undefined);
    });
  });

  describe('datadogToOtelTraceId()', () => {
    it('should pad a 64-bit id with a zero upper half', () => {
      assert.strictEqual(
        datadogToOtelTraceId('123'),
        '0000000000000000000000000000007b'
      );
    });

    it('should put _dd.p.tid in the upper half, lowercased', () => {
      assert.strictEqual(
        datadogToOtelTraceId('123', '640CFD8D00000000'),
        '640cfd8d00000000000000000000007b'
      );
    });

    it('should reject invalid parts and the all-zero id', () => {
      assert.strictEqual(datadogToOtelTraceId('abc'), undefined);
      assert.strictEqual(datadogToOtelTraceId('1', 'xyz'), undefined);
      assert.strictEqual(datadogToOtelTraceId('0'), undefined);
      assert.strictEqual(
        datadogToOtelTraceId('0', '0000000000000001'),
        '00000000000000010000000000000000'
      );
    });
  });

  describe('otelToDatadogTraceId()', () => {
    it('should split a 128-bit id into decimal low bits and tid', () => {
      assert.deepStrictEqual(
        otelToDatadogTraceId('6b00c4750000000006a8a8a7417d796f'),
        {
          traceId: BigInt('0x06a8a8a7417d796f').toString(),
          tid: '6b00c47500000000',
        }
      );
    });

    it('should reject ids that are not 32 hex digits', () => {
      assert.strictEqual(otelToDatadogTraceId('7b'), undefined);
      assert.strictEqual(
        otelToDatadogTraceId('000000000000000000000000000007b'),
        undefined
      );
      assert.strictEqual(
        otelToDatadogTraceId('g000000000000000000000000000007b'),
        undefined
      );
    });
  });

  describe('span ids', () => {
    it('should convert both ways and reject zero', () => {
      assert.strictEqual(datadogToOtelSpanId('456'), '00000000000001c8');
      assert.strictEqual(datadogToOtelSpanId('0'), undefined);
      assert.strictEqual(datadogToOtelSpanId('x'), undefined);
      assert.strictEqual(otelToDatadogSpanId('00000000000001c8'), '456');
      assert.strictEqual(otelToDatadogSpanId('1c8'), undefined);
    });
  });

  describe('isHex()', () => {
    it('should check length and digits', () => {
      assert.ok(isHex('0123456789abcdefABCDEF0000000000', 32));
      assert.ok(!isHex('0123', 3));
      assert.ok(!isHex('012g', 4));
      assert.ok(!isHex('01 3', 4));
    });
  });
});
