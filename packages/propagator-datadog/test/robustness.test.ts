/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Hostile input (see properties.test.ts for the ordinary properties): no
// input makes the public API throw, yield an invalid context, write a header
// value that is not printable ASCII, or change anything outside its result;
// inject then extract keeps the whole Datadog state; the work done is
// bounded by the input limits (counted, never timed).

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
  type TraceState,
} from '@opentelemetry/api';
import * as fc from 'fast-check';
import {
  DatadogPropagator,
  W3CTraceState,
  joinedString,
  lastString,
  parseDatadogMember,
  parseDatadogTags,
} from '../src';
import {
  assertNoPollution,
  brokenContext,
  hostileGetter,
  hostileSink as hostileSinkFor,
  fuzz,
  FUZZ_TIMEOUT,
  hostileCarrier,
  hostileValue,
  Hostile,
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
];
const PRINTABLE = /^[\x20-\x7e]*$/;

const propagator = new DatadogPropagator({ env: {} });

const getter = hostileGetter;

/** A valid span context. */
const validSpanContext = fc
  .record({
    traceId: fc.bigInt({ min: 1n, max: (1n << 128n) - 1n }),
    spanId: fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }),
    traceFlags: fc.integer({ min: 0, max: 255 }),
    isRemote: fc.boolean(),
  })
  .map(({ traceId, spanId, traceFlags, isRemote }): SpanContext => ({
    traceId: traceId.toString(16).padStart(32, '0'),
    spanId: spanId.toString(16).padStart(16, '0'),
    traceFlags,
    isRemote,
  }));

/** Trace states that break the interface in every way. */
const hostileTraceState: fc.Arbitrary<Hostile<TraceState | undefined>> =
  fc.oneof(
    fc.constant(new Hostile('no trace state', () => undefined)),
    fc
      .string()
      .map(
        value =>
          new Hostile(`dd=${value}`, () => W3CTraceState.parse('dd=' + value))
      ),
    hostileValue.map(
      value =>
        new Hostile(
          `trace state of ${value.description}`,
          () =>
            ({
              get: () => value.build(),
              set() {
                return this;
              },
              unset() {
                return this;
              },
              serialize: () => value.build(),
            }) as TraceState
        )
    ),
    fc.constant(
      new Hostile(
        'throwing trace state',
        () =>
          ({
            get: () => {
              throw new Error('get');
            },
            set: () => {
              throw new Error('set');
            },
            unset: () => {
              throw new Error('unset');
            },
            serialize: () => {
              throw new Error('serialize');
            },
          }) as TraceState
      )
    ),
    fc.constant(
      new Hostile('proxy trace state', () => throwingProxy() as TraceState)
    )
  );

/** Contexts holding valid, broken and throwing span contexts. */
const hostileContext: fc.Arbitrary<Hostile<Context>> = fc.oneof(
  fc.constant(new Hostile('ROOT_CONTEXT', () => ROOT_CONTEXT)),
  fc.tuple(validSpanContext, hostileTraceState).map(
    ([spanContext, traceState]) =>
      new Hostile(
        `${fc.stringify(spanContext)} ${traceState.description}`,
        () =>
          trace.setSpanContext(ROOT_CONTEXT, {
            ...spanContext,
            traceState: traceState.build(),
          })
      )
  ),
  brokenContext
);

/** Carriers and setters that refuse writes, in every way. */
const hostileSink = hostileSinkFor('x-datadog-origin');

