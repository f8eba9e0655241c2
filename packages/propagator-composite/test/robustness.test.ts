/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Hostile input for every propagator of this package and convertHeaders
// (properties.test.ts checks the ordinary properties): nothing throws,
// nothing invalid comes out, nothing outside the result changes, header
// values written are printable ASCII; inject then extract keeps what each
// style can carry; the work done is bounded by the input limits (counted,
// never timed).

import * as assert from 'node:assert';
import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  trace,
  TraceFlags,
  type Baggage,
  type Context,
  type SpanContext,
  type TextMapPropagator,
} from '@opentelemetry/api';
import { W3CTraceState } from '@otel-dd/propagator-datadog';
import * as fc from 'fast-check';
import {
  convertHeaders,
  DatadogB3MultiPropagator,
  DatadogB3SinglePropagator,
  DatadogBaggagePropagator,
  DatadogCompositePropagator,
  DatadogSpanLinksProcessor,
  DatadogTraceContextPropagator,
  getDatadogState,
  XRayPropagator,
  type PropagationStyle,
} from '../src';
import { childOf } from './helpers';
import {
  assertNoPollution,
  brokenContext,
  hostileGetter,
  hostileSink as hostileSinkFor,
  fuzz,
  FUZZ_TIMEOUT,
  Hostile,
  hostileCarrier,
  hostileValue,
  measureWork,
  prototypeSnapshot,
  throwingProxy,
} from '@otel-dd/hostile-support';

const HEADERS = [
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
];
const PRINTABLE = /^[\x20-\x7e]*$/;
/** A carrier every style reads a context from. */
const VALID: Readonly<Record<string, string>> = {
  'x-datadog-trace-id': '123',
  'x-datadog-parent-id': '456',
  'x-datadog-sampling-priority': '2',
  'x-datadog-origin': 'rum',
  'x-datadog-tags': '_dd.p.dm=-4,_dd.p.tid=640cfd8d00000000',
  traceparent: '00-640cfd8d00000000000000000000007b-00000000000001c8-01',
  tracestate: 'dd=s:2;o:rum;t.dm:-4,other=1',
  b3: '640cfd8d00000000000000000000007b-00000000000001c8-d',
  'x-b3-traceid': '640cfd8d00000000000000000000007b',
  'x-b3-spanid': '00000000000001c8',
  'x-b3-sampled': '1',
  baggage: 'user.id=1,k=v',
  'x-amzn-trace-id':
    'Root=1-640cfd8d-00000000000000000000007b;Parent=00000000000001c8;Sampled=1',
  'x-aws-sqsd-attr-_datadog':
    '{"x-datadog-trace-id":"5","x-datadog-parent-id":"6"}',
};
const ALL_STYLES = 'datadog,tracecontext,b3,b3multi,xray,baggage';

/** Every propagator class, in several configurations. */
const PROPAGATORS: ReadonlyArray<[string, TextMapPropagator]> = [
  ['composite (default)', new DatadogCompositePropagator({ env: {} })],
  [
    'composite (all styles)',
    new DatadogCompositePropagator({ env: {}, extract: ALL_STYLES }),
  ],
  [
    'composite (all styles, extract first)',
    new DatadogCompositePropagator({
      env: {},
      extract: 'xray,b3multi,b3,tracecontext,datadog,baggage',
      extractFirst: true,
    }),
  ],
  [
    'composite (restart)',
    new DatadogCompositePropagator({ env: {}, extractBehavior: 'restart' }),
  ],
  ['tracecontext', new DatadogTraceContextPropagator()],
  ['b3', new DatadogB3SinglePropagator()],
  ['b3multi', new DatadogB3MultiPropagator()],
  ['baggage', new DatadogBaggagePropagator({ env: {} })],
  ['xray', new XRayPropagator()],
];

const getter = hostileGetter;

const validSpanContext = fc
  .record({
    traceId: fc.bigInt({ min: 1n, max: (1n << 128n) - 1n }),
    spanId: fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }),
    traceFlags: fc.integer({ min: 0, max: 255 }),
    isRemote: fc.boolean(),
    member: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
  })
  .map(({ traceId, spanId, traceFlags, isRemote, member }): SpanContext => ({
    traceId: traceId.toString(16).padStart(32, '0'),
    spanId: spanId.toString(16).padStart(16, '0'),
    traceFlags,
    isRemote,
    traceState:
      member === undefined ? undefined : W3CTraceState.parse('dd=' + member),
  }));

