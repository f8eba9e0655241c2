/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import {
  defaultTextMapGetter,
  ROOT_CONTEXT,
  trace,
  TraceFlags,
} from '@opentelemetry/api';
import { DatadogPropagator } from '../src/DatadogPropagator';
import { getPendingRoot } from '../src/pendingRoot';

const SYNTHETICS = {
  'x-datadog-trace-id': '1311768467463790320',
  'x-datadog-parent-id': '0',
  'x-datadog-origin': 'synthetics',
  'x-datadog-sampling-priority': '1',
  'x-datadog-tags': '_dd.p.tid=640cfd8d00000000',
};
const TRACE_ID = '640cfd8d00000000123456789abcdef0';

function extract(headers: Record<string, string>, base = ROOT_CONTEXT) {
  return new DatadogPropagator({ env: {} }).extract(
    base,
    headers,
    defaultTextMapGetter
  );
}

describe('DatadogPropagator with x-datadog-parent-id: 0', () => {
  it('should return no span context but a pending root', () => {
    const context = extract(SYNTHETICS);
    assert.strictEqual(trace.getSpanContext(context), undefined);
    const root = getPendingRoot(context);
    assert.ok(root !== undefined);
    assert.strictEqual(root.traceId, TRACE_ID);
    assert.strictEqual(root.sampled, true);
    assert.strictEqual(root.consumed, false);
    assert.strictEqual(
      root.traceState?.get('dd'),
      's:1;o:synthetics;t.tid:640cfd8d00000000'
    );
  });

  it('should record a drop decision', () => {
    const context = extract({
      ...SYNTHETICS,
      'x-datadog-sampling-priority': '-1',
    });
    assert.strictEqual(getPendingRoot(context)?.sampled, false);
  });

  it('should find headers spelled in any case', () => {
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(SYNTHETICS)) {
      headers[key.toUpperCase()] = value;
    }
    assert.strictEqual(getPendingRoot(extract(headers))?.traceId, TRACE_ID);
  });

  for (const [name, headers] of [
    ['a missing parent id', { 'x-datadog-trace-id': '123' }],
    ['parent id 00', { ...SYNTHETICS, 'x-datadog-parent-id': '00' }],
    ['parent id garbage', { ...SYNTHETICS, 'x-datadog-parent-id': '0x' }],
    ['trace id 0', { ...SYNTHETICS, 'x-datadog-trace-id': '0' }],
    ['an invalid trace id', { ...SYNTHETICS, 'x-datadog-trace-id': 'abc' }],
  ] as Array<[string, Record<string, string>]>) {
    it(`should record nothing for ${name}`, () => {
      assert.strictEqual(extract(headers), ROOT_CONTEXT);
    });
  }

  it('should record nothing when the context holds a valid span', () => {
    const base = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '0123456789abcdef0123456789abcdef',
      spanId: '0123456789abcdef',
      traceFlags: TraceFlags.SAMPLED,
    });
    assert.strictEqual(extract(SYNTHETICS, base), base);
  });

  it('should read the pending root for composite propagators', () => {
    const propagator = new DatadogPropagator({ env: {} });
    const root = propagator.extractPendingRoot(
      SYNTHETICS,
      defaultTextMapGetter
    );
    assert.strictEqual(root?.traceId, TRACE_ID);
    assert.strictEqual(
      propagator.extractPendingRoot(
        { ...SYNTHETICS, 'x-datadog-parent-id': '1' },
        defaultTextMapGetter
      ),
      undefined
    );
    // Its span context stays out of reach of extractSpanContext.
    assert.strictEqual(
      propagator.extractSpanContext(SYNTHETICS, defaultTextMapGetter),
      undefined
    );
  });
});
