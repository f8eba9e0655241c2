/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Hostile events, Lambda contexts, custom extractors, inject inputs and
// options (robustness.test.ts fuzzes event shapes): the extractor, the
// request hook, getTraceHeaders and the inject helpers never throw, never
// give an invalid parent, and change nothing outside their result; parent
// extraction reads the first record only, so its work does not grow with
// the batch (counted, never timed).

import * as assert from 'node:assert';
import {
  isSpanContextValid,
  ROOT_CONTEXT,
  trace,
  type Context,
  type Span,
  type TextMapPropagator,
} from '@opentelemetry/api';
import * as fc from 'fast-check';
import {
  composeRequestHooks,
  createEventContextExtractor,
  createRequestHook,
  datadogEventContextExtractor,
  datadogRequestHook,
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
  type EventContextExtractor,
} from '../src';
import { MAX_PAYLOAD_LENGTH } from '../src/internal/limits';
import {
  base64,
  kinesisRecord,
  snsRecord,
  sqsEvent,
  sqsRecord,
  sqsStringAttribute,
  stepFunctionsContext,
} from './helpers/events';
import { withSdkSpan } from './helpers/sdk';
import {
  assertNoPollution,
  fuzz,
  FUZZ_TIMEOUT,
  Hostile,
  hostileValue,
  measureWork,
  prototypeSnapshot,
  throwingProxy,
  withThrowingGetter,
} from '@otel-dd/hostile-support';

const env = {};
const VALID_HEADERS = {
  'x-datadog-trace-id': '1234',
  'x-datadog-parent-id': '5678',
  'x-datadog-sampling-priority': '1',
};
const PARENT = {
  traceId: '000000000000000000000000000004d2',
  spanId: '000000000000162e',
};

/** Header maps, as objects, JSON text or base64 JSON, with odd keys. */
const carrier: fc.Arbitrary<Hostile> = fc
  .tuple(
    fc.array(
      fc.tuple(
        fc.constantFrom(
          'x-datadog-trace-id',
          'x-datadog-parent-id',
          'x-datadog-tags',
          'traceparent',
          'tracestate',
          'baggage',
          '__proto__',
          'constructor',
          'prototype'
        ),
        hostileValue
      ),
      { maxLength: 4 }
    ),
    fc.constantFrom('object', 'json', 'base64')
  )
  .map(
    ([entries, form]) =>
      new Hostile(`${form} ${fc.stringify(entries)}`, () => {
        const map: Record<string, unknown> = JSON.parse(
          JSON.stringify(VALID_HEADERS)
        );
        for (const [key, value] of entries) {
          Object.defineProperty(map, key, {
            value: value.build(),
            enumerable: true,
            configurable: true,
            writable: true,
          });
        }
        if (form === 'object') return map;
        let json: string;
        try {
          json = JSON.stringify(map) ?? '{}';
        } catch {
          json = '{"x-datadog-trace-id":"1234"}';
        }
        return form === 'json' ? json : base64(json);
      })
  );

/** A hole in an event: a carrier, or anything at all. */
const hole: fc.Arbitrary<Hostile> = fc.oneof(carrier, hostileValue);

function shape(
  name: string,
  build: (h: () => unknown) => unknown
): fc.Arbitrary<Hostile> {
  return fc.array(hole, { minLength: 8, maxLength: 8 }).map(
    holes =>
      new Hostile(
        `${name} ${holes.map(h => h.description).join(' | ')}`,
        () => {
          let i = 0;
          return build(() => holes[i++ % holes.length].build());
        }
      )
  );
}

