/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// @otel-dd/lambda's event context extractor beside datadog-lambda-js's
// extraction (TraceContextExtractor.extract, as its listener runs it on
// every invocation, with dd-trace 6.21 underneath) on the same events: an
// SQS batch of 10 messages, each sent by a dd-trace service, an API
// Gateway REST request from a dd-trace client, an SNS notification and a
// Kinesis batch of 10 records published by dd-trace, and a Lambda task of
// a Step Functions state machine (the `$$` context object in the payload).
// For information (no budget): the SQS and Kinesis batches again with
// payloads of about 1 KB (an order in JSON), since both extractors scan or
// parse the payload.

import { trace } from '@opentelemetry/api';
import {
  createEventContextExtractor,
  type EventContextExtractor,
} from '@otel-dd/lambda';
import { initDdTrace } from '../lib/ddTrace';
import { cycle, fresh, seededRandom, type Fixture } from '../lib/fixtures';
import type { BenchGroup } from '../lib/types';

const SQS = '@otel-dd/lambda, SQS batch of 10';
const SQS_REFERENCE = 'datadog-lambda-js, SQS batch of 10';
const API = '@otel-dd/lambda, API Gateway';
const API_REFERENCE = 'datadog-lambda-js, API Gateway';
const SNS = '@otel-dd/lambda, SNS';
const SNS_REFERENCE = 'datadog-lambda-js, SNS';
const KINESIS = '@otel-dd/lambda, Kinesis batch of 10';
const KINESIS_REFERENCE = 'datadog-lambda-js, Kinesis batch of 10';
const STEP = '@otel-dd/lambda, Step Functions';
const STEP_REFERENCE = 'datadog-lambda-js, Step Functions';
const SQS_1K = '@otel-dd/lambda, SQS batch of 10, 1 KB bodies';
const SQS_1K_REFERENCE = 'datadog-lambda-js, SQS batch of 10, 1 KB bodies';
const KINESIS_1K = '@otel-dd/lambda, Kinesis batch of 10, 1 KB records';
const KINESIS_1K_REFERENCE =
  'datadog-lambda-js, Kinesis batch of 10, 1 KB records';

function hex(value: bigint, digits: number): string {
  return value.toString(16).padStart(digits, '0');
}

interface Headers {
  [name: string]: string;
}

/** dd-trace 6.21 `text_map` output for a sampled span (distinct ids). */
function makeHeaders(random: () => number, i: number): Headers {
  const random64 = (): bigint =>
    ((BigInt(random()) << 32n) | BigInt(random())) >> 1n || 1n;
  const tid = hex(BigInt(0x6b00c4d6 + i), 8) + '00000000';
  const low = random64();
  const span = random64();
  return {
    'x-datadog-trace-id': low.toString(),
    'x-datadog-parent-id': span.toString(),
    'x-datadog-sampling-priority': '1',
    'x-datadog-tags': `_dd.p.tid=${tid},_dd.p.dm=-0`,
    traceparent: `00-${tid}${hex(low, 16)}-${hex(span, 16)}-01`,
    tracestate: `dd=t.dm:-0;t.tid:${tid};s:1;p:${hex(span, 16)}`,
  };
}

/** A small message payload. */
function smallPayload(i: number): object {
  return { orderId: i, items: [1, 2, 3] };
}

/** An order of about 1 KB in JSON: a customer and eight line items. */
function orderPayload(i: number): object {
  return {
    orderId: i,
    customer: {
      id: `c-${i}`,
      name: `Customer ${i}`,
      email: `customer${i}@example.com`,
      address: {
        street: '1 Main Street',
        city: 'Springfield',
        zip: '12345',
        country: 'US',
      },
    },
    items: Array.from({ length: 8 }, (_, k) => ({
      sku: `SKU-${1000 + k}`,
      name: `Item number ${k}`,
      quantity: 1 + (k % 3),
      price: 9.99 + k,
      tags: ['a', 'b'],
    })),
    createdAt: '2025-11-20T22:24:02.000Z',
    status: 'NEW',
    notes: 'Leave at the door, please.',
  };
}

function sqsRecord(
  i: number,
  headers: Headers,
  payload: (i: number) => object = smallPayload
) {
  return {
    messageId: `059f36b4-87a3-44ab-83d2-${String(i).padStart(12, '0')}`,
    receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...',
    body: JSON.stringify(payload(i)),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1763679842000',
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: '1763679842010',
    },
    messageAttributes: {
      _datadog: {
        stringValue: JSON.stringify(headers),
        stringListValues: [],
        binaryListValues: [],
        dataType: 'String',
      },
    },
    md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:orders',
    awsRegion: 'us-east-1',
  };
}

