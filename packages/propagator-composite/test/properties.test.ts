/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Properties checked on generated inputs: propagation never throws nor
// produces an invalid context; the one-pass inject paths agree with the
// general one; Datadog headers agree with DatadogPropagator's. A fixed seed
// in CI, more runs and a random seed with `npm run test:fuzz`.

import * as assert from 'node:assert';
import * as fc from 'fast-check';
import {
  ROOT_CONTEXT,
  TraceFlags,
  defaultTextMapGetter,
  defaultTextMapSetter,
  isSpanContextValid,
  trace,
  type SpanContext,
} from '@opentelemetry/api';
import { DatadogPropagator } from '@otel-dd/propagator-datadog';
import {
  DatadogCompositePropagator,
  DatadogTraceContextPropagator,
  getDatadogState,
} from '../src';
import { readInjectState, buildOutgoingMember } from '../src/internal/state';
import { parseSubkeys } from '../src/internal/subkeys';
import { childOf } from './helpers';
import { fuzz } from '@otel-dd/hostile-support';

const HEADER_NAMES = [
  'x-datadog-trace-id',
  'x-datadog-parent-id',
  'x-datadog-sampling-priority',
  'x-datadog-origin',
  'x-datadog-tags',
  'traceparent',
  'tracestate',
  'b3',
  'x-b3-traceid',
  'x-b3-spanid',
  'x-b3-sampled',
  'x-b3-flags',
  'baggage',
  'x-amzn-trace-id',
  'x-aws-sqsd-attr-_datadog',
  'X-Datadog-Trace-Id',
];

const hex = (length: number) =>
  fc.string({
    unit: fc.constantFrom(...'0123456789abcdef'),
    minLength: length,
    maxLength: length,
  });
const decimal = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String);
/** Characters that matter to the parsers, and some that do not. */
const junk = fc.string({
  unit: fc.constantFrom(...'ab01-_=:;,~ \t.%\u00e9pst'),
  maxLength: 40,
});

const headerValue = fc.oneof(
  junk,
  decimal,
  hex(16),
  hex(32),
  fc.tuple(hex(32), hex(16), hex(2)).map(([t, s, f]) => `00-${t}-${s}-${f}`),
  fc.array(junk, { maxLength: 3 }),
  fc.integer()
);

const carriers = fc.dictionary(fc.constantFrom(...HEADER_NAMES), headerValue, {
  maxKeys: 8,
});

const STYLE_SETTINGS = [
  {},
  {
    DD_TRACE_PROPAGATION_STYLE: 'tracecontext,datadog,b3,b3multi,xray,baggage',
  },
  {
    DD_TRACE_PROPAGATION_STYLE: 'b3multi,b3,datadog',
    DD_TRACE_PROPAGATION_EXTRACT_FIRST: 'true',
  },
  { DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT: 'restart' },
].map(env => new DatadogCompositePropagator({ env }));

/** A `dd` member as other tracers might send it. */
const ddMember = fc
  .array(
    fc.oneof(
      fc.integer({ min: -3, max: 3 }).map(s => `s:${s}`),
      fc.constantFrom('o:rum', 'o:syn~th', 'o:a b'),
      hex(16).map(p => `p:${p}`),
      fc.constantFrom('t.dm:-4', 't.dm:4', 't.dm:-0', 't.dm:x'),
      hex(16).map(tid => `t.tid:${tid}`),
      fc.constantFrom(
        't.usr.id:baz64~~',
        't.ksr:0.5',
        't.x:a_b',
        'x:y',
        'z:1:2'
      )
    ),
    { maxLength: 7 }
  )
  .map(parts => parts.join(';'));

