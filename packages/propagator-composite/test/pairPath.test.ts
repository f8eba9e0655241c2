/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The Datadog + W3C pair fast paths (extractPair, pairMember) against the
// general path they short-cut: the same configuration with the pair path
// off for extract, and the state read explicitly (which skips pairMember)
// for inject. Near-valid header sets built around dd-trace's own, and
// hostile carriers.

import * as assert from 'node:assert';
import * as fc from 'fast-check';
import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  propagation,
  ROOT_CONTEXT,
  trace,
  type Context,
  type SpanContext,
  type TextMapPropagator,
} from '@opentelemetry/api';
import {
  FUZZ_TIMEOUT,
  fuzz,
  hostileCarrier,
  type Hostile,
} from '@otel-dd/hostile-support';
import { DatadogCompositePropagator, getExtractedSpanLinks } from '../src';
import { DatadogTraceContextPropagator } from '../src/DatadogTraceContextPropagator';
import { getAttached } from '../src/internal/context';
import * as pairExtract from '../src/internal/pairExtract';
import * as pairInject from '../src/internal/pairInject';
import { readInjectState } from '../src/internal/state';

const FIELDS = [
  'x-datadog-trace-id',
  'x-datadog-parent-id',
  'x-datadog-sampling-priority',
  'x-datadog-origin',
  'x-datadog-tags',
  'traceparent',
  'tracestate',
  'baggage',
];

function generalOf(
  options: ConstructorParameters<typeof DatadogCompositePropagator>[0]
): DatadogCompositePropagator {
  const propagator = new DatadogCompositePropagator(options);
  (propagator as unknown as { _pairFirst: boolean })._pairFirst = false;
  return propagator;
}

const hex = (length: number) =>
  fc
    .array(fc.constantFrom(...'0123456789abcdef'), {
      minLength: length,
      maxLength: length,
    })
    .map(chars => chars.join(''));
const decimal = fc
  .bigInt({ min: 0n, max: (1n << 64n) - 1n })
  .map(value => value.toString());
const printable = fc.string({
  unit: fc.constantFrom(...'ab-_.:;,=~ 0Z\t\u00e9'),
  maxLength: 8,
});

/** Usually `usual`, sometimes one of `others`. */
function mostly<T>(usual: T, ...others: T[]): fc.Arbitrary<T> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant(usual) },
    { weight: 1, arbitrary: fc.constantFrom(...others) }
  );
}