describe('DatadogPropagator robustness', function () {
  this.timeout(FUZZ_TIMEOUT);
  it('extract never throws nor returns an invalid span context, whatever the carrier and getter', () => {
    const base = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '0000000000000000000000000000000a',
      spanId: '000000000000000b',
      traceFlags: 1,
      traceState: W3CTraceState.parse('other=1'),
    });
    fc.assert(
      fc.property(
        hostileCarrier(HEADERS, {
          'x-datadog-trace-id': '1',
          'x-datadog-parent-id': '2',
          'x-datadog-sampling-priority': '2',
          'x-datadog-origin': 'rum',
          'x-datadog-tags': '_dd.p.dm=-4,_dd.p.tid=640cfd8d00000000',
        }),
        getter,
        fc.boolean(),
        (carrier, get, fromRoot) => {
          const before = prototypeSnapshot();
          const input = fromRoot ? ROOT_CONTEXT : base;
          const context = propagator.extract(
            input,
            carrier.build(),
            get.build()
          );
          const spanContext = trace.getSpanContext(context);
          if (context === input) {
            assert.strictEqual(spanContext, trace.getSpanContext(input));
          } else {
            assert.ok(spanContext && isSpanContextValid(spanContext));
            assert.strictEqual(spanContext.isRemote, true);
          }
          assertNoPollution(before);
        }
      ),
      fuzz()
    );
  });

  it('inject never throws, whatever the context, carrier and setter', () => {
    fc.assert(
      fc.property(hostileContext, hostileSink, (context, sink) => {
        const before = prototypeSnapshot();
        const [carrier, setter] = sink.build();
        propagator.inject(context.build(), carrier, setter);
        assertNoPollution(before);
      }),
      fuzz()
    );
  });

  it('inject writes only its own fields, as printable ASCII', () => {
    fc.assert(
      fc.property(hostileContext, context => {
        const out: Record<string, unknown> = {};
        propagator.inject(context.build(), out, defaultTextMapSetter);
        for (const [key, value] of Object.entries(out)) {
          assert.ok(HEADERS.includes(key), key);
          assert.ok(typeof value === 'string' && PRINTABLE.test(value), key);
        }
      }),
      fuzz()
    );
  });

  it('fields never throws and gives a fresh copy', () => {
    const fields = propagator.fields();
    fields.push('x');
    fields.length = 0;
    assert.deepStrictEqual(propagator.fields(), HEADERS);
  });

  it('what extract reads, inject writes back as printable ASCII: no header injection', () => {
    // Header values from JSON payloads (Lambda events, queues) can hold any
    // character; HTTP header values cannot.
    const anyText = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.constantFrom('syn\r\nSet-Cookie: a=b', 'rum\u0000', 'r\u00fcm', 'x\n')
    );
    fc.assert(
      fc.property(anyText, anyText, (origin, tagValue) => {
        const carrier = {
          'x-datadog-trace-id': '1',
          'x-datadog-parent-id': '2',
          'x-datadog-sampling-priority': '1',
          'x-datadog-origin': origin,
          'x-datadog-tags': '_dd.p.a=' + tagValue,
        };
        const context = propagator.extract(
          ROOT_CONTEXT,
          carrier,
          defaultTextMapGetter
        );
        const out: Record<string, string> = {};
        propagator.inject(context, out, defaultTextMapSetter);
        assert.strictEqual(out['x-datadog-trace-id'], '1');
        for (const [key, value] of Object.entries(out)) {
          assert.match(value, PRINTABLE, key);
        }
        // A printable origin is kept as it is.
        assert.strictEqual(
          out['x-datadog-origin'],
          PRINTABLE.test(origin) && origin.length > 0 ? origin : undefined
        );
      }),
      fuzz()
    );
  });

  it('tracestate keeps only members of printable ASCII: nothing to smuggle into a header', () => {
    const text = fc.string({
      unit: fc.oneof(
        fc.constantFrom('=', ',', ' ', '\t', 'a', 'dd', 'o:', '\r\n', '\u0000'),
        fc.string({ unit: 'binary', maxLength: 1 })
      ),
      maxLength: 30,
    });
    fc.assert(
      fc.property(text, header => {
        const serialized = W3CTraceState.parse(header).serialize();
        assert.match(serialized, PRINTABLE);
        // What is kept is kept as received.
        for (const member of serialized.split(',')) {
          if (member) assert.ok(header.includes(member.split('=')[1]));
        }
      }),
      fuzz()
    );
  });

  it('extract changes nothing in the carrier', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...HEADERS), hostileValue), {
          maxLength: 5,
        }),
        entries => {
          const carrier: Record<string, unknown> = {};
          for (const [key, value] of entries) {
            const built = value.build();
            // Only values that can be compared after the call.
            if (typeof built === 'object' && built !== null) continue;
            carrier[key] = built;
          }
          const copy = new Map(Object.entries(carrier));
          propagator.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
          assert.deepStrictEqual(new Map(Object.entries(carrier)), copy);
        }
      ),
      fuzz(0.3)
    );
  });

  it('prototype keys in JSON carriers and tag names stay data', () => {
    const special = fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'hasOwnProperty',
      'toString',
      '__defineGetter__'
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(special, { minLength: 1, maxLength: 4 }),
        special,
        (tagKeys, headerKey) => {
          const before = prototypeSnapshot();
          const tags = tagKeys.map(key => `_dd.p.${key}=${key}`).join(',');
          const carrier: unknown = JSON.parse(
            `{${JSON.stringify(headerKey)}:{"polluted":"yes"},` +
              '"x-datadog-trace-id":"1","x-datadog-parent-id":"2",' +
              `"x-datadog-sampling-priority":"1","x-datadog-tags":${JSON.stringify(tags)}}`
          );
          const context = propagator.extract(
            ROOT_CONTEXT,
            carrier,
            defaultTextMapGetter
          );
          const out: Record<string, string> = {};
          propagator.inject(context, out, defaultTextMapSetter);
          assert.strictEqual(Object.getPrototypeOf(out), Object.prototype);
          assert.strictEqual(out['x-datadog-tags'], tags);
          assertNoPollution(before);
        }
      ),
      fuzz(0.3)
    );
  });
});

