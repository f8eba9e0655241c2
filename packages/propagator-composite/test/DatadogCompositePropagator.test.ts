/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import {
  ROOT_CONTEXT,
  TraceFlags,
  defaultTextMapGetter,
  defaultTextMapSetter,
  propagation,
  trace,
  type Context,
  type TextMapSetter,
} from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import {
  DatadogCompositePropagator,
  getDatadogState,
  getExtractedSpanLinks,
  type DatadogCompositePropagatorOptions,
} from '../src';
import {
  captureWarnings,
  childOf,
  extract,
  inject,
  localSpanContext,
} from './helpers';

const CHILD = '5555eeee6666ffff';

function composite(
  env: Record<string, string> = {},
  options: DatadogCompositePropagatorOptions = {}
): DatadogCompositePropagator {
  return new DatadogCompositePropagator({ ...options, env });
}

/** Datadog headers for trace 123, parent 456. */
const DATADOG = {
  'x-datadog-trace-id': '123',
  'x-datadog-parent-id': '456',
  'x-datadog-sampling-priority': '1',
};

function links(context: Context) {
  return getExtractedSpanLinks(context).map(link => ({
    traceId: link.context.traceId,
    spanId: link.context.spanId,
    attributes: link.attributes,
  }));
}

describe('DatadogCompositePropagator', () => {
  describe('.extract()', () => {
    it('should read Datadog headers with the default styles', () => {
      const context = extract(composite(), {
        ...DATADOG,
        'x-datadog-sampling-priority': '2',
        'x-datadog-origin': 'synthetics',
        'x-datadog-tags': '_dd.p.tid=640cfd8d00000000,_dd.p.dm=-4',
      });
      const spanContext = trace.getSpanContext(context)!;
      assert.strictEqual(
        spanContext.traceId,
        '640cfd8d00000000000000000000007b'
      );
      assert.strictEqual(spanContext.spanId, '00000000000001c8');
      assert.strictEqual(spanContext.isRemote, true);
      assert.deepStrictEqual(getDatadogState(spanContext), {
        samplingPriority: 2,
        origin: 'synthetics',
        tags: [
          ['_dd.p.tid', '640cfd8d00000000'],
          ['_dd.p.dm', '-4'],
        ],
        lastParentId: undefined,
      });
      assert.deepStrictEqual(links(context), []);
    });

    it('should let the first style win (tracecontext,datadog)', () => {
      const context = extract(
        composite({ DD_TRACE_PROPAGATION_STYLE: 'tracecontext,datadog' }),
        {
          ...DATADOG,
          traceparent:
            '00-640cfd8d00000000abcdefab12345678-000000003ade68b1-01',
        }
      );
      assert.strictEqual(
        trace.getSpanContext(context)?.traceId,
        '640cfd8d00000000abcdefab12345678'
      );
      // The Datadog context of another trace becomes a link.
      assert.deepStrictEqual(links(context), [
        {
          traceId: '0000000000000000000000000000007b',
          spanId: '00000000000001c8',
          attributes: {
            reason: 'terminated_context',
            context_headers: 'datadog',
          },
        },
      ]);
    });

    it('should link a later context of another trace (reference example)', () => {
      const context = extract(composite(), {
        ...DATADOG,
        traceparent: '00-640cfd8d00000000abcdefab12345678-000000003ade68b1-01',
        tracestate: 'dd=s:2,other=1',
      });
      assert.strictEqual(
        trace.getSpanContext(context)?.traceId,
        '0000000000000000000000000000007b'
      );
      assert.strictEqual(
        trace.getSpanContext(context)?.traceState?.serialize(),
        'dd=s:1'
      );
      assert.deepStrictEqual(links(context), [
        {
          traceId: '640cfd8d00000000abcdefab12345678',
          spanId: '000000003ade68b1',
          attributes: {
            reason: 'terminated_context',
            context_headers: 'tracecontext',
          },
        },
      ]);
      // The link keeps the linked context's tracestate.
      assert.strictEqual(
        getExtractedSpanLinks(context)[0].context.traceState?.serialize(),
        'dd=s:2,other=1'
      );
    });

    it('should take tracestate from a traceparent of the same trace', () => {
      const propagator = composite();
      const context = extract(propagator, {
        ...DATADOG,
        'x-datadog-tags': '_dd.p.tid=640cfd8d00000000',
        traceparent: '00-640cfd8d00000000000000000000007b-00000000000001c8-01',
        tracestate: 'dd=s:1;p:00000000000001c8;t.dm:-4,other=1',
      });
      const parent = trace.getSpanContext(context)!;
      assert.strictEqual(parent.spanId, '00000000000001c8');
      assert.deepStrictEqual(links(context), []);
      assert.deepStrictEqual(inject(propagator, childOf(parent, CHILD)), {
        'x-datadog-trace-id': '123',
        'x-datadog-parent-id': '6149083573931933695',
        'x-datadog-sampling-priority': '1',
        'x-datadog-tags': '_dd.p.tid=640cfd8d00000000',
        traceparent: `00-640cfd8d00000000000000000000007b-${CHILD}-01`,
        // The upstream member is updated in place; t.dm stays (no conflict).
        tracestate: `dd=t.tid:640cfd8d00000000;s:1;p:${CHILD};t.dm:-4,other=1`,
      });
    });

    it('should give a Datadog context without priority the W3C one', () => {
      const propagator = composite();
      const context = extract(propagator, {
        'x-datadog-trace-id': '123',
        'x-datadog-parent-id': '456',
        traceparent: '00-0000000000000000000000000000007b-00000000000001c8-01',
        tracestate: 'dd=s:2;t.dm:-4',
      });
      const state = getDatadogState(trace.getSpanContext(context)!);
      assert.strictEqual(state.samplingPriority, 2);
      assert.deepStrictEqual(state.tags, [['_dd.p.dm', '-4']]);
    });

    it('should keep the Datadog decision against a W3C drop and drop t.dm', () => {
      const propagator = composite();
      const context = extract(propagator, {
        ...DATADOG,
        'x-datadog-sampling-priority': '2',
        traceparent: '00-0000000000000000000000000000007b-00000000000001c8-00',
        tracestate: 'dd=s:-1;t.dm:-3;p:00000000000001c8',
      });
      const parent = trace.getSpanContext(context)!;
      assert.strictEqual(parent.traceFlags, TraceFlags.SAMPLED);
      assert.strictEqual(getDatadogState(parent).samplingPriority, 2);
      assert.strictEqual(
        inject(propagator, childOf(parent, CHILD)).tracestate,
        `dd=s:2;p:${CHILD}`
      );
    });

    it('should take the W3C span id and keep p as the last Datadog parent', () => {
      const propagator = composite({
        DD_TRACE_PROPAGATION_STYLE: 'datadog,tracecontext,b3multi',
      });
      const context = extract(propagator, {
        ...DATADOG,
        'x-datadog-parent-id': '11',
        traceparent: '00-0000000000000000000000000000007b-000000003ade68b1-01',
        tracestate: 'dd=s:1;p:00000000000000aa',
      });
      const parent = trace.getSpanContext(context)!;
      assert.strictEqual(parent.spanId, '000000003ade68b1');
      assert.strictEqual(
        getDatadogState(parent).lastParentId,
        '00000000000000aa'
      );
      // The span id is the parent the next hop sees.
      assert.strictEqual(
        inject(propagator, parent)['x-b3-spanid'],
        '000000003ade68b1'
      );
    });

    it('should use the Datadog parent id as last parent without p', () => {
      const context = extract(composite(), {
        ...DATADOG,
        'x-datadog-parent-id': '11',
        traceparent: '00-0000000000000000000000000000007b-000000003ade68b1-01',
      });
      assert.strictEqual(
        getDatadogState(trace.getSpanContext(context)!).lastParentId,
        '000000000000000b'
      );
    });

    it('should read the Datadog parent even when datadog is not a style', () => {
      const context = extract(
        composite({ DD_TRACE_PROPAGATION_STYLE: 'b3multi,tracecontext' }),
        {
          ...DATADOG,
          'x-datadog-parent-id': '15',
          'x-b3-traceid': '000000000000007b',
          'x-b3-spanid': '0000000000000001',
          'x-b3-sampled': '1',
          traceparent:
            '00-0000000000000000000000000000007b-000000003ade68b1-01',
        }
      );
      const parent = trace.getSpanContext(context)!;
      assert.strictEqual(parent.spanId, '000000003ade68b1');
      assert.strictEqual(
        getDatadogState(parent).lastParentId,
        '000000000000000f'
      );
    });

    it('should merge tracestate on equal low 64 bits but link the 128-bit context', () => {
      const context = extract(composite(), {
        ...DATADOG,
        traceparent: '00-640cfd8d00000000000000000000007b-00000000000001c8-01',
        tracestate: 'dd=s:1;t.dm:-4,other=1',
      });
      const parent = trace.getSpanContext(context)!;
      assert.strictEqual(parent.traceId, '0000000000000000000000000000007b');
      assert.match(parent.traceState!.serialize(), /,other=1$/);
      assert.deepStrictEqual(links(context), [
        {
          traceId: '640cfd8d00000000000000000000007b',
          spanId: '00000000000001c8',
          attributes: {
            reason: 'terminated_context',
            context_headers: 'tracecontext',
          },
        },
      ]);
    });

    it('should keep the linked context apart from the one that took its tracestate', () => {
      const propagator = composite();
      // Same low 64 bits, so the tracestate is merged into the Datadog
      // context; a zero upper half, so the W3C context is also a link.
      const context = extract(propagator, {
        ...DATADOG,
        'x-datadog-sampling-priority': '2',
        'x-datadog-tags': '_dd.p.tid=640cfd8d00000000',
        traceparent:
          '01-0000000000000000000000000000007b-00000000000001c8-01-x',
        tracestate: 'dd=s:1;o:rum,other=1',
      });
      const parent = trace.getSpanContext(context)!;
      assert.deepStrictEqual(getDatadogState(parent), {
        samplingPriority: 2,
        origin: undefined,
        tags: [['_dd.p.tid', '640cfd8d00000000']],
        lastParentId: undefined,
      });
      const [link] = getExtractedSpanLinks(context);
      assert.strictEqual(
        link.context.traceId,
        '0000000000000000000000000000007b'
      );
      assert.strictEqual(
        link.context.traceState?.serialize(),
        'dd=s:1;o:rum,other=1'
      );
      assert.deepStrictEqual(getDatadogState(link.context), {
        samplingPriority: 1,
        origin: 'rum',
        tags: [],
        lastParentId: undefined,
      });
      assert.strictEqual(
        inject(propagator, childOf(parent, CHILD)).tracestate,
        `dd=t.tid:640cfd8d00000000;p:${CHILD};s:2;o:rum,other=1`
      );
    });

    it('should stop at the first style with extractFirst', () => {
      const context = extract(composite({}, { extractFirst: true }), {
        ...DATADOG,
        traceparent: '00-640cfd8d00000000abcdefab12345678-000000003ade68b1-01',
        tracestate: 'other=1',
        baggage: 'k=v',
      });
      assert.strictEqual(
        trace.getSpanContext(context)?.traceState?.serialize(),
        'dd=s:1'
      );
      assert.deepStrictEqual(links(context), []);
      // Baggage is still read.
      assert.strictEqual(
        propagation.getBaggage(context)?.getEntry('k')?.value,
        'v'
      );
    });

    it('should link rather than continue with restart', () => {
      const input = trace.setSpanContext(
        ROOT_CONTEXT,
        localSpanContext('11111111111111111111111111111111', '1111111111111111')
      );
      const context = extract(
        composite({ DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT: 'restart' }),
        {
          ...DATADOG,
          traceparent:
            '00-640cfd8d00000000abcdefab12345678-000000003ade68b1-01',
          baggage: 'user.id=alice',
        },
        input
      );
      // No span in the result: the SDK starts a new trace.
      assert.strictEqual(trace.getSpanContext(context), undefined);
      assert.deepStrictEqual(links(context), [
        {
          traceId: '0000000000000000000000000000007b',
          spanId: '00000000000001c8',
          attributes: {
            reason: 'propagation_behavior_extract',
            context_headers: 'datadog',
          },
        },
      ]);
      assert.strictEqual(
        propagation.getBaggage(context)?.getEntry('user.id')?.value,
        'alice'
      );
    });

    it('should extract nothing, baggage included, with ignore', () => {
      const context = extract(
        composite({ DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT: 'ignore' }),
        { ...DATADOG, baggage: 'k=v' }
      );
      assert.strictEqual(context, ROOT_CONTEXT);
    });

    it('should extract nothing with none or without styles', () => {
      for (const style of ['none', '']) {
        const context = extract(
          composite({ DD_TRACE_PROPAGATION_STYLE: style }),
          {
            ...DATADOG,
            baggage: 'k=v',
          }
        );
        assert.strictEqual(context, ROOT_CONTEXT);
      }
    });

    it('should read b3 single and multi as configured', () => {
      const headers = {
        b3: '0000000000000123-0000000000000456-1',
        'x-b3-traceid': '0000000000000789',
        'x-b3-spanid': '0000000000000abc',
        'x-b3-sampled': '1',
        'x-amzn-trace-id':
          'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
      };
      const traceIdOf = (style: string) =>
        trace
          .getSpanContext(
            extract(composite({ DD_TRACE_PROPAGATION_STYLE: style }), headers)
          )
          ?.traceId.slice(16);
      assert.strictEqual(traceIdOf('b3'), '0000000000000123');
      assert.strictEqual(traceIdOf('b3 single header'), '0000000000000123');
      assert.strictEqual(traceIdOf('b3multi'), '0000000000000789');
      assert.strictEqual(traceIdOf('xray'), 'e1be46a994272793');
      const context = extract(
        composite({ DD_TRACE_PROPAGATION_STYLE: 'b3multi,b3,xray' }),
        headers
      );
      assert.deepStrictEqual(
        links(context).map(link => link.attributes?.context_headers),
        ['b3', 'xray']
      );
    });

    it('should continue a Datadog trace from an Elastic Beanstalk worker attribute', () => {
      const propagator = composite();
      const context = extract(propagator, {
        'x-aws-sqsd-attr-_datadog': JSON.stringify({
          ...DATADOG,
          traceparent:
            '00-0000000000000000000000000000007b-00000000000001c8-01',
          tracestate: 'other=1',
        }),
      });
      const parent = trace.getSpanContext(context)!;
      assert.strictEqual(parent.traceId, '0000000000000000000000000000007b');
      assert.match(parent.traceState!.serialize(), /other=1/);
    });

    it('should ignore a malformed, oversized or hostile worker attribute', () => {
      for (const value of [
        '{',
        'null',
        '[1]',
        '"x"',
        JSON.stringify({ ...DATADOG, pad: 'x'.repeat(9000) }),
        '{"__proto__":{"x-datadog-trace-id":"1","x-datadog-parent-id":"2"}}',
      ]) {
        const context = extract(composite(), {
          'x-aws-sqsd-attr-_datadog': value,
        });
        assert.strictEqual(trace.getSpanContext(context), undefined, value);
      }
    });

    it('should find headers in any letter case', () => {
      const context = extract(composite(), {
        'X-Datadog-Trace-Id': '123',
        'X-Datadog-Parent-Id': '456',
        'X-Datadog-Sampling-Priority': '2',
        Baggage: 'k=v',
      });
      assert.strictEqual(
        getDatadogState(trace.getSpanContext(context)!).samplingPriority,
        2
      );
      assert.strictEqual(
        propagation.getBaggage(context)?.getEntry('k')?.value,
        'v'
      );
    });

    it('should never throw, whatever the getter does', () => {
      const propagator = composite();
      for (const getter of [
        {
          get: () => {
            throw new Error('boom');
          },
          keys: () => [],
        },
        { get: () => 42 as never, keys: () => 42 as never },
        {
          get: () => undefined,
          keys: () => {
            throw new Error('boom');
          },
        },
      ]) {
        assert.strictEqual(
          propagator.extract(ROOT_CONTEXT, {}, getter),
          ROOT_CONTEXT
        );
      }
    });

    it('should keep baggage.<key> attributes for the configured keys', () => {
      const context = extract(
        composite({ DD_TRACE_BAGGAGE_TAG_KEYS: 'user.id,A' }),
        {
          ...DATADOG,
          baggage: 'user.id=alice,a=1,A=2,session.id=s',
        }
      );
      // Nothing to see on the context itself but the record the span
      // processor reads; its test checks the attributes.
      assert.strictEqual(
        propagation.getBaggage(context)?.getAllEntries().length,
        4
      );
    });
  });

  describe('.inject()', () => {
    it('should write every configured style in dd-trace order', () => {
      const propagator = composite({
        DD_TRACE_PROPAGATION_STYLE:
          'xray,tracecontext,b3,b3multi,datadog,baggage',
      });
      const context = propagation.setBaggage(
        trace.setSpanContext(
          ROOT_CONTEXT,
          localSpanContext('640cfd8d00000000abcdefab12345678', CHILD)
        ),
        propagation.createBaggage({ k: { value: 'v' } })
      );
      const carrier = inject(propagator, context);
      assert.deepStrictEqual(Object.keys(carrier), [
        'baggage',
        'x-datadog-trace-id',
        'x-datadog-parent-id',
        'x-datadog-sampling-priority',
        'x-datadog-tags',
        'x-b3-traceid',
        'x-b3-spanid',
        'x-b3-sampled',
        'b3',
        'traceparent',
        'tracestate',
        'x-amzn-trace-id',
      ]);
      assert.deepStrictEqual(carrier, {
        baggage: 'k=v',
        'x-datadog-trace-id': '12379814468735227512',
        'x-datadog-parent-id': '6149083573931933695',
        'x-datadog-sampling-priority': '1',
        'x-datadog-tags': '_dd.p.tid=640cfd8d00000000',
        'x-b3-traceid': '640cfd8d00000000abcdefab12345678',
        'x-b3-spanid': CHILD,
        'x-b3-sampled': '1',
        b3: `640cfd8d00000000abcdefab12345678-${CHILD}-1`,
        traceparent: `00-640cfd8d00000000abcdefab12345678-${CHILD}-01`,
        tracestate: `dd=t.tid:640cfd8d00000000;s:1;p:${CHILD}`,
        'x-amzn-trace-id': `Root=1-640cfd8d-00000000abcdefab12345678;Parent=${CHILD};Sampled=1`,
      });
    });

    it('should write baggage without a span context', () => {
      const context = propagation.setBaggage(
        ROOT_CONTEXT,
        propagation.createBaggage({ k: { value: 'v' } })
      );
      assert.deepStrictEqual(inject(composite(), context), { baggage: 'k=v' });
    });

    it('should write Datadog headers from another trace state (dd-trace vector)', () => {
      // Origin and tag values travel raw in x-datadog-*, escaped in dd.
      const propagator = composite();
      const parent = trace.getSpanContext(
        extract(propagator, {
          ...DATADOG,
          'x-datadog-sampling-priority': '2',
          'x-datadog-origin': 'syn=th;et,ic~s',
          'x-datadog-tags': '_dd.p.usr.id=baz64==,_dd.p.dm=-4',
        })
      )!;
      assert.deepStrictEqual(inject(propagator, childOf(parent, CHILD)), {
        'x-datadog-trace-id': '123',
        'x-datadog-parent-id': '6149083573931933695',
        'x-datadog-origin': 'syn=th;et,ic~s',
        'x-datadog-sampling-priority': '2',
        'x-datadog-tags': '_dd.p.usr.id=baz64==,_dd.p.dm=-4',
        traceparent: `00-0000000000000000000000000000007b-${CHILD}-01`,
        tracestate: `dd=t.usr.id:baz64~~;o:syn~th_et_ic_s;t.dm:-4;s:2;p:${CHILD}`,
      });
    });

    it('should leave x-datadog-tags out when disabled or too long', () => {
      const parent = localSpanContext(
        '640cfd8d00000000abcdefab12345678',
        CHILD
      );
      assert.strictEqual(
        inject(composite({}, { tagsMaxLength: 0 }), parent)['x-datadog-tags'],
        undefined
      );
      assert.strictEqual(
        inject(composite({}, { tagsMaxLength: 20 }), parent)['x-datadog-tags'],
        undefined
      );
    });

    it('should write no Datadog ids for a trace id with zero low 64 bits', () => {
      const carrier = inject(
        composite(),
        localSpanContext('640cfd8d000000000000000000000000', CHILD)
      );
      assert.strictEqual(carrier['x-datadog-trace-id'], undefined);
      assert.ok(carrier.traceparent);
    });

    it('should write nothing when tracing is suppressed or with none', () => {
      const context = trace.setSpanContext(
        ROOT_CONTEXT,
        localSpanContext('640cfd8d00000000abcdefab12345678', CHILD)
      );
      assert.deepStrictEqual(inject(composite(), suppressTracing(context)), {});
      assert.deepStrictEqual(
        inject(composite({ DD_TRACE_PROPAGATION_STYLE: 'none' }), context),
        {}
      );
    });

    it('should carry on with other styles when a setter fails for one', () => {
      const carrier: Record<string, string> = {};
      const setter: TextMapSetter = {
        set(target, key, value) {
          if (key === 'x-datadog-trace-id') throw new Error('boom');
          defaultTextMapSetter.set(target, key, value);
        },
      };
      composite().inject(
        trace.setSpanContext(
          ROOT_CONTEXT,
          localSpanContext('640cfd8d00000000abcdefab12345678', CHILD)
        ),
        carrier,
        setter
      );
      assert.ok(carrier.traceparent);
      assert.strictEqual(carrier['x-datadog-parent-id'], undefined);
    });

    it('should survive a round trip through its own headers', () => {
      const propagator = composite();
      const first = trace.getSpanContext(
        extract(propagator, {
          ...DATADOG,
          'x-datadog-sampling-priority': '-1',
          'x-datadog-origin': 'rum',
          'x-datadog-tags': '_dd.p.tid=640cfd8d00000000,_dd.p.usr.id=x',
        })
      )!;
      const again = trace.getSpanContext(
        extract(propagator, inject(propagator, childOf(first, CHILD)))
      )!;
      assert.strictEqual(again.traceId, first.traceId);
      assert.strictEqual(again.spanId, CHILD);
      assert.deepStrictEqual(getDatadogState(again), {
        ...getDatadogState(first),
        lastParentId: undefined,
      });
    });
  });

  describe('.fields()', () => {
    it('should list the fields of the default styles', () => {
      assert.deepStrictEqual(composite().fields(), [
        'x-datadog-trace-id',
        'x-datadog-parent-id',
        'x-datadog-sampling-priority',
        'x-datadog-origin',
        'x-datadog-tags',
        'traceparent',
        'tracestate',
        'baggage',
      ]);
    });

    it('should be the union of inject and extract styles', () => {
      assert.deepStrictEqual(
        composite({
          DD_TRACE_PROPAGATION_STYLE_INJECT: 'b3',
          DD_TRACE_PROPAGATION_STYLE_EXTRACT: 'xray,b3,none',
        }).fields(),
        ['b3', 'x-amzn-trace-id']
      );
      assert.deepStrictEqual(
        composite({ DD_TRACE_PROPAGATION_STYLE: 'none' }).fields(),
        []
      );
    });

    it('should return a copy', () => {
      const propagator = composite();
      propagator.fields().push('x');
      assert.ok(!propagator.fields().includes('x'));
    });
  });

  describe('configuration', () => {
    it('should expose the resolved settings and warn once per rejected value', () => {
      const { result, warnings } = captureWarnings(() =>
        composite({
          DD_TRACE_PROPAGATION_STYLE: 'datadog,jaeger',
          DD_TRACE_PROPAGATION_EXTRACT_FIRST: 'maybe',
        })
      );
      assert.deepStrictEqual(result.config.extract, [
        'datadog',
        'tracecontext',
        'baggage',
      ]);
      assert.strictEqual(warnings.length, 2);
    });

    it('should read process.env by default', () => {
      const saved = process.env.DD_TRACE_PROPAGATION_STYLE;
      process.env.DD_TRACE_PROPAGATION_STYLE = 'b3';
      try {
        assert.deepStrictEqual(new DatadogCompositePropagator().fields(), [
          'b3',
        ]);
      } finally {
        if (saved === undefined) delete process.env.DD_TRACE_PROPAGATION_STYLE;
        else process.env.DD_TRACE_PROPAGATION_STYLE = saved;
      }
    });
  });
});

describe('getExtractedSpanLinks', () => {
  it('should return no links for other contexts', () => {
    assert.deepStrictEqual(getExtractedSpanLinks(ROOT_CONTEXT), []);
    assert.deepStrictEqual(
      getExtractedSpanLinks(
        new DatadogCompositePropagator({ env: {} }).extract(
          ROOT_CONTEXT,
          DATADOG,
          defaultTextMapGetter
        )
      ),
      []
    );
  });
});