/** Events of every source Datadog reads, with hostile values in every place. */
const hostileEvent: fc.Arbitrary<Hostile> = fc.oneof(
  hostileValue,
  shape('sqs', h => ({
    Records: [
      {
        eventSource: 'aws:sqs',
        body: h(),
        messageAttributes: { _datadog: { stringValue: h(), binaryValue: h() } },
        attributes: { AWSTraceHeader: h() },
      },
      h(),
    ],
  })),
  shape('sqs envelope', h => ({
    Records: [
      {
        eventSource: 'aws:sqs',
        body: JSON.stringify({
          Type: 'Notification',
          TopicArn: 'arn',
          'detail-type': 'x',
          detail: { _datadog: VALID_HEADERS },
          MessageAttributes: { _datadog: { Type: 'String', Value: '{}' } },
        }),
        messageAttributes: h(),
      },
    ],
  })),
  shape('sns', h => ({
    Records: [
      { Sns: { MessageAttributes: { _datadog: { Type: h(), Value: h() } } } },
    ],
  })),
  shape('kinesis', h => ({ Records: [{ kinesis: { data: h() } }, h()] })),
  shape('http', h => ({
    headers: h(),
    multiValueHeaders: h(),
    httpMethod: 'GET',
    resource: '/',
    version: h(),
    rawQueryString: h(),
    requestContext: {
      stage: 'prod',
      requestId: h(),
      domainName: h(),
      authorizer: { _datadog: h(), integrationLatency: h(), lambda: h() },
    },
  })),
  shape('eventbridge', h => ({
    'detail-type': h(),
    detail: { _datadog: h() },
  })),
  shape('step functions', h => ({
    Payload: h(),
    _datadog: h(),
    Execution: {
      Id: h(),
      Input: { _datadog: h() },
      RedriveCount: h(),
    },
    State: { Name: 'S', EnteredTime: h(), RetryCount: h() },
    'serverless-version': h(),
    RootExecutionId: h(),
  })),
  shape('durable', h => ({
    DurableExecutionArn: 'arn',
    InitialExecutionState: {
      Operations: [
        { Name: '_datadog_1', Payload: h(), StepDetails: { Result: h() } },
        { Name: h() },
      ],
    },
  })),
  shape('appsync', h => ({
    info: { selectionSetGraphQL: h() },
    request: { headers: h() },
  })),
  shape('dynamodb', h => ({
    Records: [
      {
        eventName: 'INSERT',
        eventSourceARN: 'arn:aws:dynamodb:r:1:table/t/stream/x',
        dynamodb: { Keys: h() },
      },
    ],
  })),
  shape('s3', h => ({
    Records: [{ eventName: 'ObjectCreated:Put', s3: h() }],
  }))
);

const hostileLambdaContext: fc.Arbitrary<Hostile> = fc.oneof(
  hostileValue,
  hole.map(
    custom =>
      new Hostile(`client context ${custom.description}`, () => ({
        clientContext: { custom: custom.build() },
      }))
  ),
  fc.constant(
    new Hostile('throwing clientContext', () =>
      withThrowingGetter({}, 'clientContext')
    )
  )
);

const throwingPropagator: TextMapPropagator = {
  inject() {
    throw new Error('inject');
  },
  extract() {
    throw new Error('extract');
  },
  fields() {
    throw new Error('fields');
  },
};

/** Custom extractors that misbehave in every way Datadog's users' could. */
const customExtractors: ReadonlyArray<[string, (event: unknown) => unknown]> = [
  [
    'throws',
    () => {
      throw new Error('custom');
    },
  ],
  ['resolves', () => Promise.resolve({ traceId: '1', parentId: '2' })],
  ['rejects', () => Promise.reject(new Error('custom'))],
  ['returns a throwing proxy', () => throwingProxy()],
  [
    'returns a thenable whose then throws',
    () => ({
      then() {
        throw new Error('then');
      },
    }),
  ],
  ['returns a throwing getter', () => withThrowingGetter({}, 'traceId')],
  ['returns junk ids', () => ({ traceId: 'x'.repeat(1e6), parentId: -1 })],
  ['returns the event', event => event],
];

const EXTRACTORS: ReadonlyArray<[string, EventContextExtractor]> = [
  ['datadogEventContextExtractor', datadogEventContextExtractor],
  ['default', createEventContextExtractor({ env })],
  [
    'xray merging',
    createEventContextExtractor({
      env: {
        DD_MERGE_XRAY_TRACES: 'true',
        _X_AMZN_TRACE_ID:
          'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
      },
    }),
  ],
  [
    'throwing propagator',
    createEventContextExtractor({ env, propagator: throwingPropagator }),
  ],
  [
    'hostile environment',
    createEventContextExtractor({ env: throwingProxy() as never }),
  ],
  ...customExtractors.map(
    ([name, customExtractor]): [string, (e: unknown) => Context] => [
      `custom extractor that ${name}`,
      createEventContextExtractor({
        env,
        customExtractor: customExtractor as never,
      }),
    ]
  ),
];

function assertParent(context: Context): void {
  if (context === ROOT_CONTEXT) return;
  const spanContext = trace.getSpanContext(context);
  assert.ok(spanContext && isSpanContextValid(spanContext));
  assert.strictEqual(spanContext.isRemote, true);
}

