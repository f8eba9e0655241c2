/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Runs every file of the hostile corpus (test/fixtures/hostile) through
// every public API that reads what it holds: header carriers through every
// propagator, convertHeaders, the Lambda extractor (as HTTP headers, an SQS
// `_datadog` attribute and a client context) and the CLI; Lambda events
// through the extractor and the request hook; CLI inputs through the
// command line. Whatever came out is injected again through every
// propagator, getTraceHeaders and every inject helper. Checked each time:
// nothing throws, no invalid context comes out, header values written are
// printable ASCII, the input is unchanged, nothing outside the result
// changed (prototype pollution), what a fixture expects is what comes out,
// and the work done stays within the bounds (counted, never timed).

import * as assert from 'node:assert';
import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  isSpanContextValid,
  ROOT_CONTEXT,
  trace,
  TraceFlags,
  type Context,
  type Link,
  type Span,
  type TextMapPropagator,
} from '@opentelemetry/api';
import { main, type CommandIO } from '@otel-dd/cli';
import {
  convertHeaders,
  DatadogB3MultiPropagator,
  DatadogB3SinglePropagator,
  DatadogBaggagePropagator,
  DatadogCompositePropagator,
  DatadogTraceContextPropagator,
  XRayPropagator,
} from '@otel-dd/propagator-composite';
import { DatadogPropagator } from '@otel-dd/propagator-datadog';
import {
  createEventContextExtractor,
  createRequestHook,
  getTraceHeaders,
  injectEventBridgePutEvents,
  injectKinesisPutRecord,
  injectKinesisPutRecords,
  injectLambdaInvoke,
  injectSnsPublish,
  injectSnsPublishBatch,
  injectSqsSendMessage,
  injectSqsSendMessageBatch,
  injectStepFunctionsStartExecution,
  type CustomTraceExtractor,
  type EventContextExtractor,
} from '@otel-dd/lambda';
import {
  listFixtures,
  type CliFixture,
  type ExpectedParent,
  type HeaderFixture,
  type LambdaFixture,
} from './fixtures';
import {
  assertNoPollution,
  measureWork,
  prototypeSnapshot,
  throwingProxy,
} from '@otel-dd/hostile-support';

const PRINTABLE = /^[\x20-\x7e]*$/;
const STYLES = ['datadog', 'tracecontext', 'b3', 'b3multi', 'xray', 'baggage'];
const ALL = STYLES.join(',');
const env = {};

const PROPAGATORS: ReadonlyArray<[string, TextMapPropagator]> = [
  ['DatadogPropagator', new DatadogPropagator({ env })],
  ['composite (default)', new DatadogCompositePropagator({ env })],
  [
    'composite (all styles)',
    new DatadogCompositePropagator({ env, extract: ALL, inject: ALL }),
  ],
  [
    'composite (all styles, extract first)',
    new DatadogCompositePropagator({
      env,
      extract: 'xray,b3multi,b3,tracecontext,datadog,baggage',
      extractFirst: true,
    }),
  ],
  [
    'composite (restart)',
    new DatadogCompositePropagator({ env, extractBehavior: 'restart' }),
  ],
  ['DatadogTraceContextPropagator', new DatadogTraceContextPropagator()],
  ['DatadogB3SinglePropagator', new DatadogB3SinglePropagator()],
  ['DatadogB3MultiPropagator', new DatadogB3MultiPropagator()],
  ['DatadogBaggagePropagator', new DatadogBaggagePropagator({ env })],
  ['XRayPropagator', new XRayPropagator()],
];

const INJECT_HELPERS: ReadonlyArray<[string, (context: Context) => unknown]> = [
  [
    'injectSqsSendMessage',
    context => injectSqsSendMessage({ MessageBody: 'm' }, { context, env }),
  ],
  [
    'injectSqsSendMessageBatch',
    context =>
      injectSqsSendMessageBatch(
        { Entries: [{ MessageBody: 'm' }] },
        { context, env }
      ),
  ],
  [
    'injectSnsPublish',
    context => injectSnsPublish({ Message: 'm' }, { context, env }),
  ],
  [
    'injectSnsPublishBatch',
    context =>
      injectSnsPublishBatch(
        { PublishBatchRequestEntries: [{ Message: 'm' }] },
        { context, env }
      ),
  ],
  [
    'injectEventBridgePutEvents',
    context =>
      injectEventBridgePutEvents(
        { Entries: [{ Detail: '{}', DetailType: 't', Source: 's' }] },
        { context, env }
      ),
  ],
  [
    'injectKinesisPutRecord',
    context =>
      injectKinesisPutRecord(
        { Data: '{}', PartitionKey: 'k' },
        { context, env }
      ),
  ],
  [
    'injectKinesisPutRecords',
    context =>
      injectKinesisPutRecords(
        { Records: [{ Data: '{}', PartitionKey: 'k' }] },
        { context, env }
      ),
  ],
  [
    'injectStepFunctionsStartExecution',
    context =>
      injectStepFunctionsStartExecution({ input: '{}' }, { context, env }),
  ],
  [
    'injectLambdaInvoke',
    context => injectLambdaInvoke({ FunctionName: 'f' }, { context, env }),
  ],
];