/** Baggage that breaks the interface, or holds odd entries. */
const hostileBaggage: fc.Arbitrary<Hostile<Baggage | undefined>> = fc.oneof(
  fc.constant(new Hostile('no baggage', () => undefined)),
  fc
    .array(
      fc.tuple(fc.string({ maxLength: 10 }), fc.string({ unit: 'binary' })),
      {
        maxLength: 5,
      }
    )
    .map(
      entries =>
        new Hostile(`baggage ${fc.stringify(entries)}`, () =>
          propagation.createBaggage(
            Object.fromEntries(entries.map(([key, value]) => [key, { value }]))
          )
        )
    ),
  hostileValue.map(
    value =>
      new Hostile(
        `baggage of ${value.description}`,
        () =>
          ({
            getAllEntries: () => value.build(),
          }) as unknown as Baggage
      )
  ),
  fc.constant(
    new Hostile('proxy baggage', () => throwingProxy() as unknown as Baggage)
  )
);

const hostileContext: fc.Arbitrary<Hostile<Context>> = fc.oneof(
  fc.tuple(validSpanContext, hostileBaggage).map(
    ([spanContext, baggage]) =>
      new Hostile(`${fc.stringify(spanContext)} ${baggage.description}`, () => {
        const context = trace.setSpanContext(ROOT_CONTEXT, spanContext);
        const built = baggage.build();
        return built === undefined
          ? context
          : propagation.setBaggage(context, built);
      })
  ),
  brokenContext
);

const hostileSink = hostileSinkFor('traceparent');