describe('hostile Lambda input', function () {
  this.timeout(FUZZ_TIMEOUT);
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  before(() => process.on('unhandledRejection', onRejection));
  after(() => process.off('unhandledRejection', onRejection));

  for (const [name, extract] of EXTRACTORS) {
    it(`the extractor (${name}) returns ROOT_CONTEXT or a valid remote parent`, () => {
      fc.assert(
        fc.property(hostileEvent, hostileLambdaContext, (event, context) => {
          const before = prototypeSnapshot();
          assertParent(extract(event.build(), context.build() as never));
          assertNoPollution(before);
        }),
        fuzz(0.3)
      );
    });
  }

  it('a custom extractor that fails in any way leaves the built-in sources to find the parent', async () => {
    for (const [name, customExtractor] of customExtractors) {
      if (name === 'returns the event') continue;
      const extract = createEventContextExtractor({
        env,
        customExtractor: customExtractor as never,
      });
      const event = sqsEvent([
        sqsRecord({ messageAttributes: sqsStringAttribute(VALID_HEADERS) }),
      ]);
      const spanContext = trace.getSpanContext(extract(event));
      assert.deepStrictEqual(
        spanContext && {
          traceId: spanContext.traceId,
          spanId: spanContext.spanId,
        },
        PARENT,
        name
      );
    }
    await new Promise(resolve => setImmediate(resolve));
    assert.deepStrictEqual(rejections, []);
  });

  it('the request hook never throws, whatever the span, event and context', () => {
    const hooks = [
      datadogRequestHook,
      composeRequestHooks(createRequestHook({ env }), () => {
        throw new Error('user hook');
      }),
      createRequestHook({ env }),
      createRequestHook({ env, propagator: throwingPropagator }),
      createRequestHook({ env: throwingProxy() as never }),
      createRequestHook({ env, maxBatchLinks: -1, batchLinks: true }),
    ];
    const spans = [
      (fn: (span: Span) => void) => withSdkSpan(fn),
      (fn: (span: Span) => void) => fn(throwingProxy() as Span),
      (fn: (span: Span) => void) =>
        fn({
          addLink: () => {
            throw new Error('addLink');
          },
        } as unknown as Span),
    ];
    fc.assert(
      fc.property(
        hostileEvent,
        hostileValue,
        fc.nat(hooks.length - 1),
        fc.nat(spans.length - 1),
        fc.boolean(),
        (event, context, hook, span, wrapped) => {
          const before = prototypeSnapshot();
          spans[span](s =>
            hooks[hook](
              s,
              wrapped
                ? { event: event.build(), context: context.build() as never }
                : (event.build() as never)
            )
          );
          assertNoPollution(before);
        }
      ),
      fuzz(0.3)
    );
  });
});