/** Member values that the `dd` member carries without loss. */
function memberText(min: number, max: number): fc.Arbitrary<string> {
  return fc
    .string({
      unit: fc
        .integer({ min: 0x20, max: 0x7d })
        .filter(code => code !== 0x2c && code !== 0x3b)
        .map(code => String.fromCharCode(code)),
      minLength: min,
      maxLength: max,
    })
    .filter(value => value.trim() === value && value.length >= min);
}

const tagKey = fc
  .string({
    unit: fc
      .integer({ min: 0x21, max: 0x7d })
      .filter(code => ![0x2c, 0x3d, 0x3a, 0x3b].includes(code))
      .map(code => String.fromCharCode(code)),
    minLength: 1,
    maxLength: 10,
  })
  .filter(key => key !== 'tid');

const datadogState = fc.record({
  traceId: fc.bigInt({ min: 1n, max: (1n << 128n) - 1n }),
  spanId: fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }),
  priority: fc.integer({ min: -1, max: 2 }),
  origin: fc.option(memberText(1, 20), { nil: undefined }),
  tags: fc.uniqueArray(fc.tuple(tagKey, memberText(1, 20)), {
    selector: ([key]) => key,
    maxLength: 4,
  }),
});

describe('DatadogPropagator round trip', function () {
  this.timeout(FUZZ_TIMEOUT);
  it('any valid context: inject then extract keeps ids, sampling, priority, origin and tags', () => {
    fc.assert(
      fc.property(
        datadogState,
        ({ traceId, spanId, priority, origin, tags }) => {
          fc.pre((traceId & ((1n << 64n) - 1n)) !== 0n);
          const escape = (value: string) => value.replace(/=/g, '~');
          const member = [
            `s:${priority}`,
            ...(origin === undefined ? [] : [`o:${escape(origin)}`]),
            ...tags.map(([key, value]) => `t.${key}:${escape(value)}`),
          ].join(';');
          const spanContext: SpanContext = {
            traceId: traceId.toString(16).padStart(32, '0'),
            spanId: spanId.toString(16).padStart(16, '0'),
            traceFlags: priority > 0 ? TraceFlags.SAMPLED : TraceFlags.NONE,
            traceState: W3CTraceState.parse(`dd=${member},other=1`),
          };
          const headers: Record<string, string> = {};
          propagator.inject(
            trace.setSpanContext(ROOT_CONTEXT, spanContext),
            headers,
            defaultTextMapSetter
          );

          const high = traceId >> 64n;
          const expectedTags = [
            ...(high === 0n
              ? []
              : [`_dd.p.tid=${high.toString(16).padStart(16, '0')}`]),
            ...tags.map(([key, value]) => `_dd.p.${key}=${value}`),
          ].join(',');
          const expected: Record<string, string> = {
            'x-datadog-trace-id': (traceId & ((1n << 64n) - 1n)).toString(),
            'x-datadog-parent-id': spanId.toString(),
            'x-datadog-sampling-priority': String(priority),
          };
          if (origin !== undefined) expected['x-datadog-origin'] = origin;
          if (expectedTags.length > 0)
            expected['x-datadog-tags'] = expectedTags;
          assert.deepStrictEqual(headers, expected);

          const extracted = trace.getSpanContext(
            propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter)
          )!;
          assert.strictEqual(extracted.traceId, spanContext.traceId);
          assert.strictEqual(extracted.spanId, spanContext.spanId);
          assert.strictEqual(extracted.traceFlags, spanContext.traceFlags);
          // The same state, in the member Datadog tracers read from W3C
          // headers: `_dd.p.tid` rides as `t.tid`, first as in the header.
          const tid =
            high === 0n ? [] : [`t.tid:${high.toString(16).padStart(16, '0')}`];
          assert.strictEqual(
            extracted.traceState?.get('dd'),
            [
              `s:${priority}`,
              ...(origin === undefined ? [] : [`o:${escape(origin)}`]),
              ...tid,
              ...tags.map(([key, value]) => `t.${key}:${escape(value)}`),
            ].join(';')
          );
          const again: Record<string, string> = {};
          propagator.inject(
            trace.setSpanContext(ROOT_CONTEXT, extracted),
            again,
            defaultTextMapSetter
          );
          assert.deepStrictEqual(again, expected);
        }
      ),
      fuzz()
    );
  });
});

