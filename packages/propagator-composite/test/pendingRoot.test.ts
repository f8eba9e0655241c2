/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import {
  defaultTextMapGetter,
  propagation,
  ROOT_CONTEXT,
  trace,
  TraceFlags,
  type Context,
} from '@opentelemetry/api';
import { getPendingRoot } from '@otel-dd/propagator-datadog';
import { DatadogCompositePropagator } from '../src';

const SYNTHETICS = {
  'x-datadog-trace-id': '1311768467463790320',
  'x-datadog-parent-id': '0',
  'x-datadog-origin': 'synthetics',
  'x-datadog-sampling-priority': '1',
  'x-datadog-tags': '_dd.p.tid=640cfd8d00000000',
};
const TRACE_ID = '640cfd8d00000000123456789abcdef0';
const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

function extract(
  headers: Record<string, string>,
  env: Record<string, string> = {},
  base: Context = ROOT_CONTEXT
): Context {
  return new DatadogCompositePropagator({ env }).extract(
    base,
    headers,
    defaultTextMapGetter
  );
}

describe('DatadogCompositePropagator with x-datadog-parent-id: 0', () => {
  it('should leave a pending root and no span context', () => {
    const context = extract(SYNTHETICS);
    assert.strictEqual(trace.getSpanContext(context), undefined);
    const root = getPendingRoot(context);
    assert.strictEqual(root?.traceId, TRACE_ID);
    assert.strictEqual(root.sampled, true);
    assert.match(String(root.traceState?.get('dd')), /o:synthetics/);
  });

  it('should keep baggage beside the pending root', () => {
    const context = extract({ ...SYNTHETICS, baggage: 'user.id=alice' });
    assert.strictEqual(getPendingRoot(context)?.traceId, TRACE_ID);
    assert.strictEqual(
      propagation.getBaggage(context)?.getEntry('user.id')?.value,
      'alice'
    );
  });

  it('should prefer a context from another style', () => {
    const context = extract({ ...SYNTHETICS, traceparent: TRACEPARENT });
    assert.strictEqual(
      trace.getSpanContext(context)?.traceId,
      '0af7651916cd43dd8448eb211c80319c'
    );
    assert.strictEqual(getPendingRoot(context), undefined);
  });

  for (const [name, env] of [
    [
      'without the datadog style',
      { DD_TRACE_PROPAGATION_STYLE: 'tracecontext' },
    ],
    ['under restart', { DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT: 'restart' }],
    ['under ignore', { DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT: 'ignore' }],
  ] as Array<[string, Record<string, string>]>) {
    it(`should leave nothing ${name}`, () => {
      assert.strictEqual(getPendingRoot(extract(SYNTHETICS, env)), undefined);
    });
  }

  it('should leave nothing when the context holds a valid span', () => {
    const base = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '0123456789abcdef0123456789abcdef',
      spanId: '0123456789abcdef',
      traceFlags: TraceFlags.SAMPLED,
    });
    assert.strictEqual(
      getPendingRoot(extract(SYNTHETICS, {}, base)),
      undefined
    );
  });

  it('should leave nothing for other parent ids that are not valid', () => {
    for (const parent of ['00', '-0', '', 'x']) {
      const context = extract({ ...SYNTHETICS, 'x-datadog-parent-id': parent });
      assert.strictEqual(getPendingRoot(context), undefined, parent);
    }
  });
});