describe('hostile inject input', function () {
  this.timeout(FUZZ_TIMEOUT);
  const validContext = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: 1,
  });

  const options: fc.Arbitrary<Hostile> = fc.oneof(
    fc.constant(new Hostile('valid', () => ({ context: validContext, env }))),
    fc.constant(new Hostile('none', () => undefined)),
    hostileValue,
    fc.tuple(hostileValue, hostileValue, fc.boolean()).map(
      ([context, environment, batch]) =>
        new Hostile(`options ${context.description}`, () => ({
          context: context.build(),
          env: environment.build(),
          batchPropagation: batch,
        }))
    ),
    fc.constant(
      new Hostile('throwing propagator', () => ({
        context: validContext,
        propagator: throwingPropagator,
      }))
    )
  );

  /** Inputs shaped like each command's, with hostile values in places. */
  const input: fc.Arbitrary<Hostile> = fc.oneof(
    hostileValue,
    fc.array(hostileValue, { minLength: 6, maxLength: 6 }).map(
      holes =>
        new Hostile(
          `input ${holes.map(h => h.description).join(' | ')}`,
          () => {
            const [a, b, c, d, e, f] = holes.map(h => h.build());
            return {
              MessageBody: a,
              Message: a,
              MessageAttributes: b,
              Entries: [{ Detail: c, MessageAttributes: b }, d],
              PublishBatchRequestEntries: [{ MessageAttributes: b }, d],
              Records: [{ Data: c }, d],
              Data: c,
              input: e,
              ClientContext: f,
              InvocationType: a,
            };
          }
        )
    ),
    fc.constant(
      new Hostile('frozen with a JSON payload', () =>
        Object.freeze({
          MessageBody: 'm',
          MessageAttributes: Object.freeze({}),
          Entries: Object.freeze([Object.freeze({ Detail: '{"a":1}' })]),
          Records: Object.freeze([Object.freeze({ Data: '{"a":1}' })]),
          Data: '{"a":1}',
          input: '{"__proto__":{"polluted":"yes"}}',
          ClientContext: base64('{"custom":{"__proto__":{"polluted":"yes"}}}'),
        })
      )
    )
  );

  const HELPERS: ReadonlyArray<
    [string, (input: never, options: never) => unknown]
  > = [
    ['injectSqsSendMessage', injectSqsSendMessage],
    ['injectSqsSendMessageBatch', injectSqsSendMessageBatch],
    ['injectSnsPublish', injectSnsPublish],
    ['injectSnsPublishBatch', injectSnsPublishBatch],
    ['injectEventBridgePutEvents', injectEventBridgePutEvents],
    ['injectKinesisPutRecord', injectKinesisPutRecord],
    ['injectKinesisPutRecords', injectKinesisPutRecords],
    ['injectStepFunctionsStartExecution', injectStepFunctionsStartExecution],
    ['injectLambdaInvoke', injectLambdaInvoke],
  ];

  for (const [name, helper] of HELPERS) {
    it(`${name} never throws and never changes its input`, () => {
      fc.assert(
        fc.property(input, options, (value, option) => {
          const before = prototypeSnapshot();
          const built = value.build();
          let snapshot: string | undefined;
          try {
            snapshot = JSON.stringify(built);
          } catch {
            snapshot = undefined;
          }
          const result = helper(built as never, option.build() as never);
          if (snapshot !== undefined) {
            assert.strictEqual(JSON.stringify(built), snapshot);
          }
          if (result !== built) {
            assert.ok(typeof result === 'object' && result !== null);
          }
          assertNoPollution(before);
        }),
        fuzz(0.2)
      );
    });
  }

  it('getTraceHeaders never throws and gives printable string headers', () => {
    fc.assert(
      fc.property(hostileValue, options, (context, option) => {
        const headers = getTraceHeaders(
          context.build() as never,
          option.build() as never
        );
        for (const value of Object.values(headers)) {
          assert.match(value, /^[\x20-\x7e]*$/);
        }
      }),
      fuzz(0.3)
    );
    assert.deepStrictEqual(
      Object.keys(getTraceHeaders(validContext, { env })).sort(),
      [
        'traceparent',
        'tracestate',
        'x-datadog-parent-id',
        'x-datadog-sampling-priority',
        'x-datadog-tags',
        'x-datadog-trace-id',
      ]
    );
  });
});

