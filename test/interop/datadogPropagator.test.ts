/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Round trips between real dd-trace and DatadogPropagator on 500 seeded
// random contexts. Expected values come from dd-trace itself or from the
// generated input (converted with BigInt, independently of our id code).

import * as assert from 'node:assert';
import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  trace,
  type Context,
} from '@opentelemetry/api';
import * as fc from 'fast-check';
import { DatadogPropagator } from '@otel-dd/propagator-datadog';
import type * as OtelSdk from '../support/otelSdk';
import { askDdTrace } from './ddTrace';
import type { WorkerResponse } from './ddTraceWorker';

// The SDK of the installed OpenTelemetry line (2.x, or 3.x in the compat
// job); compiled, this file is one folder deeper than its source.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const otelSdk = require('../../support/otelSdk') as typeof OtelSdk;

type Headers = Record<string, string>;

interface GeneratedContext {
  low: string;
  tid?: string;
  spanId: string;
  priority: number;
  origin?: string;
  decisionMaker?: string;
  extraTags: Array<[string, string]>;
}

const RUNS = 500;
const SEED = 20261120;
const UINT64_MAX = (1n << 64n) - 1n;

const oddCharacters = [...'abcXYZ019 =;,~:_-.!#@'];
const tagKeyCharacters = [...'abcxyz019._-:;~'];
const tagValueCharacters = [...'abcXYZ019 =;~:_-.!#@'];

const uint64 = fc.bigInt({ min: 1n, max: UINT64_MAX });
const generatedContext: fc.Arbitrary<GeneratedContext> = fc.record({
  low: uint64.map(String),
  tid: fc.option(
    uint64.map(value => value.toString(16).padStart(16, '0')),
    { nil: undefined }
  ),
  spanId: uint64.map(String),
  priority: fc.integer({ min: -1, max: 2 }),
  origin: fc.option(
    fc.string({
      unit: fc.constantFrom(...oddCharacters),
      minLength: 1,
      maxLength: 24,
    }),
    { nil: undefined }
  ),
  decisionMaker: fc.option(fc.constantFrom('-0', '-1', '-3', '-4', '-11'), {
    nil: undefined,
  }),
  extraTags: fc.uniqueArray(
    fc.tuple(
      fc
        .string({
          unit: fc.constantFrom(...tagKeyCharacters),
          minLength: 1,
          maxLength: 10,
        })
        .filter(key => key !== 'tid' && key !== 'dm')
        .map(key => '_dd.p.' + key),
      fc.string({
        unit: fc.constantFrom(...tagValueCharacters),
        minLength: 1,
        maxLength: 20,
      })
    ),
    { selector: ([key]) => key, maxLength: 4 }
  ),
});

function expectedTags(context: GeneratedContext): Record<string, string> {
  const tags: Record<string, string> = {};
  if (context.tid !== undefined) tags['_dd.p.tid'] = context.tid;
  if (context.decisionMaker !== undefined) {
    tags['_dd.p.dm'] = context.decisionMaker;
  }
  for (const [key, value] of context.extraTags) tags[key] = value;
  return tags;
}

function toHeaders(context: GeneratedContext): Headers {
  const headers: Headers = {
    'x-datadog-trace-id': context.low,
    'x-datadog-parent-id': context.spanId,
    'x-datadog-sampling-priority': String(context.priority),
  };
  if (context.origin !== undefined) {
    headers['x-datadog-origin'] = context.origin;
  }
  const tags = Object.entries(expectedTags(context));
  if (tags.length > 0) {
    headers['x-datadog-tags'] = tags.map(([k, v]) => `${k}=${v}`).join(',');
  }
  return headers;
}

function datadogOnly(headers: Headers): Headers {
  const result: Headers = {};
  for (const [key, value] of Object.entries(headers)) {
    if (key.startsWith('x-datadog-')) result[key] = value;
  }
  return result;
}

const hexToDecimal = (hex: string) => BigInt('0x' + hex).toString();