describe('DatadogPropagator bounded work', function () {
  this.timeout(FUZZ_TIMEOUT);
  const SIZES = [1_000, 10_000, 100_000, 1_000_000];

  function extractWork(carrier: Record<string, unknown>): number {
    return measureWork(() => {
      propagator.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
    }).chars;
  }

  it('examines the same few characters however long an over-limit header is', () => {
    for (const header of HEADERS) {
      const costs = SIZES.map(size =>
        extractWork({
          'x-datadog-trace-id': '1',
          'x-datadog-parent-id': '2',
          [header]: '1'.repeat(size),
        })
      );
      for (const cost of costs) {
        assert.ok(cost <= 2_000, `${header}: ${costs.join(', ')}`);
      }
    }
  });

  it('reads at most 1024 carrier keys looking for other spellings', () => {
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
      const context = propagator.extract(ROOT_CONTEXT, null, {
        get: () => undefined,
        keys: () => keys,
      });
      assert.strictEqual(context, ROOT_CONTEXT);
      assert.ok(reads <= 1024, `${reads} keys read of ${count}`);
    }
  });

  it('parses x-datadog-tags of the limit in linear work', () => {
    const header = '_dd.p.k=v,'.repeat(51).slice(0, 509);
    const work = measureWork(() => parseDatadogTags(header, 512)).chars;
    assert.ok(work <= 4 * header.length, `${work}`);
  });

  it('stops joining header arrays at the limit', () => {
    const work = measureWork(() =>
      joinedString(new Array(100_000).fill('_dd.p.a=b'), 512)
    ).chars;
    assert.ok(work <= 1_000, `${work}`);
    let reads = 0;
    const items = new Proxy(new Array(100_000).fill(7), {
      get(target, property, receiver) {
        if (typeof property === 'string' && /^\d+$/.test(property)) reads++;
        return Reflect.get(target, property, receiver);
      },
    });
    // No string to find: every item is looked at once, no more.
    assert.strictEqual(lastString(items), undefined);
    assert.ok(reads <= 100_000, `${reads}`);
  });

  it('parses a dd member in linear work, however many parts it has', () => {
    // Regression: each part used to search the rest of the value for `:`,
    // which is quadratic in the number of parts without one.
    for (const parts of [1_000, 10_000, 100_000]) {
      const value = 'a;'.repeat(parts);
      const work = measureWork(() => parseDatadogMember(value)).chars;
      assert.ok(work <= 8 * value.length, `${parts} parts: ${work}`);
    }
  });

  it('parses tracestate in bounded work: 32 members, 16384 characters', () => {
    const costs = [100, 1_000, 16_000, 100_000, 1_000_000].map(size => {
      const header = 'k=v,'.repeat(size / 4);
      return [
        header.length,
        measureWork(() => W3CTraceState.parse(header)).chars,
      ];
    });
    for (const [length, cost] of costs) {
      assert.ok(cost <= 40 * Math.min(length, 16_384), `${length}: ${cost}`);
    }
    const junk = measureWork(() =>
      W3CTraceState.parse('x'.repeat(16_000))
    ).chars;
    assert.ok(junk <= 40 * 16_000, `${junk}`);
  });
});
