/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import { convertHeaders } from '../src/convertHeaders';

const datadog = {
  'x-datadog-trace-id': '123',
  'x-datadog-parent-id': '456',
  'x-datadog-sampling-priority': '2',
  'x-datadog-origin': 'rum',
  'x-datadog-tags': '_dd.p.tid=640cfd8d00000000,_dd.p.dm=-4',
};
const TRACE = '640cfd8d00000000000000000000007b';
const SPAN = '00000000000001c8';

describe('convertHeaders()', () => {
  it('should return only the target headers, keeping the received parent', () => {
    const out = convertHeaders(datadog, { to: 'tracecontext', env: {} });
    assert.deepStrictEqual(Object.keys(out).sort(), [
      'traceparent',
      'tracestate',
    ]);
    assert.strictEqual(out.traceparent, `00-${TRACE}-${SPAN}-01`);
    const dd = out.tracestate.slice(3).split(';').sort();
    assert.deepStrictEqual(dd, [
      'o:rum',
      's:2',
      't.dm:-4',
      't.tid:640cfd8d00000000',
    ]);
  });

  it('should round trip Datadog headers through every style that carries them', () => {
    for (const via of ['tracecontext', 'b3', 'b3multi']) {
      const middle = convertHeaders(datadog, { to: via, env: {} });
      const back = convertHeaders(middle, {
        from: via,
        to: 'datadog',
        env: {},
      });
      assert.strictEqual(back['x-datadog-trace-id'], '123', via);
      assert.strictEqual(back['x-datadog-parent-id'], '456', via);
      assert.match(back['x-datadog-tags'], /_dd\.p\.tid=640cfd8d00000000/, via);
    }
  });

  it('should convert to and from X-Ray', () => {
    const xray = convertHeaders(datadog, { to: 'xray', env: {} });
    assert.strictEqual(
      xray['x-amzn-trace-id'],
      `Root=1-640cfd8d-00000000000000000000007b;Parent=${SPAN};Sampled=1`
    );
    const back = convertHeaders(
      { 'X-Amzn-Trace-Id': xray['x-amzn-trace-id'] },
      { from: 'xray', to: 'datadog', env: {} }
    );
    assert.strictEqual(back['x-datadog-trace-id'], '123');
    assert.strictEqual(back['x-datadog-parent-id'], '456');
  });

  it('should carry baggage when both sides name it', () => {
    const out = convertHeaders(
      { ...datadog, baggage: 'user.id=alice,team=a%20b' },
      { from: 'datadog,baggage', to: 'baggage', env: {} }
    );
    assert.deepStrictEqual(out, { baggage: 'user.id=alice,team=a%20b' });
  });

  it('should read header names in any case and use the configured extract styles by default', () => {
    const upper = Object.fromEntries(
      Object.entries(datadog).map(([k, v]) => [k.toUpperCase(), v])
    );
    assert.strictEqual(
      convertHeaders(upper, { to: 'b3', env: {} }).b3,
      `${TRACE}-${SPAN}-1`
    );
    const b3Only = convertHeaders(datadog, {
      to: 'b3',
      env: { DD_TRACE_PROPAGATION_STYLE_EXTRACT: 'b3' },
    });
    assert.deepStrictEqual(b3Only, {});
  });

  it('should convert even when the service restarts or ignores incoming traces', () => {
    const env = { DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT: 'ignore' };
    assert.ok(convertHeaders(datadog, { to: 'tracecontext', env }).traceparent);
  });

  it('should give {} for missing or hostile input and never throw', () => {
    assert.deepStrictEqual(convertHeaders({}, { to: 'datadog', env: {} }), {});
    assert.deepStrictEqual(
      convertHeaders(null as never, { to: 'datadog', env: {} }),
      {}
    );
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('boom');
        },
        ownKeys: () => {
          throw new Error('boom');
        },
      }
    );
    assert.deepStrictEqual(
      convertHeaders(hostile, { to: 'datadog', env: {} }),
      {}
    );
    assert.deepStrictEqual(
      convertHeaders(datadog, { to: 'nonsense', env: {} }),
      {}
    );
  });
});