/** `x-datadog-*`, traceparent and tracestate of one trace, then mutated. */
const nearValid = fc
  .record({
    high: fc.oneof(hex(16), fc.constant('0000000000000000')),
    low: fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }),
    parent: fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }),
    priority: mostly('1', '-1', '0', '2', '1.5', 'x', ''),
    origin: fc.option(fc.oneof(fc.constant('synthetics'), printable)),
    tagsOrder: fc.boolean(),
    extraTags: fc.array(
      fc.tuple(fc.constantFrom('dm', 'usr', 'x:y', 'k;', 'tid'), printable),
      { maxLength: 3 }
    ),
    dm: mostly('-0', '-4', '4', '-x', ''),
    tidCase: mostly('lower', 'upper', 'wrong', 'none'),
    version: mostly('00', '01', 'ff', '0A'),
    flags: mostly('01', '00', '03'),
    w3cTrace: mostly('same', 'low-only', 'other'),
    w3cSpan: mostly('same', 'other'),
    parts: fc.oneof(
      { weight: 3, arbitrary: fc.constant(['t.dm', 't.tid', 's', 'p']) },
      fc.shuffledSubarray([
        't.dm',
        't.tid',
        's',
        'p',
        'o',
        't.usr',
        't.x',
        'z',
      ]),
      fc.shuffledSubarray(
        [
          't.dm',
          't.tid',
          's',
          'p',
          'o',
          't.usr',
          't.x',
          'z',
          's2',
          'p2',
          'blank',
        ],
        { minLength: 0 }
      )
    ),
    partValues: fc.array(printable, { minLength: 4, maxLength: 4 }),
    others: fc.constantFrom(
      '',
      ',foo=bar',
      ',ot=rv:0123456789abcd;th:8',
      ',a=1,b=2'
    ),
    ddFirst: fc.boolean(),
    trailing: mostly('', ';', ' '),
    baggage: fc.option(fc.constantFrom('k=v', 'a=1,b=%20x', 'bad')),
    array: mostly(false, true),
    upper: mostly(false, true),
    drop: fc.option(fc.constantFrom(...FIELDS), { freq: 8 }),
  })
  .map(t => {
    const lowHex = t.low.toString(16).padStart(16, '0');
    const parentHex = t.parent.toString(16).padStart(16, '0');
    const tid =
      t.tidCase === 'upper'
        ? t.high.toUpperCase()
        : t.tidCase === 'wrong'
          ? 'f' + t.high.slice(1)
          : t.high;
    const tags: string[] = [];
    if (t.high !== '0000000000000000' && t.tidCase !== 'none') {
      tags.push('_dd.p.tid=' + tid);
    }
    if (t.dm) tags.push('_dd.p.dm=' + t.dm);
    for (const [key, value] of t.extraTags) tags.push(`_dd.p.${key}=${value}`);
    if (t.tagsOrder) tags.reverse();
    const w3cHigh = t.w3cTrace === 'other' ? 'a' + t.high.slice(1) : t.high;
    const w3cLow = t.w3cTrace === 'low-only' ? '1' + lowHex.slice(1) : lowHex;
    const w3cSpan = t.w3cSpan === 'same' ? parentHex : 'b' + parentHex.slice(1);
    const dd: string[] = [];
    const [v0, v1, v2, v3] = t.partValues;
    for (const part of t.parts) {
      if (part === 't.dm') dd.push('t.dm:' + t.dm);
      else if (part === 't.tid') dd.push('t.tid:' + t.high);
      else if (part === 's') dd.push('s:' + t.priority);
      else if (part === 'p') dd.push('p:' + parentHex);
      else if (part === 'o') dd.push('o:' + (t.origin ?? v0));
      else if (part === 't.usr') dd.push('t.usr:' + v1);
      else if (part === 't.x') dd.push('t.x:' + v2);
      else if (part === 'z') dd.push('z:' + v3);
      else if (part === 's2') dd.push('s:' + v0);
      else if (part === 'p2') dd.push('p:abc');
      else dd.push(' t.q :1');
    }
    const member = 'dd=' + dd.join(';') + t.trailing;
    const others = t.others.slice(1);
    const tracestate = t.ddFirst
      ? member + t.others
      : others.length > 0
        ? others + ',' + member
        : member;
    let traceparent = `${t.version}-${w3cHigh}${w3cLow}-${w3cSpan}-${t.flags}`;
    if (t.upper) traceparent = traceparent.toUpperCase();
    const headers: Record<string, string | string[]> = {
      'x-datadog-trace-id': t.low.toString(),
      'x-datadog-parent-id': t.parent.toString(),
      'x-datadog-sampling-priority': t.priority,
      'x-datadog-tags': tags.join(','),
      traceparent,
      tracestate: t.array ? [tracestate] : tracestate,
    };
    if (t.origin !== null) headers['x-datadog-origin'] = t.origin;
    if (t.baggage !== null) headers.baggage = t.baggage;
    if (t.drop !== null) delete headers[t.drop];
    return headers;
  });

/** Any header value at all, under the names the pair reads. */
const looseHeaders = fc.dictionary(
  fc.constantFrom(...FIELDS),
  fc.oneof(decimal, hex(16), printable, fc.string({ maxLength: 40 }))
);

interface Outcome {
  spanContext: unknown;
  attached: unknown;
  links: unknown;
  baggage: unknown;
  parentInject: Record<string, string>;
  childInject: Record<string, string>;
}

function describe_(context: SpanContext | undefined): unknown {
  if (context === undefined) return undefined;
  return {
    traceId: context.traceId,
    spanId: context.spanId,
    traceFlags: context.traceFlags,
    isRemote: context.isRemote,
    traceState: context.traceState?.serialize(),
  };
}

function inject(
  propagator: TextMapPropagator,
  context: Context
): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagator.inject(context, carrier, defaultTextMapSetter);
  return carrier;
}

