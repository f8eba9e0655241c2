/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import {
  ROOT_CONTEXT,
  TraceFlags,
  defaultTextMapGetter,
  trace,
  type SpanContext,
} from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import {
  DatadogTraceContextPropagator,
  getDatadogState,
  parseTraceParent,
} from '../src';
import {
  childOf,
  extractSpanContext,
  inject,
  localSpanContext,
} from './helpers';

const TRACE_ID = '640cfd8d00000000abcdefab12345678';
const SPAN_ID = '000000003ade68b1';
const CHILD = '5555eeee6666ffff';

function traceparent(flags = '01', traceId = TRACE_ID, spanId = SPAN_ID) {
  return `00-${traceId}-${spanId}-${flags}`;
}

describe('DatadogTraceContextPropagator', () => {
  const propagator = new DatadogTraceContextPropagator();

  describe('.extract()', () => {
    it('should read traceparent', () => {
      const spanContext = extractSpanContext(propagator, {
        traceparent: traceparent(),
      });
      assert.deepStrictEqual(
        { ...spanContext, traceState: spanContext?.traceState },
        {
          traceId: TRACE_ID,
          spanId: SPAN_ID,
          traceFlags: TraceFlags.SAMPLED,
          isRemote: true,
          traceState: undefined,
        }
      );
    });

    // Datadog's rule (reference §5.7): start from the flag, adopt `s` only
    // when it agrees.
    for (const [flag, s, priority] of [
      ['01', '2', 2],
      ['01', '1', 1],
      ['01', '0', 1],
      ['01', '-1', 1],
      ['00', '-1', -1],
      ['00', '0', 0],
      ['00', '1', 0],
      ['00', '2', 0],
      ['01', undefined, 1],
      ['00', undefined, 0],
      ['01', 'abc', 1],
    ] as const) {
      it(`should give priority ${priority} for flag ${flag} and s ${s}`, () => {
        const spanContext = extractSpanContext(propagator, {
          traceparent: traceparent(flag),
          tracestate: s === undefined ? 'other=1' : `dd=s:${s}`,
        })!;
        assert.strictEqual(
          getDatadogState(spanContext).samplingPriority,
          priority
        );
        assert.strictEqual(
          spanContext.traceFlags,
          flag === '01' ? TraceFlags.SAMPLED : TraceFlags.NONE
        );
      });
    }

    it('should keep t.dm when the flag overrides s', () => {
      const state = getDatadogState(
        extractSpanContext(propagator, {
          traceparent: traceparent('00'),
          tracestate: 'dd=s:2;t.dm:-3',
        })!
      );
      assert.strictEqual(state.samplingPriority, 0);
      assert.deepStrictEqual(state.tags, [
        ['_dd.p.tid', '640cfd8d00000000'],
        ['_dd.p.dm', '-3'],
      ]);
    });

    it('should read origin, last parent and tags (dd-trace test vectors)', () => {
      const state = getDatadogState(
        extractSpanContext(propagator, {
          traceparent: traceparent(),
          tracestate:
            'other=bleh,dd=s:2;o:foo_bar~;p:4444eeee6666aaaa;t.dm:4;t.usr.id:baz64~~;t.foo_bar_baz_:abc_!@#$%^&*()_+`-~',
        })!
      );
      assert.deepStrictEqual(state, {
        samplingPriority: 2,
        origin: 'foo_bar=',
        lastParentId: '4444eeee6666aaaa',
        // dd-trace's order: the trace id's upper half, then right to left.
        tags: [
          ['_dd.p.tid', '640cfd8d00000000'],
          ['_dd.p.foo_bar_baz_', 'abc_!@#$%^&*()_+`-='],
          ['_dd.p.usr.id', 'baz64=='],
          ['_dd.p.dm', '-4'],
        ],
      });
    });

    it('should keep t.dm:-0 and ignore a non-integer t.dm', () => {
      const tags = (tracestate: string) =>
        getDatadogState(
          extractSpanContext(propagator, {
            traceparent: traceparent('01', '0000000000000000000000000000007b'),
            tracestate,
          })!
        ).tags;
      assert.deepStrictEqual(tags('dd=t.dm:-0'), [['_dd.p.dm', '-0']]);
      assert.deepStrictEqual(tags('dd=t.dm:abc'), []);
    });

    it('should take the upper half from traceparent, not t.tid', () => {
      const state = getDatadogState(
        extractSpanContext(propagator, {
          traceparent: traceparent(),
          tracestate: 'dd=t.tid:1111111111111111',
        })!
      );
      assert.deepStrictEqual(state.tags, [['_dd.p.tid', '640cfd8d00000000']]);
    });

    it('should set no tid for a 64-bit trace id and no parent without p', () => {
      const state = getDatadogState(
        extractSpanContext(propagator, {
          traceparent: traceparent('01', '0000000000000000abcdefab12345678'),
          tracestate: 'dd=s:1',
        })!
      );
      assert.deepStrictEqual(state.tags, []);
      assert.strictEqual(state.lastParentId, undefined);
    });

    it('should ignore a p that is not 16 hex digits', () => {
      const state = getDatadogState(
        extractSpanContext(propagator, {
          traceparent: traceparent(),
          tracestate: 'dd=p:xyz',
        })!
      );
      assert.strictEqual(state.lastParentId, undefined);
    });

    it('should keep other vendors in order', () => {
      const spanContext = extractSpanContext(propagator, {
        traceparent: traceparent(),
        tracestate: 'foo=1, dd=s:1 ,bar=2,ot=rv:ad5250d4bef7f4;th:0',
      })!;
      assert.strictEqual(
        spanContext.traceState?.serialize(),
        'foo=1,dd=s:1,bar=2,ot=rv:ad5250d4bef7f4;th:0'
      );
    });

    it('should remove malformed ot fields and move ot first', () => {
      const spanContext = extractSpanContext(propagator, {
        traceparent: traceparent(),
        tracestate: 'a=1,ot=rv:zz;th:8;x:1',
      })!;
      assert.strictEqual(
        spanContext.traceState?.serialize(),
        'ot=th:8;x:1,a=1'
      );
    });

    it('should drop an ot member left empty', () => {
      const spanContext = extractSpanContext(propagator, {
        traceparent: traceparent(),
        tracestate: 'a=1,ot=rv:ZZ;th:fffffffffffffff',
      })!;
      assert.strictEqual(spanContext.traceState?.serialize(), 'a=1');
    });

    it('should read at most 32 members', () => {
      const members = Array.from({ length: 40 }, (_, i) => `v${i}=${i}`);
      const spanContext = extractSpanContext(propagator, {
        traceparent: traceparent(),
        tracestate: members.join(','),
      })!;
      assert.strictEqual(
        spanContext.traceState?.serialize(),
        members.slice(0, 32).join(',')
      );
    });

    it('should ignore a tracestate longer than 16384 characters', () => {
      const spanContext = extractSpanContext(propagator, {
        traceparent: traceparent(),
        tracestate: 'a=' + 'x'.repeat(16384),
      })!;
      assert.strictEqual(spanContext.traceState, undefined);
    });

    it('should join tracestate arrays, skipping non-strings', () => {
      const spanContext = extractSpanContext(propagator, {
        traceparent: traceparent(),
        tracestate: ['a=1', 2, 'dd=s:2'],
      })!;
      assert.strictEqual(spanContext.traceState?.serialize(), 'a=1,dd=s:2');
      assert.strictEqual(getDatadogState(spanContext).samplingPriority, 2);
    });

    it('should accept a one-element traceparent array only', () => {
      assert.ok(
        extractSpanContext(propagator, { traceparent: [traceparent()] })
      );
      assert.strictEqual(
        extractSpanContext(propagator, {
          traceparent: [traceparent(), traceparent()],
        }),
        undefined
      );
      assert.strictEqual(
        extractSpanContext(propagator, { traceparent: [42] }),
        undefined
      );
    });

    it('should find headers in any letter case', () => {
      const spanContext = extractSpanContext(propagator, {
        TraceParent: traceparent(),
        TraceState: 'dd=s:2',
      })!;
      assert.strictEqual(getDatadogState(spanContext).samplingPriority, 2);
    });

    it('should return the context unchanged without a valid traceparent', () => {
      for (const value of [undefined, '', 'garbage', traceparent('0g')]) {
        const context = propagator.extract(
          ROOT_CONTEXT,
          { traceparent: value },
          defaultTextMapGetter
        );
        assert.strictEqual(context, ROOT_CONTEXT);
      }
    });

    it('should not throw on a failing getter', () => {
      const context = propagator.extract(
        ROOT_CONTEXT,
        {},
        {
          get() {
            throw new Error('boom');
          },
          keys: () => [],
        }
      );
      assert.strictEqual(context, ROOT_CONTEXT);
    });
  });

  describe('.inject()', () => {
    it('should write a root span with a fresh dd member', () => {
      const carrier = inject(
        propagator,
        localSpanContext('6b00c475000000006a8a8a7417d796f4', '6a8a8a7417d796f4')
      );
      assert.deepStrictEqual(carrier, {
        traceparent: '00-6b00c475000000006a8a8a7417d796f4-6a8a8a7417d796f4-01',
        tracestate: 'dd=t.tid:6b00c47500000000;s:1;p:6a8a8a7417d796f4',
      });
    });

    it('should write s:0 and flags 00 for a dropped 64-bit root', () => {
      const carrier = inject(
        propagator,
        localSpanContext(
          '00000000000000006a8a8a7417d796f4',
          '6a8a8a7417d796f4',
          false
        )
      );
      assert.deepStrictEqual(carrier, {
        traceparent: '00-00000000000000006a8a8a7417d796f4-6a8a8a7417d796f4-00',
        tracestate: 'dd=s:0;p:6a8a8a7417d796f4',
      });
    });

    it('should update an upstream dd member in place (dd-trace vector)', () => {
      const parent = extractSpanContext(propagator, {
        traceparent: traceparent('01', '640cfd8d0000000000000000000000aa'),
        tracestate:
          'dd=s:2;o:rum;p:00000000000000aa;t.dm:-4;t.usr.id:baz64~~,othervendor=t61rcWkgMzE',
      })!;
      const carrier = inject(propagator, childOf(parent, CHILD));
      assert.deepStrictEqual(carrier, {
        traceparent: `00-640cfd8d0000000000000000000000aa-${CHILD}-01`,
        tracestate: `dd=t.tid:640cfd8d00000000;s:2;o:rum;p:${CHILD};t.dm:-4;t.usr.id:baz64~~,othervendor=t61rcWkgMzE`,
      });
    });

    it('should move dd first and keep the other members in order', () => {
      const parent = extractSpanContext(propagator, {
        traceparent: traceparent(),
        tracestate: 'a=1,dd=s:1;p:00000000000000aa,b=2',
      })!;
      assert.strictEqual(
        inject(propagator, childOf(parent, CHILD)).tracestate,
        `dd=t.tid:640cfd8d00000000;s:1;p:${CHILD},a=1,b=2`
      );
    });

    it('should normalise t.dm and keep unknown subkeys', () => {
      const parent = extractSpanContext(propagator, {
        traceparent: traceparent('01', '0000000000000000000000000000007b'),
        tracestate: 'dd=x:y;t.dm:4;s:1;p:00000000000000aa;t.a:b~c',
      })!;
      assert.strictEqual(
        inject(propagator, childOf(parent, CHILD)).tracestate,
        `dd=x:y;t.dm:-4;s:1;p:${CHILD};t.a:b~c`
      );
    });

    it('should let the sampled flag decide when a sampler disagrees', () => {
      const parent = extractSpanContext(propagator, {
        traceparent: traceparent(),
        tracestate: 'dd=s:2;p:00000000000000aa',
      })!;
      const carrier = inject(
        propagator,
        childOf(parent, CHILD, TraceFlags.NONE)
      );
      assert.deepStrictEqual(carrier, {
        traceparent: `00-${TRACE_ID}-${CHILD}-00`,
        tracestate: `dd=t.tid:640cfd8d00000000;s:0;p:${CHILD}`,
      });
    });

    it('should add dd within 32 members by dropping the rightmost', () => {
      const members = Array.from({ length: 32 }, (_, i) => `v${i}=${i}`);
      const parent = extractSpanContext(propagator, {
        traceparent: traceparent('01', '0000000000000000abcdefab12345678'),
        tracestate: members.join(','),
      })!;
      assert.strictEqual(
        inject(propagator, childOf(parent, CHILD)).tracestate,
        [`dd=s:1;p:${CHILD}`, ...members.slice(0, 31)].join(',')
      );
    });

    it('should drop optional t.* subkeys from the left beyond 256 characters', () => {
      const big = 'x'.repeat(200);
      const parent = extractSpanContext(propagator, {
        traceparent: traceparent(),
        tracestate: `dd=t.big:${big};t.dm:-0;t.usr.id:abc;s:1`,
      })!;
      // New t.tid, leftmost, is the first optional subkey dropped.
      assert.strictEqual(
        inject(propagator, childOf(parent, CHILD)).tracestate,
        `dd=p:${CHILD};t.big:${big};t.dm:-0;t.usr.id:abc;s:1`
      );
    });

    it('should drop dd entirely when even that is too long', () => {
      const parent = extractSpanContext(propagator, {
        traceparent: traceparent(),
        tracestate: `dd=o:${'x'.repeat(250)},a=1`,
      })!;
      assert.strictEqual(
        inject(propagator, childOf(parent, CHILD)).tracestate,
        'a=1'
      );
    });

    it('should send an extracted context on with its parent and version', () => {
      const parent = extractSpanContext(propagator, {
        traceparent: `01-${TRACE_ID}-${SPAN_ID}-01-extra`,
        tracestate: 'dd=s:2;p:4444eeee6666aaaa',
      })!;
      assert.deepStrictEqual(inject(propagator, parent), {
        traceparent: `01-${TRACE_ID}-${SPAN_ID}-01`,
        tracestate: 'dd=t.tid:640cfd8d00000000;s:2;p:4444eeee6666aaaa',
      });
      // A child span always writes version 00 and its own id.
      assert.strictEqual(
        inject(propagator, childOf(parent, CHILD)).traceparent,
        `00-${TRACE_ID}-${CHILD}-01`
      );
    });

    it('should read trace states of other implementations', () => {
      const spanContext: SpanContext = {
        ...localSpanContext(TRACE_ID, CHILD),
        traceState: { serialize: () => 'a=1,dd=s:2;o:rum' } as never,
      };
      assert.strictEqual(
        inject(propagator, spanContext).tracestate,
        `dd=t.tid:640cfd8d00000000;p:${CHILD};s:2;o:rum,a=1`
      );
    });

    it('should write nothing for invalid or suppressed contexts', () => {
      assert.deepStrictEqual(
        inject(propagator, localSpanContext('0'.repeat(32), CHILD)),
        {}
      );
      const context = suppressTracing(
        trace.setSpanContext(ROOT_CONTEXT, localSpanContext(TRACE_ID, CHILD))
      );
      assert.deepStrictEqual(inject(propagator, context), {});
      assert.deepStrictEqual(inject(propagator, ROOT_CONTEXT), {});
    });
  });

  describe('.fields()', () => {
    it('should list traceparent and tracestate', () => {
      assert.deepStrictEqual(propagator.fields(), [
        'traceparent',
        'tracestate',
      ]);
    });
  });
});

