/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  isSpanContextValid,
  ROOT_CONTEXT,
  trace,
  TraceFlags,
  type Context,
  type SpanContext,
  type TextMapGetter,
} from '@opentelemetry/api';
import {
  suppressTracing,
  TraceState as CoreTraceState,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import {
  DatadogPropagator,
  isValidSpanContextFast,
} from '../src/DatadogPropagator';
import { W3CTraceState } from '../src/W3CTraceState';

type Headers = Record<string, unknown>;

const TRACE_123 = '0000000000000000000000000000007b';
const SPAN_456 = '00000000000001c8';

function extract(
  headers: Headers,
  propagator = new DatadogPropagator({ env: {} }),
  base: Context = ROOT_CONTEXT
) {
  return trace.getSpanContext(
    propagator.extract(base, headers, defaultTextMapGetter)
  );
}

function inject(
  spanContext: SpanContext,
  propagator = new DatadogPropagator({ env: {} }),
  context: Context = ROOT_CONTEXT
) {
  const carrier: Record<string, string> = {};
  propagator.inject(
    trace.setSpanContext(context, spanContext),
    carrier,
    defaultTextMapSetter
  );
  return carrier;
}

function roundTrip(
  headers: Headers,
  propagator = new DatadogPropagator({ env: {} })
) {
  const spanContext = extract(headers, propagator);
  assert.ok(spanContext, 'extracted');
  return inject(spanContext, propagator);
}

const basic = {
  'x-datadog-trace-id': '123',
  'x-datadog-parent-id': '456',
  'x-datadog-sampling-priority': '2',
};

describe('DatadogPropagator', () => {
  describe('.fields()', () => {
    it('should return exactly the five Datadog headers', () => {
      assert.deepStrictEqual(new DatadogPropagator().fields(), [
        'x-datadog-trace-id',
        'x-datadog-parent-id',
        'x-datadog-sampling-priority',
        'x-datadog-origin',
        'x-datadog-tags',
      ]);
    });
  });

  describe('.extract()', () => {
    it('should extract a remote span context with the Datadog state in dd', () => {
      const spanContext = extract({
        ...basic,
        'x-datadog-origin': 'rum',
        'x-datadog-tags': '_dd.p.tid=640cfd8d00000000,_dd.p.dm=-4',
      });
      assert.ok(spanContext);
      assert.strictEqual(
        spanContext.traceId,
        '640cfd8d00000000000000000000007b'
      );
      assert.strictEqual(spanContext.spanId, SPAN_456);
      assert.strictEqual(spanContext.traceFlags, TraceFlags.SAMPLED);
      assert.strictEqual(spanContext.isRemote, true);
      assert.strictEqual(
        spanContext.traceState?.get('dd'),
        's:2;o:rum;t.tid:640cfd8d00000000;t.dm:-4'
      );
      assert.ok(isSpanContextValid(spanContext));
    });

    it('should set the sampled flag iff the priority is above 0', () => {
      const flags = (priority: string) =>
        extract({ ...basic, 'x-datadog-sampling-priority': priority })
          ?.traceFlags;
      assert.strictEqual(flags('2'), TraceFlags.SAMPLED);
      assert.strictEqual(flags('1'), TraceFlags.SAMPLED);
      assert.strictEqual(flags('0'), TraceFlags.NONE);
      assert.strictEqual(flags('-1'), TraceFlags.NONE);
    });

    it('should pad a 64-bit trace id with zeros', () => {
      assert.strictEqual(extract(basic)?.traceId, TRACE_123);
    });

    describe('edge cases of the reference table (stricter than dd-trace on garbage)', () => {
      const none: Array<[string, Headers]> = [
        ['only a trace id', { 'x-datadog-trace-id': '123' }],
        ['trace id 0', { ...basic, 'x-datadog-trace-id': '0' }],
        ['trace id 0000', { ...basic, 'x-datadog-trace-id': '0000' }],
        [
          'parent id 0 (dd-trace: span id 0; OTel cannot represent it)',
          { ...basic, 'x-datadog-parent-id': '0' },
        ],
        [
          'trace id abc (dd-trace: id 0)',
          { ...basic, 'x-datadog-trace-id': 'abc' },
        ],
        [
          'trace id with a leading space (dd-trace: id 0)',
          { ...basic, 'x-datadog-trace-id': ' 123' },
        ],
        [
          'trace id 2^64 (dd-trace: wraps to 0)',
          { ...basic, 'x-datadog-trace-id': '18446744073709551616' },
        ],
        [
          'trace id 2^64+5 (dd-trace: wraps to 5)',
          { ...basic, 'x-datadog-trace-id': '18446744073709551621' },
        ],
        [
          'negative trace id (dd-trace: two complement)',
          { ...basic, 'x-datadog-trace-id': '-123' },
        ],
        [
          'trace id 12abc (dd-trace: 12)',
          { ...basic, 'x-datadog-trace-id': '12abc' },
        ],
        ['empty trace id', { ...basic, 'x-datadog-trace-id': '' }],
        ['empty parent id', { ...basic, 'x-datadog-parent-id': '' }],
        ['no headers', {}],
      ];
      for (const [name, headers] of none) {
        it(`should give no context for ${name}`, () => {
          assert.strictEqual(extract(headers), undefined);
        });
      }

      it('should accept 2^64-1 exactly', () => {
        assert.strictEqual(
          extract({ ...basic, 'x-datadog-trace-id': '18446744073709551615' })
            ?.traceId,
          '0000000000000000ffffffffffffffff'
        );
      });

      it('should extract without a priority when it is not an integer', () => {
        for (const priority of ['abc', '2.7']) {
          const spanContext = extract({
            ...basic,
            'x-datadog-sampling-priority': priority,
          });
          assert.ok(spanContext);
          assert.strictEqual(spanContext.traceFlags, TraceFlags.NONE);
          assert.strictEqual(spanContext.traceState, undefined);
        }
      });

      it('should keep any integer priority', () => {
        const spanContext = extract({
          ...basic,
          'x-datadog-sampling-priority': '5',
        });
        assert.strictEqual(spanContext?.traceState?.get('dd'), 's:5');
        assert.strictEqual(spanContext?.traceFlags, TraceFlags.SAMPLED);
      });

      it('should take the last value of repeated single headers and join repeated tags', () => {
        const spanContext = extract({
          'x-datadog-trace-id': ['1', '123'],
          'x-datadog-parent-id': ['9', '456'],
          'x-datadog-sampling-priority': ['1', '2'],
          'x-datadog-origin': ['a', 'synthetics'],
          'x-datadog-tags': ['_dd.p.tid=640cfd8d00000000', 7, '_dd.p.dm=-4'],
        });
        assert.ok(spanContext);
        assert.strictEqual(
          spanContext.traceId,
          '640cfd8d00000000000000000000007b'
        );
        assert.strictEqual(spanContext.spanId, SPAN_456);
        assert.strictEqual(
          spanContext.traceState?.get('dd'),
          's:2;o:synthetics;t.tid:640cfd8d00000000;t.dm:-4'
        );
      });

      it('should apply the tags limit to the joined value', () => {
        const half = '_dd.p.a=' + 'x'.repeat(247); // 255 characters
        const ok = extract({
          ...basic,
          'x-datadog-tags': [half, '_dd.p.b=' + 'y'.repeat(248)],
        });
        assert.match(ok?.traceState?.get('dd') ?? '', /^s:2/);
        const joinedLength = 255 + 1 + 256;
        assert.strictEqual(joinedLength, 512);
        const tooLong = extract({
          ...basic,
          'x-datadog-tags': [half, '_dd.p.b=' + 'y'.repeat(249)],
        });
        assert.strictEqual(tooLong?.traceState?.get('dd'), 's:2');
      });

      it('should match header names in any case through the getter keys', () => {
        const spanContext = extract({
          'X-Datadog-Trace-Id': '123',
          'X-DATADOG-PARENT-ID': '456',
          'x-Datadog-Sampling-Priority': '1',
          'X-Datadog-Origin': 'lambda',
        });
        assert.strictEqual(spanContext?.traceId, TRACE_123);
        assert.strictEqual(spanContext?.traceState?.get('dd'), 's:1;o:lambda');
      });

      it('should ignore non-string header values', () => {
        assert.strictEqual(
          extract({ ...basic, 'x-datadog-trace-id': 123 }),
          undefined
        );
        const spanContext = extract({ ...basic, 'x-datadog-origin': { o: 1 } });
        assert.strictEqual(spanContext?.traceState?.get('dd'), 's:2');
      });
    });

    it('should keep other tags when _dd.p.tid is malformed, as a 64-bit trace', () => {
      const spanContext = extract({
        ...basic,
        'x-datadog-tags': '_dd.p.tid=malformed,_dd.p.dm=-4',
      });
      assert.strictEqual(spanContext?.traceId, TRACE_123);
      assert.strictEqual(spanContext?.traceState?.get('dd'), 's:2;t.dm:-4');
    });

    it('should drop all tags, not the context, when one member is invalid', () => {
      const spanContext = extract({
        ...basic,
        'x-datadog-tags': '_dd.p.tid=640cfd8d00000000,foo=bar',
      });
      assert.strictEqual(spanContext?.traceId, TRACE_123);
      assert.strictEqual(spanContext?.traceState?.get('dd'), 's:2');
    });

    it('should read no tags when DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH is 0', () => {
      const propagator = new DatadogPropagator({
        env: { DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH: '0' },
      });
      const spanContext = extract(
        { ...basic, 'x-datadog-tags': '_dd.p.tid=640cfd8d00000000' },
        propagator
      );
      assert.strictEqual(spanContext?.traceId, TRACE_123);
    });

    it('should ignore an origin over 256 characters', () => {
      const spanContext = extract({
        ...basic,
        'x-datadog-origin': 'o'.repeat(257),
      });
      assert.strictEqual(spanContext?.traceState?.get('dd'), 's:2');
    });

    it('should keep other vendors of the incoming context first-in-line after dd', () => {
      const base = trace.setSpanContext(ROOT_CONTEXT, {
        traceId: TRACE_123,
        spanId: SPAN_456,
        traceFlags: 1,
        traceState: new CoreTraceState('other=bleh,dd=s:-1'),
      });
      const spanContext = extract(basic, undefined, base);
      assert.strictEqual(
        spanContext?.traceState?.serialize(),
        'dd=s:2,other=bleh'
      );
    });

    it('should return the context unchanged and not throw for hostile carriers', () => {
      const propagator = new DatadogPropagator({ env: {} });
      const throwing: TextMapGetter = {
        keys: () => {
          throw new Error('keys');
        },
        get: () => {
          throw new Error('get');
        },
      };
      assert.strictEqual(
        propagator.extract(ROOT_CONTEXT, {}, throwing),
        ROOT_CONTEXT
      );
      assert.strictEqual(
        propagator.extract(ROOT_CONTEXT, null, defaultTextMapGetter),
        ROOT_CONTEXT
      );
      const frozen = Object.freeze({ ...basic });
      assert.ok(
        trace.getSpanContext(
          propagator.extract(ROOT_CONTEXT, frozen, defaultTextMapGetter)
        )
      );
    });
  });

  describe('.inject()', () => {
    const sampled: SpanContext = {
      traceId: TRACE_123,
      spanId: SPAN_456,
      traceFlags: TraceFlags.SAMPLED,
    };

    it('should write decimal ids, priority and lowercase names', () => {
      assert.deepStrictEqual(inject(sampled), {
        'x-datadog-trace-id': '123',
        'x-datadog-parent-id': '456',
        'x-datadog-sampling-priority': '1',
      });
    });

    it('should write the low 64 bits and the upper half as _dd.p.tid', () => {
      const headers = inject({
        ...sampled,
        traceId: '6b00c47500000000ffffffffffffffff',
      });
      assert.strictEqual(headers['x-datadog-trace-id'], '18446744073709551615');
      assert.strictEqual(
        headers['x-datadog-tags'],
        '_dd.p.tid=6b00c47500000000'
      );
    });

    it('should reconcile the priority with the trace flags', () => {
      const withPriority = (s: string, traceFlags: number) =>
        inject({
          ...sampled,
          traceFlags,
          traceState: W3CTraceState.parse('dd=' + s),
        })['x-datadog-sampling-priority'];
      assert.strictEqual(withPriority('s:2', TraceFlags.SAMPLED), '2');
      assert.strictEqual(withPriority('s:2', TraceFlags.NONE), '0');
      assert.strictEqual(withPriority('s:-1', TraceFlags.NONE), '-1');
      assert.strictEqual(withPriority('s:-1', TraceFlags.SAMPLED), '1');
      assert.strictEqual(withPriority('o:rum', TraceFlags.NONE), '0');
      assert.strictEqual(
        inject({ ...sampled, traceFlags: TraceFlags.NONE })[
          'x-datadog-sampling-priority'
        ],
        '0'
      );
    });

    it('should write origin and tags from a dd member another propagator made', () => {
      const headers = inject({
        ...sampled,
        traceId: '640cfd8d00000000000000000000007b',
        traceState: new CoreTraceState(
          'dd=s:2;o:syn~th;p:00000000000000aa;t.dm:-4;t.usr.id:baz64~~;t.tid:ffffffff00000000,other=x'
        ),
      });
      assert.deepStrictEqual(headers, {
        'x-datadog-trace-id': '123',
        'x-datadog-parent-id': '456',
        'x-datadog-sampling-priority': '2',
        'x-datadog-origin': 'syn=th',
        'x-datadog-tags':
          '_dd.p.dm=-4,_dd.p.usr.id=baz64==,_dd.p.tid=640cfd8d00000000',
      });
    });

    it('should leave out only the tags header when it is invalid or too long', () => {
      const tooLong = inject(
        {
          ...sampled,
          traceState: W3CTraceState.parse('dd=s:1;t.big:' + 'x'.repeat(240)),
        },
        new DatadogPropagator({ tagsMaxLength: 100 })
      );
      assert.deepStrictEqual(Object.keys(tooLong), [
        'x-datadog-trace-id',
        'x-datadog-parent-id',
        'x-datadog-sampling-priority',
      ]);
      const disabled = inject(
        { ...sampled, traceId: '6b00c47500000000000000000000007b' },
        new DatadogPropagator({ tagsMaxLength: 0 })
      );
      assert.strictEqual(disabled['x-datadog-tags'], undefined);
    });

    it('should write nothing for invalid contexts, suppressed tracing or a zero low half', () => {
      assert.deepStrictEqual(
        inject({ ...sampled, traceId: '0'.repeat(32) }),
        {}
      );
      assert.deepStrictEqual(inject({ ...sampled, spanId: 'xyz' }), {});
      assert.deepStrictEqual(
        inject({ ...sampled, traceId: '00000000000000010000000000000000' }),
        {}
      );
      assert.deepStrictEqual(
        inject(sampled, undefined, suppressTracing(ROOT_CONTEXT)),
        {}
      );
      const carrier: Record<string, string> = {};
      new DatadogPropagator().inject(
        ROOT_CONTEXT,
        carrier,
        defaultTextMapSetter
      );
      assert.deepStrictEqual(carrier, {});
    });

    it('should not throw when the setter throws', () => {
      const propagator = new DatadogPropagator();
      assert.doesNotThrow(() =>
        propagator.inject(
          trace.setSpanContext(ROOT_CONTEXT, sampled),
          {},
          {
            set: () => {
              throw new Error('set');
            },
          }
        )
      );
    });
  });

  describe('round trips', () => {
    it('should give back dd-trace headers exactly, odd origins included', () => {
      const headers = {
        ...basic,
        'x-datadog-origin': 'syn=th;et,ic~s',
        'x-datadog-tags':
          '_dd.p.tid=640cfd8d00000000,_dd.p.dm=-4,_dd.p.usr.id=baz64==,_dd.p.v=a;b~c',
      };
      assert.deepStrictEqual(roundTrip(headers), headers);
    });

    it('should keep 512 characters of tags although dd holds 256', () => {
      const headers = {
        ...basic,
        'x-datadog-tags': '_dd.p.dm=-4,_dd.p.big=' + 'x'.repeat(480),
      };
      const spanContext = extract(headers)!;
      assert.ok((spanContext.traceState?.get('dd') ?? '').length <= 256);
      assert.deepStrictEqual(roundTrip(headers), headers);
    });

    it('should fall back to the dd member once the trace state changes', () => {
      const spanContext = extract({ ...basic, 'x-datadog-origin': 'a;b' })!;
      const changed = {
        ...spanContext,
        traceState: spanContext.traceState!.set('other', 'x'),
      };
      assert.strictEqual(inject(changed)['x-datadog-origin'], 'a_b');
    });

    it('should carry dd into W3C tracestate through OTel own propagator', () => {
      const spanContext = extract({ ...basic, 'x-datadog-origin': 'rum' })!;
      const carrier: Record<string, string> = {};
      new W3CTraceContextPropagator().inject(
        trace.setSpanContext(ROOT_CONTEXT, spanContext),
        carrier,
        defaultTextMapSetter
      );
      assert.strictEqual(carrier.traceparent, `00-${TRACE_123}-${SPAN_456}-01`);
      assert.strictEqual(carrier.tracestate, 'dd=s:2;o:rum');
    });
  });

  describe('isValidSpanContextFast()', () => {
    // Oracle: the API's own isSpanContextValid.
    const extracted = extract(basic)!;
    const cases: Array<[string, SpanContext]> = [
      ['the extracted context', extracted],
      ['a child of it', { ...extracted, spanId: '00f067aa0ba902b7' }],
      ['a child with a zero span id', { ...extracted, spanId: '0'.repeat(16) }],
      [
        'a child with an uppercase span id',
        { ...extracted, spanId: 'ABCDEF0123456789' },
      ],
      ['a child with a short span id', { ...extracted, spanId: 'abc' }],
      [
        'a child with a number span id',
        { ...extracted, spanId: 7 as unknown as string },
      ],
      [
        'another trace with its state',
        { ...extracted, traceId: '0'.repeat(32) },
      ],
      [
        'another valid trace with its state',
        { ...extracted, traceId: 'a'.repeat(32) },
      ],
      ['no trace state, valid', { ...extracted, traceState: undefined }],
      [
        'no trace state, zero trace id',
        { ...extracted, traceState: undefined, traceId: '0'.repeat(32) },
      ],
      [
        'a foreign trace state',
        { ...extracted, traceState: new CoreTraceState('dd=s:1') },
      ],
    ];
    for (const [name, spanContext] of cases) {
      it(`should agree with isSpanContextValid: ${name}`, () => {
        assert.strictEqual(
          isValidSpanContextFast(spanContext),
          isSpanContextValid(spanContext)
        );
      });
    }
  });
});