function child(
  parent: SpanContext,
  spanId = '1234567890abcdef',
  traceFlags = parent.traceFlags
): SpanContext {
  return {
    traceId: parent.traceId,
    spanId,
    traceFlags,
    traceState: parent.traceState,
    isRemote: false,
  };
}

/**
 * Further children of one extracted context, as outgoing calls make them:
 * other span ids, and a sampling decision changed and changed back (the
 * pair path keeps its check per priority).
 */
const FURTHER_CHILDREN: ReadonlyArray<[string, (flags: number) => number]> = [
  ['00f067aa0ba902b7', flags => flags],
  ['0af7651916cd43dd', flags => flags ^ 1],
  ['b7ad6b7169203331', flags => flags],
  ['00000000000004d2', flags => flags ^ 1],
];

function outcome(propagator: TextMapPropagator, carrier: unknown): Outcome {
  const context = propagator.extract(
    ROOT_CONTEXT,
    carrier,
    defaultTextMapGetter
  );
  const spanContext = trace.getSpanContext(context);
  const attached = getAttached(spanContext?.traceState);
  return {
    spanContext: describe_(spanContext),
    attached:
      attached === undefined
        ? undefined
        : {
            priority: attached.priority,
            origin: attached.origin,
            tags: attached.tags,
            parentId: attached.parentId,
            // As extracted: inject notes its check in the record.
            upstream:
              attached.upstream === undefined
                ? undefined
                : { ...attached.upstream },
          },
    links: getExtractedSpanLinks(context).map(link => ({
      context: describe_(link.context),
      attributes: link.attributes,
    })),
    baggage: propagation.getBaggage(context)?.getAllEntries(),
    parentInject: inject(propagator, context),
    childInject:
      spanContext === undefined
        ? {}
        : inject(propagator, trace.setSpanContext(context, child(spanContext))),
  };
}

/** The child's W3C headers without pairMember (the state read first). */
function generalTraceContext(spanContext: SpanContext): Record<string, string> {
  const carrier: Record<string, string> = {};
  new DatadogTraceContextPropagator().injectSpanContext(
    spanContext,
    carrier,
    defaultTextMapSetter,
    readInjectState(spanContext)
  );
  return carrier;
}

function check(carrier: () => unknown): void {
  const fast = new DatadogCompositePropagator({ env: {} });
  const general = generalOf({ env: {} });
  const expected = outcome(general, carrier());
  const actual = outcome(fast, carrier());
  assert.deepStrictEqual(actual, expected);
  const spanContext = trace.getSpanContext(
    fast.extract(ROOT_CONTEXT, carrier(), defaultTextMapGetter)
  );
  if (spanContext !== undefined) {
    const outgoing = child(spanContext);
    const w3c = generalTraceContext(outgoing);
    assert.strictEqual(actual.childInject.traceparent, w3c.traceparent);
    assert.strictEqual(actual.childInject.tracestate, w3c.tracestate);
    for (const [spanId, flags] of FURTHER_CHILDREN) {
      const further = child(spanContext, spanId, flags(spanContext.traceFlags));
      const headers = inject(fast, trace.setSpanContext(ROOT_CONTEXT, further));
      const expectedHeaders = generalTraceContext(further);
      assert.strictEqual(headers.traceparent, expectedHeaders.traceparent);
      assert.strictEqual(headers.tracestate, expectedHeaders.tracestate);
    }
  }
}

/** How often each fast path gave a result (the property must reach them). */
const hits = { extract: 0, inject: 0 };
const { extractPair } = pairExtract;
const { pairMember } = pairInject;

