/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Property-based tests: a fixed seed in CI, more runs and a random seed with
// `npm run test:fuzz` (OTEL_DD_FUZZ_RUNS, OTEL_DD_FUZZ_SEED).

import * as assert from 'node:assert';
import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  isSpanContextValid,
  ROOT_CONTEXT,
  trace,
  type SpanContext,
  type TextMapGetter,
} from '@opentelemetry/api';
import * as fc from 'fast-check';
import { DatadogPropagator } from '../src/DatadogPropagator';
import { W3CTraceState } from '../src/W3CTraceState';

const runs = Number(process.env.OTEL_DD_FUZZ_RUNS ?? 300);
const seed =
  process.env.OTEL_DD_FUZZ_SEED === 'random'
    ? Date.now()
    : Number(process.env.OTEL_DD_FUZZ_SEED ?? 7);
const parameters = { numRuns: runs, seed };

const HEADERS = [
  'x-datadog-trace-id',
  'x-datadog-parent-id',
  'x-datadog-sampling-priority',
  'x-datadog-origin',
  'x-datadog-tags',
];

/** Header values of every type, near-valid ones most of all. */
const headerValue = fc.oneof(
  fc.bigInt({ min: -(1n << 65n), max: 1n << 65n }).map(String),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '_dd.p.tid=640cfd8d00000000,_dd.p.dm=-4',
    '_dd.p.a=1,',
    '2',
    '-1',
    'rum'
  ),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), {
    maxLength: 4,
  }),
  fc.anything()
);

const carrier = fc.dictionary(
  fc.oneof(
    fc.constantFrom(...HEADERS),
    fc.constantFrom(...HEADERS.map(h => h.toUpperCase())),
    fc.string()
  ),
  headerValue,
  { maxKeys: 8 }
);

describe('DatadogPropagator properties', () => {
  const propagator = new DatadogPropagator({ env: {} });

  it('extract never throws and never returns an invalid span context', () => {
    fc.assert(
      fc.property(carrier, headers => {
        const context = propagator.extract(
          ROOT_CONTEXT,
          headers,
          defaultTextMapGetter
        );
        const spanContext = trace.getSpanContext(context);
        if (spanContext !== undefined)
          assert.ok(isSpanContextValid(spanContext));
      }),
      parameters
    );
  });

  it('extract never throws whatever the getter does', () => {
    const behaviour = fc.constantFrom('throw', 'junk', 'keys-junk');
    fc.assert(
      fc.property(behaviour, fc.anything(), (kind, junk) => {
        const getter: TextMapGetter = {
          keys: () => {
            if (kind === 'throw') throw new Error('keys');
            return (
              kind === 'keys-junk' ? junk : ['X-Datadog-Trace-Id']
            ) as string[];
          },
          get: () => {
            if (kind === 'throw') throw new Error('get');
            return junk as string;
          },
        };
        const context = propagator.extract(ROOT_CONTEXT, junk, getter);
        const spanContext = trace.getSpanContext(context);
        if (spanContext !== undefined)
          assert.ok(isSpanContextValid(spanContext));
      }),
      parameters
    );
  });

  it('inject never throws, whatever the span context holds', () => {
    const spanContext = fc.record({
      traceId: fc.oneof(fc.string(), fc.stringMatching(/^[0-9a-f]{32}$/)),
      spanId: fc.oneof(fc.string(), fc.stringMatching(/^[0-9a-f]{16}$/)),
      traceFlags: fc.integer(),
      traceState: fc.option(
        fc.string().map(value => W3CTraceState.parse('dd=' + value)),
        { nil: undefined }
      ),
    });
    fc.assert(
      fc.property(spanContext, sc => {
        const out: Record<string, string> = {};
        propagator.inject(
          trace.setSpanContext(ROOT_CONTEXT, sc as SpanContext),
          out,
          defaultTextMapSetter
        );
        for (const key of Object.keys(out)) assert.ok(HEADERS.includes(key));
      }),
      parameters
    );
  });

  it('inject then extract keeps ids, sampling decision, priority, origin and tags', () => {
    const printable = (max: number) =>
      fc.string({
        unit: fc
          .integer({ min: 0x20, max: 0x7e })
          .map(c => String.fromCharCode(c)),
        minLength: 1,
        maxLength: max,
      });
    const context = fc.record({
      low: fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }),
      high: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      span: fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }),
      priority: fc.integer({ min: -1, max: 2 }),
      origin: fc.option(printable(30), { nil: undefined }),
      tags: fc.uniqueArray(
        fc.tuple(
          printable(10).filter(k => !/[,= ]/.test(k) && k !== 'tid'),
          printable(20).filter(v => !v.includes(','))
        ),
        { selector: ([k]) => k, maxLength: 5 }
      ),
    });
    fc.assert(
      fc.property(context, ({ low, high, span, priority, origin, tags }) => {
        const headers: Record<string, string> = {
          'x-datadog-trace-id': low.toString(),
          'x-datadog-parent-id': span.toString(),
          'x-datadog-sampling-priority': String(priority),
        };
        if (origin !== undefined) headers['x-datadog-origin'] = origin;
        const tagList = tags.map(([k, v]) => `_dd.p.${k}=${v}`);
        if (high > 0n)
          tagList.unshift(`_dd.p.tid=${high.toString(16).padStart(16, '0')}`);
        if (tagList.length > 0) headers['x-datadog-tags'] = tagList.join(',');

        const extracted = propagator.extract(
          ROOT_CONTEXT,
          headers,
          defaultTextMapGetter
        );
        const spanContext = trace.getSpanContext(extracted);
        assert.ok(spanContext);
        assert.strictEqual(
          spanContext.traceId,
          high.toString(16).padStart(16, '0') +
            low.toString(16).padStart(16, '0')
        );
        assert.strictEqual(spanContext.traceFlags, priority > 0 ? 1 : 0);
        const out: Record<string, string> = {};
        propagator.inject(extracted, out, defaultTextMapSetter);
        const expected = { ...headers };
        // Tags over the limit are left out as a whole, never cut.
        if ((headers['x-datadog-tags'] ?? '').length > 512)
          delete expected['x-datadog-tags'];
        assert.deepStrictEqual(out, expected);
      }),
      parameters
    );
  });

  it('reads a bounded number of array items however long the header array', () => {
    for (const length of [10, 1_000, 100_000]) {
      let reads = 0;
      const items = new Array(length).fill('_dd.p.a=' + 'x'.repeat(50));
      const counted = new Proxy(items, {
        get(target, property, receiver) {
          if (typeof property === 'string' && /^\d+$/.test(property)) reads++;
          return Reflect.get(target, property, receiver);
        },
      });
      propagator.extract(
        ROOT_CONTEXT,
        {
          'x-datadog-trace-id': '1',
          'x-datadog-parent-id': '2',
          'x-datadog-tags': counted,
        },
        defaultTextMapGetter
      );
      // 512 characters hold at most nine 59-character items.
      assert.ok(reads <= 10, `${reads} items read of ${length}`);
    }
  });
});
