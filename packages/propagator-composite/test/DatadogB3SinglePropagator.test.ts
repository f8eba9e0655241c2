/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { DatadogB3SinglePropagator, getDatadogState } from '../src';
import { extractSpanContext, inject, localSpanContext } from './helpers';

const T16 = '0000000000000123';
const T32 = '640cfd8d00000000abcdefab12345678';
const S = '0000000000000456';
const P = '0000000000000789';

describe('DatadogB3SinglePropagator', () => {
  const propagator = new DatadogB3SinglePropagator();

  describe('.extract()', () => {
    for (const [value, priority] of [
      [`${T16}-${S}-1`, 1],
      [`${T16}-${S}-0`, 0],
      [`${T16}-${S}-d`, 2],
      // dd-trace quirk: uppercase D matches but means sampled, not debug.
      [`${T16}-${S}-D`, 1],
      [`${T16}-${S}-1-${P}`, 1],
      [`${T16}-${S}`, 0],
    ] as const) {
      it(`should read ${value} with priority ${priority}`, () => {
        const spanContext = extractSpanContext(propagator, { b3: value })!;
        assert.strictEqual(spanContext.traceId, '0000000000000000' + T16);
        assert.strictEqual(spanContext.spanId, S);
        assert.strictEqual(
          getDatadogState(spanContext).samplingPriority,
          priority
        );
      });
    }

    it('should read a 128-bit trace id in either case and set the tid', () => {
      const spanContext = extractSpanContext(propagator, {
        b3: `${T32.toUpperCase()}-${S}-1`,
      })!;
      assert.strictEqual(spanContext.traceId, T32);
      assert.strictEqual(spanContext.traceFlags, TraceFlags.SAMPLED);
      assert.deepStrictEqual(getDatadogState(spanContext).tags, [
        ['_dd.p.tid', '640cfd8d00000000'],
      ]);
    });

    it('should take the last of repeated headers', () => {
      const spanContext = extractSpanContext(propagator, {
        b3: [`${T16}-${S}-0`, `${T16}-${S}-1`],
      })!;
      assert.strictEqual(spanContext.traceFlags, TraceFlags.SAMPLED);
    });

    for (const value of [
      '0',
      '1',
      'd',
      'D',
      `${T16}-${S}-x`,
      `${T16}-${S}-1-${P}-1`,
      `${T16}-${S}-1-789`,
      `${T16}-${S}1`,
      `123-${S}-1`,
      `${T16}-456-1`,
      `0000000000000000-${S}-1`,
      `${T16}-0000000000000000-1`,
      `${T16}-${S}-1-${P}`.repeat(2),
      '',
    ]) {
      it(`should extract nothing from ${JSON.stringify(value)}`, () => {
        assert.strictEqual(
          extractSpanContext(propagator, { b3: value }),
          undefined
        );
      });
    }
  });

  describe('.inject()', () => {
    it('should write trace-span-sampled-parent, never d (dd-trace vector)', () => {
      const parent = extractSpanContext(propagator, { b3: `${T16}-${P}-d` })!;
      const provider = new BasicTracerProvider({
        idGenerator: {
          generateTraceId: () => '0'.repeat(32),
          generateSpanId: () => S,
        },
      });
      const span = provider
        .getTracer('test')
        .startSpan('child', {}, trace.setSpanContext(ROOT_CONTEXT, parent));
      assert.deepStrictEqual(
        inject(propagator, trace.setSpan(ROOT_CONTEXT, span)),
        {
          b3: `${T16}-${S}-1-${P}`,
        }
      );
      span.end();
    });

    it('should write a root without a parent and 0 for drops', () => {
      assert.deepStrictEqual(
        inject(propagator, localSpanContext(T32, S, false)),
        {
          b3: `${T32}-${S}-0`,
        }
      );
    });
  });

  describe('.fields()', () => {
    it('should list b3', () => {
      assert.deepStrictEqual(propagator.fields(), ['b3']);
    });
  });
});