describe('Datadog + W3C pair fast paths', function () {
  this.timeout(FUZZ_TIMEOUT);

  before(() => {
    // Compiled calls go through the module objects: count the results.
    const extractModule = pairExtract as { extractPair: typeof extractPair };
    extractModule.extractPair = (...args) => {
      const result = extractPair(...args);
      if (result !== undefined) hits.extract++;
      return result;
    };
    const injectModule = pairInject as { pairMember: typeof pairMember };
    injectModule.pairMember = (...args) => {
      const result = pairMember(...args);
      if (result !== undefined) hits.inject++;
      return result;
    };
  });

  after(() => {
    (pairExtract as { extractPair: typeof extractPair }).extractPair =
      extractPair;
    (pairInject as { pairMember: typeof pairMember }).pairMember = pairMember;
  });

  it('take the pair path on dd-trace headers', () => {
    const headers = {
      'x-datadog-trace-id': '7890123456789012345',
      'x-datadog-parent-id': '1234567890123456789',
      'x-datadog-sampling-priority': '1',
      'x-datadog-tags': '_dd.p.tid=6701b2c500000000,_dd.p.dm=-0',
      traceparent: '00-6701b2c5000000006d7f597af3e2df79-112210f47de98115-01',
      tracestate: 'dd=t.dm:-0;t.tid:6701b2c500000000;s:1;p:112210f47de98115',
    };
    const fast = outcome(new DatadogCompositePropagator({ env: {} }), headers);
    assert.deepStrictEqual(fast, outcome(generalOf({ env: {} }), headers));
    assert.deepStrictEqual(fast.childInject, {
      'x-datadog-trace-id': '7890123456789012345',
      'x-datadog-parent-id': '1311768467294899695',
      'x-datadog-sampling-priority': '1',
      'x-datadog-tags': '_dd.p.tid=6701b2c500000000,_dd.p.dm=-0',
      traceparent: '00-6701b2c5000000006d7f597af3e2df79-1234567890abcdef-01',
      tracestate: 'dd=t.dm:-0;t.tid:6701b2c500000000;s:1;p:1234567890abcdef',
    });
  });

  it('should splice each further child into the member checked once', () => {
    const propagator = new DatadogCompositePropagator({ env: {} });
    const context = propagator.extract(
      ROOT_CONTEXT,
      {
        'x-datadog-trace-id': '7890123456789012345',
        'x-datadog-parent-id': '1234567890123456789',
        'x-datadog-sampling-priority': '2',
        'x-datadog-origin': 'rum',
        'x-datadog-tags': '_dd.p.tid=6701b2c500000000,_dd.p.dm=-4',
        traceparent: '00-6701b2c5000000006d7f597af3e2df79-112210f47de98115-01',
        tracestate:
          'dd=s:2;o:rum;p:112210f47de98115;t.dm:-4;t.tid:6701b2c500000000',
      },
      defaultTextMapGetter
    );
    const parent = trace.getSpanContext(context)!;
    hits.inject = 0;
    for (const spanId of ['00f067aa0ba902b7', '0af7651916cd43dd']) {
      const headers = inject(
        propagator,
        trace.setSpanContext(context, child(parent, spanId))
      );
      // The received member in its own order, `p` the child.
      assert.strictEqual(
        headers.tracestate,
        `dd=s:2;o:rum;p:${spanId};t.dm:-4;t.tid:6701b2c500000000`
      );
    }
    assert.strictEqual(hits.inject, 2);
  });

  it('should extract and inject what the general path does, near-valid headers', () => {
    hits.extract = 0;
    hits.inject = 0;
    const { numRuns, seed } = fuzz(3);
    fc.assert(
      fc.property(nearValid, headers => check(() => headers)),
      { numRuns, seed }
    );
    // Both paths taken, and both left to the general path, many times.
    assert.ok(hits.extract > numRuns / 20, `extract hits ${hits.extract}`);
    assert.ok(hits.inject > numRuns / 50, `inject hits ${hits.inject}`);
  });

  it('should extract and inject what the general path does, loose headers', () => {
    fc.assert(
      fc.property(looseHeaders, headers => check(() => headers)),
      fuzz()
    );
  });

  it('should extract and inject what the general path does, hostile carriers', () => {
    const valid = {
      'x-datadog-trace-id': '7890123456789012345',
      'x-datadog-parent-id': '1234567890123456789',
      'x-datadog-sampling-priority': '1',
      traceparent: '00-00000000000000006d7f597af3e2df79-112210f47de98115-01',
      tracestate: 'dd=s:1;p:112210f47de98115',
    };
    fc.assert(
      fc.property(hostileCarrier(FIELDS, valid), (carrier: Hostile) =>
        check(() => carrier.build())
      ),
      fuzz()
    );
  });
});
