/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  SamplingDecision,
  SpanKind,
  trace,
  TraceFlags,
  type Context,
  type Sampler,
} from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { DatadogIdGenerator } from '../src/DatadogIdGenerator';
import { DatadogPropagator } from '../src/DatadogPropagator';
import { DatadogSampler } from '../src/DatadogSampler';
import { PendingRoot, setPendingRoot } from '../src/pendingRoot';

const TRACE_ID = '640cfd8d00000000123456789abcdef0';
const SYNTHETICS = {
  'x-datadog-trace-id': '1311768467463790320',
  'x-datadog-parent-id': '0',
  'x-datadog-origin': 'synthetics',
  'x-datadog-sampling-priority': '1',
  'x-datadog-tags': '_dd.p.tid=640cfd8d00000000',
};

function sample(sampler: Sampler, context: Context, traceId = TRACE_ID) {
  return sampler.shouldSample(
    context,
    traceId,
    'span',
    SpanKind.SERVER,
    {},
    []
  );
}

describe('DatadogSampler', () => {
  const propagator = new DatadogPropagator({ env: {} });

  it('should sample the pending root by its priority, with its state', () => {
    for (const [priority, decision] of [
      ['2', SamplingDecision.RECORD_AND_SAMPLED],
      ['0', SamplingDecision.NOT_RECORD],
    ] as const) {
      const root = propagator.extractPendingRoot(
        { ...SYNTHETICS, 'x-datadog-sampling-priority': priority },
        defaultTextMapGetter
      )!;
      root.consumed = true;
      const result = sample(
        new DatadogSampler(),
        setPendingRoot(ROOT_CONTEXT, root)
      );
      assert.strictEqual(result.decision, decision);
      assert.strictEqual(result.traceState, root.traceState);
    }
  });

  it('should delegate for other trace ids and unconsumed roots', () => {
    const calls: string[] = [];
    const delegate: Sampler = {
      shouldSample: (_context, traceId) => {
        calls.push(traceId);
        return { decision: SamplingDecision.RECORD };
      },
    };
    const root = new PendingRoot(TRACE_ID, true, undefined);
    const context = setPendingRoot(ROOT_CONTEXT, root);
    const sampler = new DatadogSampler(delegate);
    // Not taken by the id generator: the span has another trace id.
    assert.strictEqual(
      sample(sampler, context).decision,
      SamplingDecision.RECORD
    );
    root.consumed = true;
    assert.strictEqual(
      sample(sampler, context, '1'.repeat(32)).decision,
      SamplingDecision.RECORD
    );
    assert.deepStrictEqual(calls, [TRACE_ID, '1'.repeat(32)]);
  });

  it('should default to ParentBased(AlwaysOn)', () => {
    const sampler = new DatadogSampler();
    const parent = (traceFlags: TraceFlags) =>
      trace.setSpanContext(ROOT_CONTEXT, {
        traceId: TRACE_ID,
        spanId: '0123456789abcdef',
        traceFlags,
        isRemote: true,
      });
    assert.strictEqual(
      sample(sampler, ROOT_CONTEXT).decision,
      SamplingDecision.RECORD_AND_SAMPLED
    );
    assert.strictEqual(
      sample(sampler, parent(TraceFlags.SAMPLED)).decision,
      SamplingDecision.RECORD_AND_SAMPLED
    );
    assert.strictEqual(
      sample(sampler, parent(TraceFlags.NONE)).decision,
      SamplingDecision.NOT_RECORD
    );
  });

  it('should not throw when the delegate does', () => {
    const sampler = new DatadogSampler({
      shouldSample: () => {
        throw new Error('broken');
      },
    });
    assert.strictEqual(
      sample(sampler, ROOT_CONTEXT).decision,
      SamplingDecision.RECORD_AND_SAMPLED
    );
  });

  describe('in the SDK, with DatadogIdGenerator', () => {
    it('should make the root span of the Synthetics trace', () => {
      const exporter = new InMemorySpanExporter();
      const tracer = new BasicTracerProvider({
        idGenerator: new DatadogIdGenerator(),
        sampler: new DatadogSampler(),
        spanProcessors: [new SimpleSpanProcessor(exporter)],
      }).getTracer('test');
      const extracted = propagator.extract(
        ROOT_CONTEXT,
        SYNTHETICS,
        defaultTextMapGetter
      );
      const server = tracer.startSpan('server', {}, extracted);
      const child = tracer.startSpan(
        'child',
        {},
        trace.setSpan(extracted, server)
      );
      const other = tracer.startSpan('other', { root: true }, extracted);
      const outgoing: Record<string, string> = {};
      propagator.inject(
        trace.setSpan(ROOT_CONTEXT, child),
        outgoing,
        defaultTextMapSetter
      );
      for (const span of [server, child, other]) span.end();

      assert.strictEqual(server.spanContext().traceId, TRACE_ID);
      assert.strictEqual(server.spanContext().traceFlags, TraceFlags.SAMPLED);
      assert.strictEqual(child.spanContext().traceId, TRACE_ID);
      assert.notStrictEqual(other.spanContext().traceId, TRACE_ID);
      assert.strictEqual(other.spanContext().traceState, undefined);
      assert.strictEqual(
        outgoing['x-datadog-trace-id'],
        SYNTHETICS['x-datadog-trace-id']
      );
      assert.strictEqual(outgoing['x-datadog-origin'], 'synthetics');
      assert.strictEqual(outgoing['x-datadog-sampling-priority'], '1');
      assert.strictEqual(
        outgoing['x-datadog-tags'],
        '_dd.p.tid=640cfd8d00000000'
      );
      const names = exporter.getFinishedSpans().map(span => span.name);
      assert.deepStrictEqual(names.sort(), ['child', 'other', 'server']);
    });
  });
});