describe('robustness of every propagator', function () {
  this.timeout(FUZZ_TIMEOUT);
  for (const [name, propagator] of PROPAGATORS) {
    describe(name, () => {
      it('extract never throws nor returns an invalid span context', () => {
        fc.assert(
          fc.property(
            hostileCarrier(HEADERS, VALID),
            getter,
            (carrier, get) => {
              const before = prototypeSnapshot();
              const context = propagator.extract(
                ROOT_CONTEXT,
                carrier.build(),
                get.build()
              );
              const spanContext = trace.getSpanContext(context);
              if (spanContext !== undefined) {
                assert.ok(isSpanContextValid(spanContext));
                assert.strictEqual(spanContext.isRemote, true);
              }
              assertNoPollution(before);
            }
          ),
          fuzz(0.5)
        );
      });

      it('inject never throws, and writes only its fields as printable ASCII', () => {
        const fields = propagator.fields();
        fc.assert(
          fc.property(hostileContext, hostileSink, (context, sink) => {
            const before = prototypeSnapshot();
            const [carrier, setter] = sink.build();
            propagator.inject(context.build(), carrier, setter);
            const out: Record<string, unknown> = {};
            propagator.inject(context.build(), out, defaultTextMapSetter);
            for (const [key, value] of Object.entries(out)) {
              assert.ok(fields.includes(key), key);
              assert.ok(typeof value === 'string' && PRINTABLE.test(value));
            }
            assertNoPollution(before);
          }),
          fuzz(0.5)
        );
      });

      it('fields are lowercase, unique, and a fresh copy every time', () => {
        const fields = propagator.fields();
        assert.ok(fields.length > 0);
        assert.strictEqual(new Set(fields).size, fields.length);
        for (const field of fields) {
          assert.strictEqual(field, field.toLowerCase());
          assert.match(field, /^[a-z0-9_-]+$/);
        }
        const copy = fields.slice();
        fields.length = 0;
        assert.deepStrictEqual(propagator.fields(), copy);
      });
    });
  }

  it('the composite lists the fields of its styles, inject and extract', () => {
    const composite = new DatadogCompositePropagator({
      env: {},
      inject: 'b3',
      extract: 'xray,baggage',
    });
    assert.deepStrictEqual(composite.fields().sort(), [
      'b3',
      'baggage',
      'x-amzn-trace-id',
    ]);
  });

  it('what any style reads is written back as printable ASCII (no header injection)', () => {
    const anyText = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.constantFrom('\r\nSet-Cookie: a=b', '\u0000', 'r\u00fcm', '\n')
    );
    const all = new DatadogCompositePropagator({
      env: {},
      extract: ALL_STYLES,
      inject: ALL_STYLES,
    });
    fc.assert(
      fc.property(anyText, anyText, anyText, (a, b, c) => {
        const carrier = {
          'x-datadog-trace-id': '1',
          'x-datadog-parent-id': '2',
          'x-datadog-origin': 'rum' + a,
          'x-datadog-tags': '_dd.p.a=' + b,
          traceparent:
            '00-00000000000000000000000000000001-0000000000000002-01',
          tracestate: `dd=s:1;o:x${c};t.b:${b},v${a}=1,w=${c}`,
          baggage: `k=${a},${b}=1`,
        };
        const context = all.extract(
          ROOT_CONTEXT,
          carrier,
          defaultTextMapGetter
        );
        const out: Record<string, string> = {};
        all.inject(context, out, defaultTextMapSetter);
        assert.ok('traceparent' in out);
        for (const [key, value] of Object.entries(out)) {
          assert.match(value, PRINTABLE, key);
        }
      }),
      fuzz(0.5)
    );
  });

  it('prototype keys in baggage, tags, tracestate and the SQS daemon JSON stay data', () => {
    const special = fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      'hasOwnProperty'
    );
    const composite = new DatadogCompositePropagator({
      env: {},
      extract: ALL_STYLES,
      inject: ALL_STYLES,
    });
    fc.assert(
      fc.property(special, special, (key, other) => {
        fc.pre(key !== other);
        const before = prototypeSnapshot();
        const carrier: unknown = JSON.parse(
          JSON.stringify({
            baggage: `${key}=1,${other}=2`,
            'x-datadog-trace-id': '1',
            'x-datadog-parent-id': '2',
            'x-datadog-tags': `_dd.p.${key}=x`,
            traceparent:
              '00-00000000000000000000000000000001-0000000000000003-01',
            tracestate: `dd=s:1;t.${other}:y,${other}=z`,
          }).replace('"baggage"', `"${key}":{"polluted":"yes"},"baggage"`)
        );
        const context = composite.extract(
          ROOT_CONTEXT,
          carrier,
          defaultTextMapGetter
        );
        const baggage = propagation.getBaggage(context)!;
        assert.strictEqual(baggage.getEntry(key)?.value, '1');
        assert.strictEqual(baggage.getEntry(other)?.value, '2');
        const out: Record<string, string> = {};
        composite.inject(context, out, defaultTextMapSetter);
        assert.strictEqual(Object.getPrototypeOf(out), Object.prototype);
        assert.ok(out['x-datadog-tags'].includes(`_dd.p.${key}=x`));

        const sqsd = composite.extract(
          ROOT_CONTEXT,
          {
            'x-aws-sqsd-attr-_datadog': `{"${key}":{"polluted":"yes"},"x-datadog-trace-id":"5","x-datadog-parent-id":"6"}`,
          },
          defaultTextMapGetter
        );
        assert.strictEqual(
          trace.getSpanContext(sqsd)?.traceId,
          '00000000000000000000000000000005'
        );
        assertNoPollution(before);
      }),
      fuzz(0.2)
    );
  });

  it('the span links processor never throws', () => {
    const processor = new DatadogSpanLinksProcessor();
    const composite = new DatadogCompositePropagator({
      env: {},
      extract: ALL_STYLES,
    });
    const extracted = composite.extract(
      ROOT_CONTEXT,
      {
        'x-datadog-trace-id': '1',
        'x-datadog-parent-id': '2',
        traceparent: '00-00000000000000000000000000000009-0000000000000003-01',
        baggage: 'user.id=1',
      },
      defaultTextMapGetter
    );
    fc.assert(
      fc.property(hostileValue, hostileContext, (span, context) => {
        processor.onStart(span.build() as never, extracted);
        processor.onStart(span.build() as never, context.build());
        processor.onEnd();
      }),
      fuzz(0.3)
    );
  });
});