/** The misbehaving custom extractors fixtures name. */
const CUSTOM_EXTRACTORS: Record<string, CustomTraceExtractor> = {
  throws: () => {
    throw new Error('custom extractor');
  },
  rejects: () => Promise.reject(new Error('custom extractor')),
  proxy: () => throwingProxy() as never,
  junk: () => ({
    traceId: '9'.repeat(1_000_000),
    parentId: -1,
    sampleMode: {} as never,
  }),
};

function assertValidOrNone(context: Context, where: string): void {
  const spanContext = trace.getSpanContext(context);
  if (spanContext !== undefined) {
    assert.ok(isSpanContextValid(spanContext), `${where}: invalid context`);
    assert.strictEqual(spanContext.isRemote, true, `${where}: not remote`);
  }
}

function assertExpected(
  context: Context,
  expected: ExpectedParent,
  where: string
): void {
  const spanContext = trace.getSpanContext(context);
  if (expected === null) {
    assert.strictEqual(spanContext, undefined, `${where}: a parent was found`);
    return;
  }
  assert.ok(spanContext, `${where}: no parent`);
  assert.strictEqual(spanContext.traceId, expected.traceId, where);
  if (expected.spanId !== undefined) {
    assert.strictEqual(spanContext.spanId, expected.spanId, where);
  }
  if (expected.sampled !== undefined) {
    assert.strictEqual(
      (spanContext.traceFlags & TraceFlags.SAMPLED) !== 0,
      expected.sampled,
      where
    );
  }
}

/** Injects `context` every way there is; every value must be printable. */
function injectEverywhere(context: Context, where: string): void {
  for (const [name, propagator] of PROPAGATORS) {
    const out: Record<string, unknown> = {};
    propagator.inject(context, out, defaultTextMapSetter);
    for (const [key, value] of Object.entries(out)) {
      assert.ok(
        typeof value === 'string' && PRINTABLE.test(value),
        `${where}, ${name} wrote ${key}: ${JSON.stringify(value)}`
      );
    }
  }
  const headers = getTraceHeaders(context, { env });
  for (const [key, value] of Object.entries(headers)) {
    assert.match(value, PRINTABLE, `${where}, getTraceHeaders ${key}`);
  }
  for (const [name, helper] of INJECT_HELPERS) {
    const result = helper(context);
    assert.ok(
      typeof result === 'object' && result !== null,
      `${where} ${name}`
    );
  }
}

/** Own keys and values, compared by identity (values can be megabytes). */
function shallow(value: unknown): unknown[] {
  if (typeof value !== 'object' || value === null) return [value];
  const entries: unknown[] = [Object.getPrototypeOf(value)];
  for (const key of Reflect.ownKeys(value)) {
    const item = (value as Record<PropertyKey, unknown>)[key];
    entries.push(key, item);
    if (Array.isArray(item)) entries.push(item.length, ...item.slice(0, 100));
  }
  return entries;
}

function recordingSpan(): { span: Span; links: Link[] } {
  const links: Link[] = [];
  const span = {
    addLink(link: Link) {
      links.push(link);
      return span;
    },
    addLinks(added: Link[]) {
      links.push(...added);
      return span;
    },
    setAttribute() {
      return span;
    },
    setAttributes() {
      return span;
    },
    isRecording: () => true,
    spanContext: () => ({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: 1,
    }),
  } as unknown as Span;
  return { span, links };
}

/** An event with its `Records` behind a proxy counting item reads. */
function countingRecords(event: unknown): {
  event: unknown;
  reads: () => number;
} {
  let reads = 0;
  if (typeof event !== 'object' || event === null) {
    return { event, reads: () => reads };
  }
  const records = (event as { Records?: unknown }).Records;
  if (!Array.isArray(records)) return { event, reads: () => reads };
  const copy = {};
  for (const key of Object.keys(event)) {
    Object.defineProperty(copy, key, {
      value:
        key === 'Records'
          ? new Proxy(records, {
              get(target, property, receiver) {
                if (typeof property === 'string' && /^\d+$/.test(property)) {
                  reads++;
                }
                return Reflect.get(target, property, receiver);
              },
            })
          : (event as Record<string, unknown>)[key],
      enumerable: true,
    });
  }
  return { event: copy, reads: () => reads };
}

