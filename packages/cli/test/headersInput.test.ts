/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import {
  MAX_INPUT_LENGTH,
  parseHeaderArgs,
  parseHeadersText,
} from '../src/headersInput';
import { UsageError } from '../src/UsageError';

const plain = (value: object) => JSON.parse(JSON.stringify(value));

describe('headers input', () => {
  it('should read a JSON object, lowercasing names', () => {
    assert.deepStrictEqual(
      plain(
        parseHeadersText('{"X-Datadog-Trace-Id":"123","baggage":["a=1","b=2"]}')
      ),
      {
        'x-datadog-trace-id': '123',
        baggage: ['a=1', 'b=2'],
      }
    );
  });

  it('should read curl -v output and browser copies', () => {
    const text = [
      '* Connected to localhost',
      '> GET / HTTP/1.1',
      '> Host: localhost',
      '> X-Datadog-Trace-Id: 123',
      '> traceparent: 00-0000000000000000000000000000007b-00000000000001c8-01',
      '>',
      '< HTTP/1.1 200 OK',
      'tracestate: dd=s:2;o:rum',
      'tracestate: other=x',
    ].join('\r\n');
    assert.deepStrictEqual(plain(parseHeadersText(text)), {
      host: 'localhost',
      'x-datadog-trace-id': '123',
      traceparent: '00-0000000000000000000000000000007b-00000000000001c8-01',
      tracestate: ['dd=s:2;o:rum', 'other=x'],
    });
  });

  it('should read -H arguments', () => {
    assert.deepStrictEqual(
      plain(parseHeaderArgs(['x-datadog-trace-id: 123', 'b3: 1'])),
      {
        'x-datadog-trace-id': '123',
        b3: '1',
      }
    );
  });

  it('should ignore prototype keys', () => {
    const headers = parseHeadersText(
      '{"__proto__":"x","constructor":"y","a":"1"}'
    );
    assert.deepStrictEqual(plain(headers), { a: '1' });
    assert.strictEqual(({} as Record<string, unknown>).x, undefined);
  });

  it('should refuse malformed input with a usage error naming the problem', () => {
    assert.throws(() => parseHeadersText('{"a":'), /malformed JSON/);
    assert.throws(() => parseHeadersText('[1]'), UsageError);
    assert.throws(() => parseHeadersText('{"a":1}'), /must be a string/);
    assert.throws(() => parseHeadersText('no colon here'), /not a header line/);
    assert.throws(() => parseHeaderArgs(['  : empty']), /empty name/);
    assert.throws(
      () => parseHeadersText('x'.repeat(MAX_INPUT_LENGTH + 1)),
      /over/
    );
  });
});
