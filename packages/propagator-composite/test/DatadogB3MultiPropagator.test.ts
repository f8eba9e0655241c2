/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import {
  DatadogB3MultiPropagator,
  DatadogTraceContextPropagator,
  getDatadogState,
} from '../src';
import {
  childOf,
  extractSpanContext,
  inject,
  localSpanContext,
} from './helpers';

describe('DatadogB3MultiPropagator', () => {
  const propagator = new DatadogB3MultiPropagator();

  describe('.extract()', () => {
    it('should read 64-bit ids as a 128-bit trace id without tid', () => {
      const spanContext = extractSpanContext(propagator, {
        'x-b3-traceid': '0000000000000123',
        'x-b3-spanid': '0000000000000456',
        'x-b3-sampled': '1',
      })!;
      assert.strictEqual(
        spanContext.traceId,
        '00000000000000000000000000000123'
      );
      assert.strictEqual(spanContext.spanId, '0000000000000456');
      assert.strictEqual(spanContext.traceFlags, TraceFlags.SAMPLED);
      assert.deepStrictEqual(getDatadogState(spanContext).tags, []);
    });

    it('should map the debug flag to priority 2 and set the tid', () => {
      const spanContext = extractSpanContext(propagator, {
        'x-b3-traceid': '640CFD8D00000000ABCDEFAB12345678',
        'x-b3-spanid': '3ADE68B1ABCDEF01',
        'x-b3-flags': '1',
        'x-b3-sampled': '0',
      })!;
      assert.strictEqual(
        spanContext.traceId,
        '640cfd8d00000000abcdefab12345678'
      );
      assert.strictEqual(spanContext.spanId, '3ade68b1abcdef01');
      assert.deepStrictEqual(getDatadogState(spanContext), {
        samplingPriority: 2,
        origin: undefined,
        tags: [['_dd.p.tid', '640cfd8d00000000']],
        lastParentId: undefined,
      });
    });

    for (const [sampled, priority] of [
      ['1', 1],
      ['0', 0],
      ['true', 0],
      ['d', 0],
    ] as const) {
      it(`should read x-b3-sampled ${sampled} as priority ${priority}`, () => {
        const spanContext = extractSpanContext(propagator, {
          'x-b3-traceid': '0000000000000123',
          'x-b3-spanid': '0000000000000456',
          'x-b3-sampled': sampled,
        })!;
        assert.strictEqual(
          getDatadogState(spanContext).samplingPriority,
          priority
        );
      });
    }

    it('should take the last value of repeated headers', () => {
      const spanContext = extractSpanContext(propagator, {
        'x-b3-traceid': ['0000000000000001', '0000000000000123'],
        'x-b3-spanid': '0000000000000456',
        'x-b3-sampled': ['0', '1'],
      })!;
      assert.strictEqual(
        spanContext.traceId,
        '00000000000000000000000000000123'
      );
      assert.strictEqual(spanContext.traceFlags, TraceFlags.SAMPLED);
    });

    for (const [name, headers] of [
      ['no headers', {}],
      ['a lone span id', { 'x-b3-spanid': '0000000000000456' }],
      // A sampling decision without ids: dd-trace makes a "sampling-only"
      // context with no span id, which OpenTelemetry cannot hold.
      ['a decision without ids', { 'x-b3-sampled': '1' }],
      [
        'a short trace id',
        {
          'x-b3-traceid': '123',
          'x-b3-spanid': '0000000000000456',
          'x-b3-sampled': '1',
        },
      ],
      [
        'a 20-digit trace id',
        {
          'x-b3-traceid': '00000000000000000123',
          'x-b3-spanid': '0000000000000456',
        },
      ],
      [
        'a zero trace id',
        {
          'x-b3-traceid': '0000000000000000',
          'x-b3-spanid': '0000000000000456',
        },
      ],
      [
        'a zero span id',
        {
          'x-b3-traceid': '0000000000000123',
          'x-b3-spanid': '0000000000000000',
        },
      ],
      [
        'a non-hex span id',
        {
          'x-b3-traceid': '0000000000000123',
          'x-b3-spanid': '000000000000045g',
        },
      ],
    ] as const) {
      it(`should extract nothing from ${name}`, () => {
        assert.strictEqual(
          extractSpanContext(propagator, headers as Record<string, string>),
          undefined
        );
      });
    }
  });

  describe('.inject()', () => {
    it('should write 16-hex ids, sampled, flags for priority 2 and the parent (dd-trace vector)', () => {
      // ids 0x123 / 0x456 / parent 0x789, priority 2, through the SDK.
      let next = ['0000000000000456'];
      const provider = new BasicTracerProvider({
        idGenerator: {
          generateTraceId: () => '00000000000000000000000000000123',
          generateSpanId: () => next.shift() as string,
        },
      });
      const parent = extractSpanContext(propagator, {
        'x-b3-traceid': '0000000000000123',
        'x-b3-spanid': '0000000000000789',
        'x-b3-flags': '1',
      })!;
      const span = provider
        .getTracer('test')
        .startSpan('child', {}, trace.setSpanContext(ROOT_CONTEXT, parent));
      assert.deepStrictEqual(
        inject(propagator, trace.setSpan(ROOT_CONTEXT, span)),
        {
          'x-b3-traceid': '0000000000000123',
          'x-b3-spanid': '0000000000000456',
          'x-b3-sampled': '1',
          'x-b3-flags': '1',
          'x-b3-parentspanid': '0000000000000789',
        }
      );
      span.end();
      next = [];
    });

    it('should write 32 hex digits for 128-bit trace ids and sampled 0 for drops', () => {
      assert.deepStrictEqual(
        inject(
          propagator,
          localSpanContext(
            '640cfd8d00000000abcdefab12345678',
            '3ade68b1abcdef01',
            false
          )
        ),
        {
          'x-b3-traceid': '640cfd8d00000000abcdefab12345678',
          'x-b3-spanid': '3ade68b1abcdef01',
          'x-b3-sampled': '0',
        }
      );
    });

    it('should keep 32 digits for a trace received as 128 bits with a zero upper half', () => {
      const w3c = new DatadogTraceContextPropagator();
      const parent = extractSpanContext(w3c, {
        traceparent: '00-0000000000000000000000000000007b-000000003ade68b1-01',
      })!;
      assert.strictEqual(
        inject(propagator, childOf(parent, '5555eeee6666ffff'))['x-b3-traceid'],
        '0000000000000000000000000000007b'
      );
    });

    it('should write the priority kept in tracestate', () => {
      const w3c = new DatadogTraceContextPropagator();
      const parent = extractSpanContext(w3c, {
        traceparent: '00-640cfd8d00000000abcdefab12345678-000000003ade68b1-01',
        tracestate: 'dd=s:2',
      })!;
      assert.strictEqual(
        inject(propagator, childOf(parent, '5555eeee6666ffff'))['x-b3-flags'],
        '1'
      );
    });

    it('should write nothing for invalid or suppressed contexts', () => {
      assert.deepStrictEqual(inject(propagator, ROOT_CONTEXT), {});
      assert.deepStrictEqual(
        inject(
          propagator,
          suppressTracing(
            trace.setSpanContext(
              ROOT_CONTEXT,
              localSpanContext(
                '640cfd8d00000000abcdefab12345678',
                '3ade68b1abcdef01'
              )
            )
          )
        ),
        {}
      );
    });
  });

  describe('.fields()', () => {
    it('should list the x-b3 headers', () => {
      assert.deepStrictEqual(propagator.fields(), [
        'x-b3-traceid',
        'x-b3-spanid',
        'x-b3-sampled',
        'x-b3-flags',
        'x-b3-parentspanid',
      ]);
    });
  });
});