describe('robustness of convertHeaders', function () {
  this.timeout(FUZZ_TIMEOUT);
  const styles = fc.oneof(
    fc.constantFrom(
      'datadog',
      'tracecontext',
      'b3',
      'b3multi',
      'xray',
      'baggage',
      'none',
      ALL_STYLES,
      'b3 single header'
    ),
    fc.string({ maxLength: 12 })
  );

  it('never throws, and writes only printable target headers', () => {
    fc.assert(
      fc.property(
        hostileCarrier(HEADERS, VALID),
        styles,
        fc.option(styles, { nil: undefined }),
        fc.boolean(),
        (headers, to, from, extractFirst) => {
          const before = prototypeSnapshot();
          const out = convertHeaders(headers.build() as never, {
            to,
            from,
            extractFirst,
            env: {},
          });
          const fields = new DatadogCompositePropagator({
            env: {},
            inject: to,
          }).fields();
          assert.strictEqual(Object.getPrototypeOf(out), Object.prototype);
          for (const [key, value] of Object.entries(out)) {
            assert.ok(fields.includes(key), key);
            assert.match(value, PRINTABLE);
          }
          assertNoPollution(before);
        }
      ),
      fuzz(0.5)
    );
  });

  it('never throws with hostile options', () => {
    fc.assert(
      fc.property(hostileValue, hostileValue, hostileValue, (to, from, env) => {
        const out = convertHeaders(
          { 'x-datadog-trace-id': '1', 'x-datadog-parent-id': '2' },
          {
            to: to.build() as never,
            from: from.build() as never,
            env: env.build() as never,
          }
        );
        assert.strictEqual(typeof out, 'object');
      }),
      fuzz(0.3)
    );
    assert.deepStrictEqual(convertHeaders({}, throwingProxy() as never), {});
    assert.deepStrictEqual(
      convertHeaders(throwingProxy() as never, { to: 'datadog', env: {} }),
      {}
    );
  });
});

/** Text the `dd` member carries without loss (no `,` `;` `~`, no edges). */
function memberText(max: number): fc.Arbitrary<string> {
  return fc
    .string({
      unit: fc
        .integer({ min: 0x20, max: 0x7d })
        .filter(code => code !== 0x2c && code !== 0x3b)
        .map(code => String.fromCharCode(code)),
      minLength: 1,
      maxLength: max,
    })
    .filter(value => value.length > 0 && value.trim() === value);
}

const tagKey = fc
  .string({
    unit: fc
      .integer({ min: 0x21, max: 0x7d })
      .filter(code => ![0x2c, 0x3d, 0x3a, 0x3b].includes(code))
      .map(code => String.fromCharCode(code)),
    minLength: 1,
    maxLength: 8,
  })
  .filter(key => key !== 'tid' && key !== 'dm');

/** A valid context and the Datadog state it carries. */
const state = fc.record({
  traceId: fc.bigInt({ min: 1n, max: (1n << 128n) - 1n }),
  spanId: fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }),
  priority: fc.integer({ min: -1, max: 2 }),
  origin: fc.option(memberText(16), { nil: undefined }),
  decisionMaker: fc.option(fc.constantFrom('-0', '-1', '-3', '-4', '-8'), {
    nil: undefined,
  }),
  tags: fc.uniqueArray(fc.tuple(tagKey, memberText(16)), {
    selector: ([key]) => key,
    maxLength: 3,
  }),
  /** Start from Datadog headers (else a local span with a `dd` member). */
  fromHeaders: fc.boolean(),
});

type State = typeof state extends fc.Arbitrary<infer T> ? T : never;

const hex = (value: bigint, width: number) =>
  value.toString(16).padStart(width, '0');