async function runCli(
  argv: string[],
  stdin: string
): Promise<{ code: number; stderr: string; iterations: number }> {
  let stderr = '';
  const io: CommandIO = {
    readStdin: async () => stdin,
    stdout: () => undefined,
    stderr: text => (stderr += text),
    isTTY: false,
    stdinIsTTY: false,
    env,
  };
  // Work measured as the array elements iterated (spread, for-of).
  let iterations = 0;
  const proto = Array.prototype as unknown as Record<symbol, unknown>;
  const original = proto[Symbol.iterator] as (
    this: unknown[]
  ) => Iterator<unknown>;
  proto[Symbol.iterator] = function (this: unknown[]) {
    const iterator = original.call(this);
    return {
      next() {
        iterations++;
        return iterator.next();
      },
      [Symbol.iterator]() {
        return this;
      },
    };
  };
  let code: number;
  try {
    code = await main(argv, io);
  } finally {
    proto[Symbol.iterator] = original;
  }
  return { code, stderr, iterations };
}

function runHeaderFixture(fixture: HeaderFixture): Promise<void> {
  const { input } = fixture;
  const before = prototypeSnapshot();
  const snapshot = shallow(input);
  const contexts: Array<[string, Context]> = [];

  for (const [name, propagator] of PROPAGATORS) {
    const context = propagator.extract(
      ROOT_CONTEXT,
      input,
      defaultTextMapGetter
    );
    assertValidOrNone(context, name);
    contexts.push([name, context]);
    if (name === 'DatadogPropagator' && fixture.expect?.datadog !== undefined) {
      assertExpected(context, fixture.expect.datadog, name);
    }
  }

  for (const to of [...STYLES, ALL]) {
    const out = convertHeaders(input, { to, env });
    const fields = new DatadogCompositePropagator({ env, inject: to }).fields();
    for (const [key, value] of Object.entries(out)) {
      assert.ok(fields.includes(key), `convertHeaders to ${to} wrote ${key}`);
      assert.match(value, PRINTABLE, `convertHeaders to ${to}: ${key}`);
    }
  }

  const extract = createEventContextExtractor({ env });
  let json: string | undefined;
  try {
    json = JSON.stringify(input);
  } catch {
    json = undefined;
  }
  const events: Array<[string, unknown, unknown]> = [
    ['HTTP headers', { headers: input }, undefined],
    ['client context', {}, { clientContext: { custom: input } }],
  ];
  if (json !== undefined) {
    events.push([
      'SQS _datadog',
      {
        Records: [
          {
            eventSource: 'aws:sqs',
            messageAttributes: { _datadog: { stringValue: json } },
          },
        ],
      },
      undefined,
    ]);
  }
  for (const [name, event, lambdaContext] of events) {
    const context = extract(event, lambdaContext as never);
    assert.ok(context === ROOT_CONTEXT || trace.getSpanContext(context));
    assertValidOrNone(context, name);
    contexts.push([name, context]);
  }

  for (const [name, context] of contexts) {
    if (trace.getSpanContext(context) !== undefined) {
      injectEverywhere(context, `from ${name}`);
    }
  }

  // However large the fixture, the work is that of the capped headers.
  const all = PROPAGATORS[2][1];
  const work = measureWork(() =>
    all.extract(ROOT_CONTEXT, input, defaultTextMapGetter)
  );
  assert.ok(work.chars <= 200_000, `${work.chars} characters examined`);
  const datadogWork = measureWork(() =>
    PROPAGATORS[0][1].extract(ROOT_CONTEXT, input, defaultTextMapGetter)
  );
  // At most 1024 names of at most 64 characters are compared.
  assert.ok(datadogWork.chars <= 80_000, `${datadogWork.chars} characters`);

  assert.deepStrictEqual(shallow(input), snapshot, 'the carrier changed');
  assertNoPollution(before);

  // The same headers pasted into the CLI, when they fit its input limit.
  if (json === undefined || json.length > 1024 * 1024) return Promise.resolve();
  return (async () => {
    for (const argv of [['inspect'], ['convert', '--to', ALL]]) {
      const result = await runCli(argv, json);
      assert.ok([0, 1, 2].includes(result.code), `${argv[0]}: ${result.code}`);
      assert.ok(!result.stderr.includes('unexpected error'), result.stderr);
    }
    assertNoPollution(before);
  })();
}