describe('parseTraceParent', () => {
  it('should parse lowercase and uppercase hex, trimming blanks', () => {
    const expected = {
      version: '00',
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      sampled: true,
    };
    assert.deepStrictEqual(
      parseTraceParent(
        '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'
      ),
      expected
    );
    assert.deepStrictEqual(
      parseTraceParent(
        ' 00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01\t'
      ),
      expected
    );
  });

  // dd-trace's "derive sampled bit from base-16 trace-flags" cases.
  const flags = [
    '00',
    '01',
    '02',
    '03',
    '04',
    '05',
    '06',
    '07',
    '08',
    '09',
    '0a',
    '0b',
    '0c',
    '0d',
    '0e',
    '0f',
    '10',
    '11',
    '1a',
    '1b',
    'a0',
    'a1',
    'fe',
    'ff',
  ];
  for (const value of flags) {
    it(`should read the sampled bit of flags ${value}`, () => {
      const parsed = parseTraceParent(
        `00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-${value}`
      );
      assert.strictEqual(parsed?.sampled, (parseInt(value, 16) & 1) === 1);
    });
  }

  it('should accept a tail for versions other than 00', () => {
    assert.strictEqual(
      parseTraceParent(
        'cc-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-what'
      )?.version,
      'cc'
    );
  });

  for (const [name, value] of [
    ['version ff', 'ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'],
    [
      'version 00 with a tail',
      '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-x',
    ],
    [
      'a zero trace id',
      '00-00000000000000000000000000000000-b7ad6b7169203331-01',
    ],
    [
      'a zero span id',
      '00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01',
    ],
    [
      'a non-hex digit',
      '00-0af7651916cd43dd8448eb211c80319g-b7ad6b7169203331-01',
    ],
    [
      'a short trace id',
      '00-0af7651916cd43dd8448eb211c80319-b7ad6b7169203331-01',
    ],
    [
      'a missing dash',
      '00-0af7651916cd43dd8448eb211c80319cb7ad6b7169203331-01x',
    ],
    [
      'a tail without a dash',
      '01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01x',
    ],
    ['a huge value', '00-' + 'a'.repeat(600)],
    ['an empty value', ''],
  ]) {
    it(`should reject ${name}`, () => {
      assert.strictEqual(parseTraceParent(value), undefined);
    });
  }
});