function apiGatewayEvent(headers: Headers) {
  const all: Headers = {
    accept: 'application/json',
    'accept-encoding': 'gzip, deflate',
    'content-type': 'application/json',
    host: 'abc123.execute-api.us-east-1.amazonaws.com',
    'user-agent': 'node',
    'x-amzn-trace-id': 'Root=1-5e272390-8c398be037738dc042009320',
    'x-forwarded-for': '203.0.113.7',
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
    ...headers,
  };
  return {
    resource: '/orders/{id}',
    path: '/orders/42',
    httpMethod: 'GET',
    headers: all,
    multiValueHeaders: Object.fromEntries(
      Object.entries(all).map(([k, v]) => [k, [v]])
    ),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { id: '42' },
    stageVariables: null,
    requestContext: {
      resourceId: 'abc',
      resourcePath: '/orders/{id}',
      httpMethod: 'GET',
      path: '/prod/orders/42',
      accountId: '123456789012',
      protocol: 'HTTP/1.1',
      stage: 'prod',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      requestTimeEpoch: 1763679842000,
      identity: { sourceIp: '203.0.113.7', userAgent: 'node' },
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      apiId: 'abc123',
    },
    body: null,
    isBase64Encoded: false,
  };
}

/** An SNS notification as dd-trace publishes it (`_datadog`, Binary). */
function snsEvent(headers: Headers) {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn:
          'arn:aws:sns:us-east-1:123456789012:orders:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55',
        Sns: {
          Type: 'Notification',
          MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
          TopicArn: 'arn:aws:sns:us-east-1:123456789012:orders',
          Subject: null,
          Message: JSON.stringify({ orderId: 42, items: [1, 2, 3] }),
          Timestamp: '2025-11-20T22:24:02.000Z',
          SignatureVersion: '1',
          Signature: 'EXAMPLE',
          SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/cert.pem',
          UnsubscribeUrl:
            'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
          MessageAttributes: {
            _datadog: {
              Type: 'Binary',
              Value: Buffer.from(JSON.stringify(headers)).toString('base64'),
            },
          },
        },
      },
    ],
  };
}