/** The span context holding `s`, as a local span (child) would have it. */
function spanContextOf(s: State): SpanContext {
  const traceId = hex(s.traceId, 32);
  const spanId = hex(s.spanId, 16);
  const tags: Array<[string, string]> = [
    ...(s.decisionMaker === undefined
      ? []
      : ([['dm', s.decisionMaker]] as Array<[string, string]>)),
    ...s.tags,
  ];
  if (s.fromHeaders) {
    const headers: Record<string, string> = {
      'x-datadog-trace-id': (s.traceId & ((1n << 64n) - 1n)).toString(),
      'x-datadog-parent-id': '77',
      'x-datadog-sampling-priority': String(s.priority),
    };
    if (s.origin !== undefined) headers['x-datadog-origin'] = s.origin;
    const tagList = tags.map(([key, value]) => `_dd.p.${key}=${value}`);
    if (s.traceId >> 64n !== 0n) {
      tagList.unshift(`_dd.p.tid=${hex(s.traceId >> 64n, 16)}`);
    }
    if (tagList.length > 0) headers['x-datadog-tags'] = tagList.join(',');
    const parent = trace.getSpanContext(
      new DatadogCompositePropagator({ env: {} }).extract(
        ROOT_CONTEXT,
        headers,
        defaultTextMapGetter
      )
    )!;
    assert.strictEqual(parent.traceId, traceId);
    return childOf(parent, spanId);
  }
  const escape = (value: string) => value.replace(/=/g, '~');
  const member = [
    `s:${s.priority}`,
    ...(s.origin === undefined ? [] : [`o:${escape(s.origin)}`]),
    ...tags.map(([key, value]) => `t.${key}:${escape(value)}`),
  ].join(';');
  return {
    traceId,
    spanId,
    traceFlags: s.priority > 0 ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: false,
    traceState: W3CTraceState.parse(`dd=${member},other=1`),
  };
}

/** Round trips through one style: what it carries is kept exactly. */
function roundTrip(style: PropagationStyle, s: State): void {
  const propagator = new DatadogCompositePropagator({
    env: {},
    inject: style,
    extract: style,
  });
  const headers: Record<string, string> = {};
  propagator.inject(
    trace.setSpanContext(ROOT_CONTEXT, spanContextOf(s)),
    headers,
    defaultTextMapSetter
  );
  const extracted = trace.getSpanContext(
    propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter)
  );
  assert.ok(extracted, `${style}: ${JSON.stringify(headers)}`);
  assert.strictEqual(extracted.traceId, hex(s.traceId, 32), style);
  assert.strictEqual(extracted.spanId, hex(s.spanId, 16), style);
  assert.strictEqual(
    extracted.traceFlags & TraceFlags.SAMPLED,
    s.priority > 0 ? TraceFlags.SAMPLED : 0,
    style
  );
  const datadogState = getDatadogState(extracted);
  if (style === 'datadog' || style === 'tracecontext') {
    assert.strictEqual(datadogState.samplingPriority, s.priority, style);
    assert.strictEqual(datadogState.origin, s.origin, style);
    const high = s.traceId >> 64n;
    const expected: Array<[string, string]> = [
      ...(high === 0n
        ? []
        : ([['_dd.p.tid', hex(high, 16)]] as Array<[string, string]>)),
      ...(s.decisionMaker === undefined || s.decisionMaker === '-0'
        ? []
        : ([['_dd.p.dm', s.decisionMaker]] as Array<[string, string]>)),
      ...s.tags.map(([key, value]): [string, string] => [
        `_dd.p.${key}`,
        value,
      ]),
    ];
    const sort = (tags: Array<[string, string]>) =>
      tags.map(tag => tag.join('=')).sort();
    // `_dd.p.dm=-0` (no mechanism) is dropped by tracecontext, as dd-trace.
    const actual = datadogState.tags.filter(
      ([key, value]) => !(key === '_dd.p.dm' && value === '-0')
    );
    assert.deepStrictEqual(sort(actual), sort(expected), style);
  } else if (style === 'b3multi') {
    // Priority 2 rides as the debug flag; -1 has no B3 form.
    assert.strictEqual(
      datadogState.samplingPriority,
      Math.max(0, s.priority),
      style
    );
  } else {
    assert.strictEqual(datadogState.samplingPriority, s.priority > 0 ? 1 : 0);
  }
}

describe('round trips through every style', function () {
  this.timeout(FUZZ_TIMEOUT);
  for (const style of [
    'datadog',
    'tracecontext',
    'b3',
    'b3multi',
    'xray',
  ] as const) {
    it(`${style}: inject then extract keeps ids, sampling and what ${style} carries`, () => {
      fc.assert(
        fc.property(state, s => {
          // Datadog ids cannot hold a trace id whose low half is zero.
          fc.pre(
            style !== 'datadog' || (s.traceId & ((1n << 64n) - 1n)) !== 0n
          );
          roundTrip(style, s);
        }),
        fuzz(0.5)
      );
    });
  }
});