describe('properties', () => {
  it('should never throw nor extract an invalid span context', () => {
    fc.assert(
      fc.property(carriers, carrier => {
        for (const propagator of STYLE_SETTINGS) {
          const context = propagator.extract(
            ROOT_CONTEXT,
            carrier,
            defaultTextMapGetter
          );
          const spanContext = trace.getSpanContext(context);
          if (spanContext !== undefined) {
            assert.ok(isSpanContextValid(spanContext));
            const child = childOf(spanContext, '5555eeee6666ffff');
            const out: Record<string, string> = {};
            propagator.inject(
              trace.setSpanContext(context, child),
              out,
              defaultTextMapSetter
            );
            propagator.inject(context, out, defaultTextMapSetter);
            for (const value of Object.values(out)) {
              assert.strictEqual(typeof value, 'string');
            }
          }
        }
      }),
      fuzz()
    );
  });

  it('should write the same tracestate on the one-pass and general paths', () => {
    const propagator = new DatadogTraceContextPropagator();
    fc.assert(
      fc.property(
        hex(32),
        fc.boolean(),
        fc.boolean(),
        ddMember,
        fc.constantFrom('', ',other=1', ',a=1,ot=rv:ad5250d4bef7f4;th:8'),
        (traceId, sampled, childSampled, member, rest) => {
          fc.pre(!/^0+$/.test(traceId));
          const carrier = {
            traceparent: `00-${traceId}-000000003ade68b1-${sampled ? '01' : '00'}`,
            tracestate:
              member.length > 0 ? `dd=${member}${rest}` : rest.slice(1),
          };
          const parent = trace.getSpanContext(
            propagator.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter)
          );
          if (parent === undefined) return;
          const child = childOf(
            parent,
            '5555eeee6666ffff',
            childSampled ? TraceFlags.SAMPLED : TraceFlags.NONE
          );
          const fast: Record<string, string> = {};
          propagator.injectSpanContext(child, fast, defaultTextMapSetter);
          const general: Record<string, string> = {};
          propagator.injectSpanContext(
            child,
            general,
            defaultTextMapSetter,
            readInjectState(child)
          );
          assert.deepStrictEqual(fast, general);
        }
      ),
      fuzz(5 / 3)
    );
  });

  it('should build the same member with and without the string path', () => {
    const composite = new DatadogCompositePropagator({ env: {} });
    fc.assert(
      fc.property(
        decimal,
        fc.integer({ min: -1, max: 2 }),
        fc.constantFrom(undefined, 'rum', 'syn=th;et,ic~s'),
        fc.constantFrom(
          '',
          '_dd.p.dm=-4',
          '_dd.p.tid=640cfd8d00000000,_dd.p.usr.id=baz64=='
        ),
        ddMember,
        (traceId, priority, origin, tags, member) => {
          fc.pre(traceId !== '0');
          const low = BigInt(traceId).toString(16).padStart(16, '0');
          const high = tags.includes('_dd.p.tid')
            ? '640cfd8d00000000'
            : '0'.repeat(16);
          const context = composite.extract(
            ROOT_CONTEXT,
            {
              'x-datadog-trace-id': traceId,
              'x-datadog-parent-id': '456',
              'x-datadog-sampling-priority': String(priority),
              ...(origin ? { 'x-datadog-origin': origin } : {}),
              ...(tags ? { 'x-datadog-tags': tags } : {}),
              traceparent: `00-${high}${low}-00000000000001c8-01`,
              tracestate: `dd=${member || 's:1'},other=1`,
            },
            defaultTextMapGetter
          );
          const parent = trace.getSpanContext(context)!;
          const state = readInjectState(childOf(parent, '5555eeee6666ffff'));
          const viaString = buildOutgoingMember(
            state,
            '5555eeee6666ffff',
            high
          );
          const viaList = buildOutgoingMember(
            { ...state, upstreamList: parseSubkeys(state.upstreamMember) },
            '5555eeee6666ffff',
            high
          );
          assert.strictEqual(viaString, viaList);
        }
      ),
      fuzz(5 / 3)
    );
  });

  it('should write the Datadog headers DatadogPropagator writes', () => {
    const datadog = new DatadogPropagator({ env: {} });
    const composite = new DatadogCompositePropagator({
      env: {},
      inject: ['datadog'],
    });
    fc.assert(
      fc.property(
        decimal,
        decimal,
        fc.constantFrom(undefined, '-1', '0', '1', '2', '7'),
        fc.constantFrom(undefined, 'rum', 'syn=th;et,ic~s'),
        fc.constantFrom(
          undefined,
          '',
          '_dd.p.dm=-4',
          '_dd.p.tid=640cfd8d00000000,_dd.p.dm=-0',
          '_dd.p.dm=-0,_dd.p.tid=640CFD8D00000000,_dd.p.usr.id=baz64==',
          '_dd.p.a=' + 'x'.repeat(600)
        ),
        fc.boolean(),
        (traceId, parentId, priority, origin, tags, childSampled) => {
          const headers: Record<string, string> = {
            'x-datadog-trace-id': traceId,
            'x-datadog-parent-id': parentId,
          };
          if (priority !== undefined)
            headers['x-datadog-sampling-priority'] = priority;
          if (origin !== undefined) headers['x-datadog-origin'] = origin;
          if (tags !== undefined) headers['x-datadog-tags'] = tags;
          const parent = trace.getSpanContext(
            datadog.extract(ROOT_CONTEXT, headers, defaultTextMapGetter)
          );
          if (parent === undefined) return;
          const child: SpanContext = childOf(
            parent,
            '5555eeee6666ffff',
            childSampled ? TraceFlags.SAMPLED : TraceFlags.NONE
          );
          const theirs: Record<string, string> = {};
          datadog.injectSpanContext(child, theirs, defaultTextMapSetter);
          const ours: Record<string, string> = {};
          composite.inject(
            trace.setSpanContext(ROOT_CONTEXT, child),
            ours,
            defaultTextMapSetter
          );
          assert.deepStrictEqual(ours, theirs);
        }
      ),
      fuzz(5 / 3)
    );
  });

  it('should keep Datadog state through its own headers', () => {
    const composite = new DatadogCompositePropagator({ env: {} });
    fc.assert(
      fc.property(
        hex(32),
        fc.integer({ min: -1, max: 2 }),
        fc.constantFrom(undefined, 'rum', 'synthetics'),
        fc.constantFrom(
          [],
          [['_dd.p.dm', '-4']],
          [['_dd.p.usr.id', 'baz64==']]
        ),
        (traceId, priority, origin, tags) => {
          fc.pre(!/^0+$/.test(traceId.slice(16)));
          const high = traceId.slice(0, 16);
          const headerTags = [
            ...(high === '0'.repeat(16) ? [] : [['_dd.p.tid', high]]),
            ...tags,
          ];
          const headers: Record<string, string> = {
            'x-datadog-trace-id': BigInt('0x' + traceId.slice(16)).toString(),
            'x-datadog-parent-id': '456',
            'x-datadog-sampling-priority': String(priority),
          };
          if (origin) headers['x-datadog-origin'] = origin;
          if (headerTags.length > 0) {
            headers['x-datadog-tags'] = headerTags
              .map(t => t.join('='))
              .join(',');
          }
          const first = trace.getSpanContext(
            composite.extract(ROOT_CONTEXT, headers, defaultTextMapGetter)
          )!;
          const out: Record<string, string> = {};
          composite.inject(
            trace.setSpanContext(
              ROOT_CONTEXT,
              childOf(first, '5555eeee6666ffff')
            ),
            out,
            defaultTextMapSetter
          );
          const second = trace.getSpanContext(
            composite.extract(ROOT_CONTEXT, out, defaultTextMapGetter)
          )!;
          assert.strictEqual(second.traceId, traceId);
          assert.deepStrictEqual(getDatadogState(second), {
            samplingPriority: priority,
            origin,
            tags: headerTags,
            lastParentId: undefined,
          });
        }
      ),
      fuzz()
    );
  });
});