describe('DatadogPropagator interoperability with dd-trace', function () {
  this.timeout(120_000);

  const propagator = new DatadogPropagator();
  const tracer = new otelSdk.TracerProvider().getTracer('interop');
  const contexts = fc.sample(generatedContext, { seed: SEED, numRuns: RUNS });
  let fromDdTrace: WorkerResponse;

  function ourInject(context: Context): Headers {
    const headers: Headers = {};
    propagator.inject(context, headers, defaultTextMapSetter);
    return headers;
  }

  /** Our extract, then a child span of the OTel SDK, then our inject. */
  function ourChild(headers: Headers): { spanId: string; headers: Headers } {
    const parent = propagator.extract(
      ROOT_CONTEXT,
      headers,
      defaultTextMapGetter
    );
    assert.ok(trace.getSpanContext(parent), 'our extract found a context');
    const span = tracer.startSpan('child', {}, parent);
    const out = ourInject(trace.setSpan(parent, span));
    return { spanId: span.spanContext().spanId, headers: out };
  }

  before(() => {
    const headers = contexts.map(toHeaders);
    fromDdTrace = askDdTrace(
      { reinject: headers, child: headers },
      { DD_TRACE_PROPAGATION_STYLE: 'datadog' }
    );
  });

  it(`generates ${RUNS} contexts covering every shape`, () => {
    assert.strictEqual(contexts.length, RUNS);
    // fast-check leans towards edge values (1, 2^64-1) on purpose.
    assert.ok(new Set(contexts.map(c => c.low)).size > RUNS * 0.8);
    assert.ok(contexts.some(c => c.low === UINT64_MAX.toString()));
    assert.ok(contexts.some(c => c.tid === undefined));
    assert.ok(contexts.some(c => c.tid !== undefined));
    for (const priority of [-1, 0, 1, 2]) {
      assert.ok(contexts.some(c => c.priority === priority));
    }
    assert.ok(contexts.some(c => /[=;,~]/.test(c.origin ?? '')));
    assert.ok(contexts.some(c => c.extraTags.length > 0));
  });

  it('dd-trace inject -> our extract -> our inject equals dd-trace headers', () => {
    contexts.forEach((_context, index) => {
      const ddHeaders = fromDdTrace.reinject[index];
      assert.ok(ddHeaders, `dd-trace extracted context ${index}`);
      const datadogHeaders = datadogOnly(ddHeaders);
      const context = propagator.extract(
        ROOT_CONTEXT,
        datadogHeaders,
        defaultTextMapGetter
      );
      assert.deepStrictEqual(ourInject(context), datadogHeaders, `#${index}`);
    });
  });

  it('dd-trace child -> our extract -> OTel child span -> our inject keeps everything but the span id', () => {
    contexts.forEach((_context, index) => {
      const ddChild = fromDdTrace.child[index];
      assert.ok(ddChild);
      const datadogHeaders = datadogOnly(ddChild.headers);
      const ours = ourChild(datadogHeaders);
      assert.deepStrictEqual(
        ours.headers,
        {
          ...datadogHeaders,
          'x-datadog-parent-id': hexToDecimal(ours.spanId),
        },
        `#${index}`
      );
    });
  });

  it('our inject -> dd-trace extract gives the same ids, priority, origin and tags', () => {
    const ours = contexts.map(context => ourChild(toHeaders(context)));
    const answers = askDdTrace(
      { extract: ours.map(o => o.headers) },
      { DD_TRACE_PROPAGATION_STYLE: 'datadog' }
    ).extract;
    contexts.forEach((context, index) => {
      const extracted = answers[index];
      assert.ok(extracted, `dd-trace extracted #${index}`);
      assert.deepStrictEqual(
        extracted,
        {
          traceId: context.low,
          spanId: hexToDecimal(ours[index].spanId),
          priority: context.priority,
          ...(context.origin === undefined ? {} : { origin: context.origin }),
          tags: expectedTags(context),
        },
        `#${index}`
      );
    });
  });

  it('a 128-bit OTel root span reaches dd-trace with its upper half in _dd.p.tid', () => {
    const roots = Array.from({ length: 20 }, () => tracer.startSpan('root'));
    const headers = roots.map(span =>
      ourInject(trace.setSpan(ROOT_CONTEXT, span))
    );
    const answers = askDdTrace(
      { extract: headers },
      { DD_TRACE_PROPAGATION_STYLE: 'datadog' }
    ).extract;
    roots.forEach((span, index) => {
      const { traceId, spanId } = span.spanContext();
      assert.deepStrictEqual(answers[index], {
        traceId: hexToDecimal(traceId.slice(16)),
        spanId: hexToDecimal(spanId),
        priority: 1,
        tags: { '_dd.p.tid': traceId.slice(0, 16) },
      });
    });
  });
});