/** A Kinesis record whose JSON data dd-trace gave a `_datadog` key. */
function kinesisRecord(
  i: number,
  headers: Headers,
  payload: (i: number) => object = smallPayload
) {
  // dd-trace adds `_datadog` to the record's object: the last key.
  const data = { ...payload(i), _datadog: headers };
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: String(i),
      sequenceNumber:
        '49590338271490256608559692538361571095921575989136588898',
      data: Buffer.from(JSON.stringify(data)).toString('base64'),
      approximateArrivalTimestamp: 1763679842.987,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `shardId-000000000006:4959033827149025660855969253836157109592157598913658${String(i).padStart(4, '0')}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::123456789012:role/orders',
    awsRegion: 'us-east-1',
    eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/orders',
  };
}

/** A Lambda task's payload with the `$$` context object Datadog asks for. */
function stepFunctionsEvent(i: number) {
  const execution = `arn:aws:states:us-east-1:123456789012:execution:orders:${String(i).padStart(8, '0')}-9f3c-4d5e-8a7b-0c1d2e3f4a5b`;
  return {
    Execution: {
      Id: execution,
      Input: { orderId: i },
      StartTime: '2025-11-20T22:24:02.000Z',
      Name: execution.split(':').pop(),
      RoleArn: 'arn:aws:iam::123456789012:role/sfn',
      RedriveCount: 0,
    },
    State: {
      Name: 'ChargeCard',
      EnteredTime: `2025-11-20T22:24:${String(i % 60).padStart(2, '0')}.${String(i).padStart(3, '0')}Z`,
      RetryCount: 0,
    },
    StateMachine: {
      Id: 'arn:aws:states:us-east-1:123456789012:stateMachine:orders',
      Name: 'orders',
    },
  };
}

const random = seededRandom(0x1a3bda);
const SQS_EVENTS = fresh(
  Array.from({ length: 256 }, (_, e) => ({
    Records: Array.from({ length: 10 }, (_, r) =>
      sqsRecord(r, makeHeaders(random, e * 10 + r))
    ),
  }))
);
const API_EVENTS = fresh(
  Array.from({ length: 256 }, (_, e) =>
    apiGatewayEvent(makeHeaders(random, 10_000 + e))
  )
);
const SNS_EVENTS = fresh(
  Array.from({ length: 256 }, (_, e) =>
    snsEvent(makeHeaders(random, 20_000 + e))
  )
);
const KINESIS_EVENTS = fresh(
  Array.from({ length: 256 }, (_, e) => ({
    Records: Array.from({ length: 10 }, (_, r) =>
      kinesisRecord(r, makeHeaders(random, 30_000 + e * 10 + r))
    ),
  }))
);
const SQS_1K_EVENTS = fresh(
  Array.from({ length: 256 }, (_, e) => ({
    Records: Array.from({ length: 10 }, (_, r) =>
      sqsRecord(r, makeHeaders(random, 40_000 + e * 10 + r), orderPayload)
    ),
  }))
);
const KINESIS_1K_EVENTS = fresh(
  Array.from({ length: 256 }, (_, e) => ({
    Records: Array.from({ length: 10 }, (_, r) =>
      kinesisRecord(r, makeHeaders(random, 50_000 + e * 10 + r), orderPayload)
    ),
  }))
);
const STEP_EVENTS = fresh(
  Array.from({ length: 256 }, (_, e) => stepFunctionsEvent(e))
);
const LAMBDA_CONTEXT = {
  functionName: 'orders',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:orders',
};

const ours: EventContextExtractor = createEventContextExtractor({ env: {} });

interface DatadogSpanContext {
  toSpanId(): string;
}
interface DatadogExtractor {
  extract(event: unknown, context: unknown): Promise<DatadogSpanContext | null>;
  /** The event-source step of `extract`, which these events stop at. */
  getTraceEventExtractor(
    event: unknown
  ): { extract(event: unknown): DatadogSpanContext | null } | undefined;
}
let datadogLambda: DatadogExtractor | undefined;
/** Its Step Functions context, cached per invocation (reset by its listener). */
let stepFunctionContext: { reset(): void } | undefined;
let StepFunctionExtractor:
  | (new () => { extract(event: unknown): DatadogSpanContext | null })
  | undefined;

/** datadog-lambda-js's extractor; needs dd-trace initialised first. */
function initDatadogLambda(): DatadogExtractor {
  initDdTrace();
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { TraceContextExtractor } =
    require('datadog-lambda-js/dist/trace/context/extractor') as {
      TraceContextExtractor: new (
        tracer: unknown,
        config: object
      ) => DatadogExtractor;
    };
  const { TracerWrapper } =
    require('datadog-lambda-js/dist/trace/tracer-wrapper') as {
      TracerWrapper: new () => unknown;
    };
  stepFunctionContext = (
    require('datadog-lambda-js/dist/trace/step-function-service') as {
      StepFunctionContextService: { reset(): void };
    }
  ).StepFunctionContextService;
  StepFunctionExtractor = (
    require('datadog-lambda-js/dist/trace/context/extractors/step-function') as {
      StepFunctionEventTraceExtractor: typeof StepFunctionExtractor;
    }
  ).StepFunctionEventTraceExtractor;
  /* eslint-enable @typescript-eslint/no-require-imports */
  return new TraceContextExtractor(new TracerWrapper(), {
    decodeAuthorizerContext: true,
    dataStreamsEnabled: false,
    traceExtractor: undefined,
  });
}

/**
 * datadog-lambda-js's extraction of one invocation: its listener resets the
 * Step Functions context it caches before each one. Its work is
 * synchronous (no custom extractor): the promise is already settled when
 * extract returns.
 */
function theirExtract(event: unknown): Promise<DatadogSpanContext | null> {
  stepFunctionContext!.reset();
  return datadogLambda!.extract(event, LAMBDA_CONTEXT);
}

/** The parent extract finds, synchronously: its event-source step. */
function theirParent(event: unknown): DatadogSpanContext | null {
  stepFunctionContext!.reset();
  const extractor = datadogLambda!.getTraceEventExtractor(event);
  return extractor !== undefined
    ? extractor.extract(event)
    : new StepFunctionExtractor!().extract(event);
}

/** Both extractors pick the same parent (record 0's sender) on every event. */
function checkEquivalence(): void {
  for (const event of [
    ...SQS_EVENTS.slice(0, 32),
    ...API_EVENTS.slice(0, 32),
    ...SNS_EVENTS.slice(0, 32),
    ...KINESIS_EVENTS.slice(0, 32),
    ...STEP_EVENTS.slice(0, 32),
    ...SQS_1K_EVENTS.slice(0, 32),
    ...KINESIS_1K_EVENTS.slice(0, 32),
  ]) {
    const theirs = theirParent(event);
    const our = trace.getSpanContext(ours(event, LAMBDA_CONTEXT));
    const expected = theirs && hex(BigInt(theirs.toSpanId()), 16);
    if (our?.spanId === undefined || our.spanId !== expected) {
      throw new Error(
        `parents differ: ours ${our?.spanId}, theirs ${expected}`
      );
    }
  }
}

const ourSqs: Fixture<unknown> = cycle(SQS_EVENTS);
const theirSqs: Fixture<unknown> = cycle(SQS_EVENTS);
const ourApi: Fixture<unknown> = cycle(API_EVENTS);
const theirApi: Fixture<unknown> = cycle(API_EVENTS);
const ourSns: Fixture<unknown> = cycle(SNS_EVENTS);
const theirSns: Fixture<unknown> = cycle(SNS_EVENTS);
const ourKinesis: Fixture<unknown> = cycle(KINESIS_EVENTS);
const theirKinesis: Fixture<unknown> = cycle(KINESIS_EVENTS);
const ourStep: Fixture<unknown> = cycle(STEP_EVENTS);
const theirStep: Fixture<unknown> = cycle(STEP_EVENTS);
const ourSqs1k: Fixture<unknown> = cycle(SQS_1K_EVENTS);
const theirSqs1k: Fixture<unknown> = cycle(SQS_1K_EVENTS);
const ourKinesis1k: Fixture<unknown> = cycle(KINESIS_1K_EVENTS);
const theirKinesis1k: Fixture<unknown> = cycle(KINESIS_1K_EVENTS);

const group: BenchGroup = {
  name: 'lambda',
  reference: SQS_REFERENCE,
  cases: [
    {
      name: SQS,
      fn: () => ours(ourSqs.next(), LAMBDA_CONTEXT),
    },
    {
      name: SQS_REFERENCE,
      fn: () => theirExtract(theirSqs.next()),
      setup: () => {
        datadogLambda = initDatadogLambda();
        checkEquivalence();
      },
    },
    {
      name: API,
      fn: () => ours(ourApi.next(), LAMBDA_CONTEXT),
    },
    {
      name: API_REFERENCE,
      fn: () => theirExtract(theirApi.next()),
    },
    {
      name: SNS,
      fn: () => ours(ourSns.next(), LAMBDA_CONTEXT),
    },
    {
      name: SNS_REFERENCE,
      fn: () => theirExtract(theirSns.next()),
    },
    {
      name: KINESIS,
      fn: () => ours(ourKinesis.next(), LAMBDA_CONTEXT),
    },
    {
      name: KINESIS_REFERENCE,
      fn: () => theirExtract(theirKinesis.next()),
    },
    {
      name: STEP,
      fn: () => ours(ourStep.next(), LAMBDA_CONTEXT),
    },
    {
      name: STEP_REFERENCE,
      fn: () => theirExtract(theirStep.next()),
    },
    {
      name: SQS_1K,
      fn: () => ours(ourSqs1k.next(), LAMBDA_CONTEXT),
    },
    {
      name: SQS_1K_REFERENCE,
      fn: () => theirExtract(theirSqs1k.next()),
    },
    {
      name: KINESIS_1K,
      fn: () => ours(ourKinesis1k.next(), LAMBDA_CONTEXT),
    },
    {
      name: KINESIS_1K_REFERENCE,
      fn: () => theirExtract(theirKinesis1k.next()),
    },
  ],
  references: {
    [API]: API_REFERENCE,
    [SNS]: SNS_REFERENCE,
    [KINESIS]: KINESIS_REFERENCE,
    [STEP]: STEP_REFERENCE,
    [SQS_1K]: SQS_1K_REFERENCE,
    [KINESIS_1K]: KINESIS_1K_REFERENCE,
  },
  budgets: { [SQS]: 0.2, [API]: 0.2, [SNS]: 0.2, [KINESIS]: 0.2, [STEP]: 0.2 },
};

export default group;