describe('bounded work', function () {
  this.timeout(FUZZ_TIMEOUT);
  const composite = new DatadogCompositePropagator({
    env: {},
    extract: ALL_STYLES,
  });

  it('examines a bounded number of characters however long any header is', () => {
    for (const header of HEADERS) {
      const costs: number[] = [];
      for (const size of [1_000, 100_000, 1_000_000]) {
        const carrier: Record<string, string> = {
          'x-datadog-trace-id': '1',
          'x-datadog-parent-id': '2',
          traceparent:
            '00-00000000000000000000000000000001-0000000000000002-01',
          [header]: 'k=v,'.repeat(size / 4),
        };
        costs.push(
          measureWork(() =>
            composite.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter)
          ).chars
        );
      }
      // The longest header read at all is 16384 characters (tracestate).
      for (const cost of costs) {
        assert.ok(cost <= 100_000, `${header}: ${costs.join(', ')}`);
      }
      assert.ok(costs[2] <= costs[1], `${header}: ${costs.join(', ')}`);
    }
  });

  it('reads at most 64 baggage items and 8192 bytes', () => {
    for (const count of [100, 10_000, 100_000]) {
      const header = Array.from({ length: count }, (_, i) => `k${i}=v`).join(
        ','
      );
      let baggage: Baggage | undefined;
      const work = measureWork(() => {
        baggage = propagation.getBaggage(
          composite.extract(
            ROOT_CONTEXT,
            { baggage: header },
            defaultTextMapGetter
          )
        );
      }).chars;
      assert.strictEqual(baggage?.getAllEntries().length, 64);
      assert.ok(work <= 6 * 8193, `${count} items: ${work}`);
    }
    const long = 'k=' + 'v'.repeat(100_000);
    const work = measureWork(() =>
      composite.extract(ROOT_CONTEXT, { baggage: long }, defaultTextMapGetter)
    ).chars;
    assert.ok(work <= 6 * 8193, `${work}`);
  });

  it('reads at most 32 tracestate members', () => {
    const header = Array.from({ length: 10_000 }, (_, i) => `k${i}=v`).join(
      ','
    );
    const spanContext = trace.getSpanContext(
      composite.extract(
        ROOT_CONTEXT,
        {
          traceparent:
            '00-00000000000000000000000000000001-0000000000000002-01',
          tracestate: header.slice(0, 16_384),
        },
        defaultTextMapGetter
      )
    );
    assert.strictEqual(
      spanContext?.traceState?.serialize().split(',').length,
      32
    );
  });

  it('scans at most 1024 carrier keys for other spellings', () => {
    for (const count of [100, 10_000, 100_000]) {
      let reads = 0;
      const keys = new Proxy(
        Array.from({ length: count }, (_, i) => `X-Junk-${i}`),
        {
          get(target, property, receiver) {
            if (typeof property === 'string' && /^\d+$/.test(property)) {
              reads++;
            }
            return Reflect.get(target, property, receiver);
          },
        }
      );
      composite.extract(ROOT_CONTEXT, null, {
        get: () => undefined,
        keys: () => keys,
      });
      assert.ok(reads <= 1024, `${reads} of ${count}`);
    }
  });

  it('joins at most a bounded number of items of header arrays', () => {
    for (const header of ['x-datadog-tags', 'tracestate', 'baggage']) {
      let reads = 0;
      const items = new Proxy(new Array(100_000).fill('a=b'), {
        get(target, property, receiver) {
          if (typeof property === 'string' && /^\d+$/.test(property)) reads++;
          return Reflect.get(target, property, receiver);
        },
      });
      composite.extract(
        ROOT_CONTEXT,
        {
          'x-datadog-trace-id': '1',
          'x-datadog-parent-id': '2',
          traceparent:
            '00-00000000000000000000000000000001-0000000000000002-01',
          [header]: items,
        },
        defaultTextMapGetter
      );
      // 16384 characters of `a=b,` are 4096 items.
      assert.ok(reads <= 4_200, `${header}: ${reads}`);
    }
  });
});