describe('DatadogPropagator against dd-trace on the reference edge cases', function () {
  this.timeout(60_000);

  const propagator = new DatadogPropagator();
  const base = {
    'x-datadog-trace-id': '123',
    'x-datadog-parent-id': '456',
    'x-datadog-sampling-priority': '1',
  };
  // Valid input: both must read the same thing.
  const agreed: Array<[string, Headers]> = [
    ['2^64-1', { ...base, 'x-datadog-trace-id': '18446744073709551615' }],
    [
      'priority 2 and origin',
      {
        ...base,
        'x-datadog-sampling-priority': '2',
        'x-datadog-origin': 'synthetics',
      },
    ],
    [
      'tags at 512 characters',
      { ...base, 'x-datadog-tags': '_dd.p.x=' + 'a'.repeat(504) },
    ],
    [
      'tags at 513 characters',
      { ...base, 'x-datadog-tags': '_dd.p.x=' + 'a'.repeat(505) },
    ],
    [
      'a malformed tid with other tags',
      { ...base, 'x-datadog-tags': '_dd.p.tid=malformed,_dd.p.dm=-4' },
    ],
    [
      'one invalid tag member',
      { ...base, 'x-datadog-tags': '_dd.p.a=1,foo=bar' },
    ],
    [
      'a trailing comma in tags',
      { ...base, 'x-datadog-tags': '_dd.p.foo=bar,' },
    ],
    [
      'a member without =',
      { ...base, 'x-datadog-tags': '_dd.p.empty,_dd.p.dm=-1' },
    ],
    ['only a trace id', { 'x-datadog-trace-id': '123' }],
    ['trace id 0', { ...base, 'x-datadog-trace-id': '0' }],
  ];
  // Garbage dd-trace accepts and we refuse (datadog-wire-format.md §15).
  const stricter: Array<[string, Headers]> = [
    ['trace id abc', { ...base, 'x-datadog-trace-id': 'abc' }],
    [
      'trace id 2^64+5',
      { ...base, 'x-datadog-trace-id': '18446744073709551621' },
    ],
    ['negative trace id', { ...base, 'x-datadog-trace-id': '-123' }],
    ['parent id 0', { ...base, 'x-datadog-parent-id': '0' }],
  ];

  let answers: WorkerResponse;
  before(() => {
    answers = askDdTrace(
      { extract: [...agreed, ...stricter].map(([, headers]) => headers) },
      { DD_TRACE_PROPAGATION_STYLE: 'datadog' }
    );
  });

  agreed.forEach(([name, headers], index) => {
    it(`should read ${name} as dd-trace does`, () => {
      const theirs = answers.extract[index];
      const context = propagator.extract(
        ROOT_CONTEXT,
        headers,
        defaultTextMapGetter
      );
      const ours = trace.getSpanContext(context);
      if (theirs === null) {
        assert.strictEqual(ours, undefined);
        return;
      }
      assert.ok(ours);
      assert.strictEqual(hexToDecimal(ours.traceId.slice(16)), theirs.traceId);
      assert.strictEqual(hexToDecimal(ours.spanId), theirs.spanId);
      const reinjected: Headers = {};
      propagator.inject(context, reinjected, defaultTextMapSetter);
      const tags = Object.entries(theirs.tags).filter(([, v]) => v !== '');
      assert.strictEqual(
        reinjected['x-datadog-tags'],
        tags.length > 0
          ? tags.map(([k, v]) => `${k}=${v}`).join(',')
          : undefined
      );
      assert.strictEqual(
        reinjected['x-datadog-sampling-priority'],
        String(theirs.priority)
      );
      assert.strictEqual(reinjected['x-datadog-origin'], theirs.origin);
    });
  });

  stricter.forEach(([name, headers], index) => {
    it(`should refuse ${name}, which dd-trace accepts`, () => {
      assert.ok(answers.extract[agreed.length + index], 'dd-trace accepts it');
      const context = propagator.extract(
        ROOT_CONTEXT,
        headers,
        defaultTextMapGetter
      );
      assert.strictEqual(trace.getSpanContext(context), undefined);
    });
  });
});