describe('bounded work in the Lambda extractor', function () {
  this.timeout(FUZZ_TIMEOUT);
  const extract = createEventContextExtractor({ env });
  // Modules load on first use: loaded before anything is measured.
  before(() => {
    extract(sqsEvent([sqsRecord()]));
    extract(
      stepFunctionsContext({
        executionId: 'e',
        stateName: 's',
        enteredTime: 't',
      })
    );
  });
  /** ~600 bytes of body per record: 10,000 records are a 6 MB event. */
  const BODY = JSON.stringify({ order: 'x'.repeat(560), TopicArn: 'none' });

  /** Counts reads of `Records` items while the extractor runs. */
  function run(records: unknown[]): {
    chars: number;
    jsonChars: number;
    reads: number;
    context: Context;
  } {
    let reads = 0;
    const counted = new Proxy(records, {
      get(target, property, receiver) {
        if (typeof property === 'string' && /^\d+$/.test(property)) reads++;
        return Reflect.get(target, property, receiver);
      },
    });
    let context: Context = ROOT_CONTEXT;
    const work = measureWork(() => {
      context = extract({ Records: counted });
    });
    return { ...work, reads, context };
  }

  const sources: ReadonlyArray<[string, (i: number) => unknown]> = [
    [
      'SQS',
      i =>
        sqsRecord({
          body: BODY,
          messageAttributes:
            i === 0
              ? sqsStringAttribute(VALID_HEADERS)
              : sqsStringAttribute({}),
        }),
    ],
    [
      'SNS',
      i =>
        snsRecord({
          _datadog: {
            Type: 'Binary',
            Value: base64(JSON.stringify(i === 0 ? VALID_HEADERS : {})),
          },
        }),
    ],
    [
      'Kinesis',
      i =>
        kinesisRecord(
          JSON.stringify({ body: BODY, _datadog: i === 0 ? VALID_HEADERS : {} })
        ),
    ],
  ];

  for (const [name, record] of sources) {
    it(`${name}: 10,000 records cost what 1 record costs (only record 0 is parsed)`, () => {
      const one = run([record(0)]);
      const many = run(Array.from({ length: 10_000 }, (_, i) => record(i)));
      for (const result of [one, many]) {
        const spanContext = trace.getSpanContext(result.context);
        assert.deepStrictEqual(
          spanContext && {
            traceId: spanContext.traceId,
            spanId: spanContext.spanId,
          },
          PARENT
        );
      }
      assert.ok(JSON.stringify(many).length > 0);
      assert.strictEqual(many.jsonChars, one.jsonChars);
      assert.strictEqual(many.chars, one.chars);
      assert.ok(many.reads <= 2, `${many.reads} records read`);
    });
  }

  it('does not scan an SQS body over the payload limit for envelope keys', () => {
    // Regression: the body was searched for "TopicArn" before its length
    // was checked.
    const costs = [1_000, MAX_PAYLOAD_LENGTH + 1, 6 * MAX_PAYLOAD_LENGTH].map(
      size => {
        const body = 'x'.repeat(size - 10) + '"TopicArn"';
        return run([sqsRecord({ body })]).chars;
      }
    );
    assert.ok(costs[1] <= 10_000, `${costs.join(', ')}`);
    assert.ok(costs[2] <= 10_000, `${costs.join(', ')}`);
  });

  it('bounds x-datadog-tags from a Step Functions input before reading it', () => {
    // Regression: the tags were split before their length was checked.
    const costs = [100, 100_000, 1_000_000].map(size => {
      const event = stepFunctionsContext({
        executionId: 'arn:aws:states:us-east-1:1:execution:m:e',
        stateName: 'S',
        enteredTime: '2024-12-04T19:38:04.000Z',
        input: {
          _datadog: {
            'x-datadog-trace-id': '1234',
            'x-datadog-tags': '_dd.p.a=' + 'b'.repeat(size),
          },
        },
      });
      let context: Context = ROOT_CONTEXT;
      const work = measureWork(() => {
        context = extract(event);
      });
      assert.strictEqual(
        trace.getSpanContext(context)?.traceId,
        '000000000000000000000000000004d2'
      );
      return work.chars;
    });
    assert.ok(costs[2] <= costs[0] + 2_000, `${costs.join(', ')}`);
  });

  it('reads a bounded number of header values of an HTTP event with 50,000 headers', () => {
    for (const count of [10, 50_000]) {
      const headers: Record<string, string> = {};
      for (let i = 0; i < count; i++) headers[`X-Junk-${i}`] = 'v';
      headers['X-Datadog-Trace-Id'] = '1234';
      headers['X-Datadog-Parent-Id'] = '5678';
      let reads = 0;
      const counted = new Proxy(headers, {
        get(target, property, receiver) {
          reads++;
          return Reflect.get(target, property, receiver);
        },
      });
      const spanContext = trace.getSpanContext(
        extract({ headers: counted, httpMethod: 'GET' })
      );
      // Header names past the first 1024 are not looked at.
      assert.strictEqual(
        spanContext?.traceId,
        count === 10 ? PARENT.traceId : undefined
      );
      assert.ok(reads <= 200, `${reads} reads of ${count} headers`);
    }
  });

  it('the request hook parses each record once: work grows linearly', () => {
    const hook = createRequestHook({ env });
    const costs = [100, 1_000, 10_000].map(count => {
      const records = Array.from({ length: count }, (_, i) =>
        sqsRecord({
          body: BODY,
          messageAttributes: sqsStringAttribute({
            'x-datadog-trace-id': String(1 + (i % 3)),
            'x-datadog-parent-id': String(1 + (i % 3)),
          }),
        })
      );
      const event = { Records: records };
      const size = JSON.stringify(event).length;
      const work = measureWork(() =>
        withSdkSpan(span => hook(span, { event, context: {} }))
      );
      return work.chars / size;
    });
    // Characters examined per byte of event: the same for every size.
    assert.ok(costs[2] <= costs[0] * 1.5 + 0.1, `${costs.join(', ')}`);
  });
});
