/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import { HttpHeaders, httpHeadersGetter } from '../src/internal/httpHeaders';

function get(headers: object, key: string): string | string[] | undefined {
  return httpHeadersGetter.get(new HttpHeaders(headers), key);
}

describe('httpHeadersGetter', () => {
  it('reads the spelling asked for', () => {
    assert.strictEqual(get({ traceparent: 'a' }, 'traceparent'), 'a');
    assert.strictEqual(get({ TraceParent: 'b' }, 'TraceParent'), 'b');
  });

  it('prefers the lowercase spelling to other spellings', () => {
    const headers = { TRACEPARENT: 'upper', traceparent: 'lower' };
    assert.strictEqual(get(headers, 'traceparent'), 'lower');
    assert.strictEqual(
      get({ TRACEPARENT: 'u', traceparent: 'l' }, 'Traceparent'),
      'l'
    );
  });

  it('finds any other spelling, the last one listed', () => {
    const headers = { TraceParent: 'first', TRACEPARENT: 'last', host: 'h' };
    assert.strictEqual(get(headers, 'traceparent'), 'last');
    assert.strictEqual(get(headers, 'TRACEPARENT'), 'last');
    assert.strictEqual(get(headers, 'tracestate'), undefined);
  });

  it('reads the first value of a multi-value header, strings only', () => {
    assert.strictEqual(
      get({ 'X-Datadog-Origin': ['s', 't'] }, 'x-datadog-origin'),
      's'
    );
    assert.strictEqual(get({ traceparent: 42 }, 'traceparent'), undefined);
    assert.strictEqual(get({ traceparent: [42] }, 'traceparent'), undefined);
  });

  it('never reads inherited properties', () => {
    const headers = Object.create({ traceparent: 'inherited' }) as object;
    assert.strictEqual(get(headers, 'traceparent'), undefined);
    assert.strictEqual(get(headers, 'TraceParent'), undefined);
  });
});