function runLambdaFixture(fixture: LambdaFixture): void {
  const before = prototypeSnapshot();
  const snapshot = (): unknown => {
    try {
      return JSON.stringify(fixture.event);
    } catch {
      // Too deep to serialize: compared by its own properties.
      return shallow(fixture.event);
    }
  };
  const text = snapshot();
  const extractors: Array<[string, EventContextExtractor]> = [
    ['extractor', createEventContextExtractor({ env })],
    [
      'extractor (X-Ray merging)',
      createEventContextExtractor({
        env: {
          DD_MERGE_XRAY_TRACES: 'true',
          _X_AMZN_TRACE_ID:
            'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
        },
      }),
    ],
  ];
  if (fixture.customExtractor !== undefined) {
    const customExtractor = CUSTOM_EXTRACTORS[fixture.customExtractor];
    assert.ok(
      customExtractor,
      `unknown custom extractor ${fixture.customExtractor}`
    );
    // First: the one whose result the fixture states.
    extractors.unshift([
      `extractor (custom extractor that ${fixture.customExtractor})`,
      createEventContextExtractor({ env, customExtractor }),
    ]);
  }
  // Modules load on first use: loaded before anything is measured.
  for (const [, extract] of extractors) extract({});

  let parent: Context = ROOT_CONTEXT;
  for (const [name, extract] of extractors) {
    const counted = countingRecords(fixture.event);
    let context: Context = ROOT_CONTEXT;
    const work = measureWork(() => {
      context = extract(counted.event, fixture.lambdaContext as never);
    });
    assert.ok(context === ROOT_CONTEXT || trace.getSpanContext(context), name);
    assertValidOrNone(context, name);
    if (name === extractors[0][0]) {
      parent = context;
      if (fixture.expect?.parent !== undefined) {
        assertExpected(context, fixture.expect.parent, name);
      }
      const bounds = fixture.bounds;
      if (bounds?.jsonParseChars !== undefined) {
        assert.ok(
          work.jsonChars <= bounds.jsonParseChars,
          `${name}: JSON.parse read ${work.jsonChars} characters`
        );
      }
      if (bounds?.chars !== undefined) {
        assert.ok(
          work.chars <= bounds.chars,
          `${name}: ${work.chars} characters examined`
        );
      }
      if (bounds?.recordReads !== undefined) {
        assert.ok(
          counted.reads() <= bounds.recordReads,
          `${name}: ${counted.reads()} records read`
        );
      }
    }
  }

  const hook = createRequestHook({ env });
  const { span, links } = recordingSpan();
  hook(span, {
    event: fixture.event,
    context: (fixture.lambdaContext ?? {}) as never,
  });
  assert.ok(links.length <= 128 + 1000, `${links.length} links`);
  for (const link of links) {
    const pointer = link.attributes?.['link.kind'] === 'span-pointer';
    assert.ok(pointer || isSpanContextValid(link.context), 'invalid link');
  }

  if (trace.getSpanContext(parent) !== undefined) {
    injectEverywhere(parent, 'from the parent');
  }
  assert.deepStrictEqual(snapshot(), text, 'the event changed');
  assertNoPollution(before);
}

async function runCliFixture(fixture: CliFixture): Promise<void> {
  const before = prototypeSnapshot();
  const result = await runCli(fixture.argv, fixture.stdin);
  assert.ok(!result.stderr.includes('unexpected error'), result.stderr);
  if (fixture.expect?.exitCode !== undefined) {
    assert.strictEqual(result.code, fixture.expect.exitCode, result.stderr);
  }
  // Linear: at most a few iterations per character of input.
  assert.ok(
    result.iterations <= fixture.stdin.length + 10_000,
    `${result.iterations} iterations for ${fixture.stdin.length} characters`
  );
  assertNoPollution(before);
}

describe('hostile corpus (test/fixtures/hostile)', () => {
  const fixtures = listFixtures();
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  before(() => process.on('unhandledRejection', onRejection));
  after(async () => {
    await new Promise(resolve => setImmediate(resolve));
    process.off('unhandledRejection', onRejection);
    assert.deepStrictEqual(rejections, [], 'unhandled rejections');
  });

  it('holds fixtures for headers, Lambda events and the CLI', () => {
    const kinds = new Set(fixtures.map(fixture => fixture.kind));
    assert.deepStrictEqual([...kinds].sort(), ['cli', 'headers', 'lambda']);
  });

  for (const file of fixtures) {
    it(`${file.name}: ${file.attacks}`, async () => {
      const fixture = file.load();
      if (fixture.kind === 'headers') await runHeaderFixture(fixture);
      else if (fixture.kind === 'lambda') runLambdaFixture(fixture);
      else await runCliFixture(fixture);
    });
  }
});
