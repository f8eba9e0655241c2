/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import {
  context as contextApi,
  diag,
  ROOT_CONTEXT,
  trace,
  type DiagLogger,
} from '@opentelemetry/api';
import { createEventContextExtractor } from '../src/extractor';
import { getTraceHeaders } from '../src/inject/traceHeaders';
import { injectEventBridgePutEvents } from '../src/inject/eventBridge';
import { addJsonField } from '../src/inject/jsonObject';
import {
  injectKinesisPutRecord,
  injectKinesisPutRecords,
} from '../src/inject/kinesis';
import { injectLambdaInvoke } from '../src/inject/lambda';
import { injectSnsPublish, injectSnsPublishBatch } from '../src/inject/sns';
import {
  injectSqsSendMessage,
  injectSqsSendMessageBatch,
} from '../src/inject/sqs';
import { injectStepFunctionsStartExecution } from '../src/inject/stepFunctions';
import './helpers/ddTrace';
import {
  base64,
  eventBridgeEvent,
  kinesisRecord,
  lambdaContext,
  snsRecord,
  sqsEvent,
  sqsRecord,
  stepFunctionsContext,
} from './helpers/events';
import { otelProducer } from './helpers/producerSpan';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ddTracer = require('dd-trace') as {
  extract(
    format: string,
    carrier: object
  ): {
    toTraceId(full?: boolean): string;
    toSpanId(full?: boolean): string;
  } | null;
};

const extract = createEventContextExtractor({ env: {} });
const env = {};

function parentSpanId(event: unknown, context?: unknown) {
  return trace.getSpanContext(extract(event, context as never))?.spanId;
}

/** Collects `diag.debug` messages while `fn` runs. */
function debugMessages(fn: () => void): string[] {
  const messages: string[] = [];
  const logger: DiagLogger = {
    debug: (message: string) => messages.push(message),
    error: () => undefined,
    warn: () => undefined,
    info: () => undefined,
    verbose: () => undefined,
  };
  diag.setLogger(logger, { logLevel: 70, suppressOverrideMessage: true });
  try {
    fn();
  } finally {
    diag.disable();
  }
  return messages;
}

function tenAttributes() {
  const attributes: Record<string, { DataType: string; StringValue: string }> =
    {};
  for (let i = 0; i < 10; i++) {
    attributes[`a${i}`] = { DataType: 'String', StringValue: String(i) };
  }
  return attributes;
}

describe('getTraceHeaders', () => {
  it('writes Datadog and W3C headers that dd-trace reads', () => {
    const producer = otelProducer();
    const headers = getTraceHeaders(producer.context, { env });
    assert.strictEqual(
      headers['x-datadog-trace-id'],
      BigInt('0x' + producer.traceId.slice(16)).toString()
    );
    assert.strictEqual(
      headers['x-datadog-parent-id'],
      BigInt('0x' + producer.spanId).toString()
    );
    assert.strictEqual(
      headers.traceparent,
      `00-${producer.traceId}-${producer.spanId}-01`
    );
    assert.ok(
      headers['x-datadog-tags']?.includes(
        `_dd.p.tid=${producer.traceId.slice(0, 16)}`
      )
    );
    const dd = ddTracer.extract('text_map', headers);
    assert.strictEqual(dd?.toTraceId(true), producer.traceId);
    assert.strictEqual(dd?.toSpanId(true), producer.spanId);
  });

  it('uses the active context by default', () => {
    const producer = otelProducer();
    const headers = contextApi.with(producer.context, () =>
      getTraceHeaders(undefined, { env })
    );
    assert.ok(headers.traceparent?.includes(producer.spanId));
  });

  it('is empty without a span context, and honours inject styles', () => {
    assert.deepStrictEqual(getTraceHeaders(ROOT_CONTEXT, { env }), {});
    const producer = otelProducer();
    const datadogOnly = getTraceHeaders(producer.context, {
      env: { DD_TRACE_PROPAGATION_STYLE_INJECT: 'datadog' },
    });
    assert.strictEqual(datadogOnly.traceparent, undefined);
    assert.ok(datadogOnly['x-datadog-trace-id']);
  });
});

describe('inject helpers: round trip to the consumer event', () => {
  it('SQS SendMessage -> SQS event', () => {
    const producer = otelProducer();
    const input = { QueueUrl: 'https://sqs/queue', MessageBody: 'hi' };
    const sent = injectSqsSendMessage(input, {
      context: producer.context,
      env,
    });
    assert.notStrictEqual(sent, input);
    assert.deepStrictEqual(input, {
      QueueUrl: 'https://sqs/queue',
      MessageBody: 'hi',
    });
    const attribute = sent.MessageAttributes?._datadog;
    assert.strictEqual(attribute?.DataType, 'String');
    // What Lambda delivers: camel-cased attribute fields.
    const event = sqsEvent([
      sqsRecord({
        messageAttributes: {
          _datadog: { stringValue: attribute?.StringValue, dataType: 'String' },
        },
      }),
    ]);
    assert.strictEqual(parentSpanId(event), producer.spanId);
  });

  it('SQS keeps other attributes and never adds an 11th', () => {
    const producer = otelProducer();
    const nine = tenAttributes();
    delete nine.a9;
    const sent = injectSqsSendMessage(
      { MessageBody: 'x', MessageAttributes: nine },
      { context: producer.context, env }
    );
    assert.strictEqual(Object.keys(sent.MessageAttributes ?? {}).length, 10);
    const full = { MessageBody: 'x', MessageAttributes: tenAttributes() };
    let result: unknown;
    const messages = debugMessages(() => {
      result = injectSqsSendMessage(full, { context: producer.context, env });
    });
    assert.strictEqual(result, full);
    assert.ok(messages.some(m => m.includes('10 attributes')));
    // Replacing an existing _datadog does not add one.
    const withDatadog = {
      MessageAttributes: {
        ...nine,
        _datadog: { DataType: 'String', StringValue: '{}' },
      },
    };
    const replaced = injectSqsSendMessage(withDatadog, {
      context: producer.context,
      env,
    });
    assert.notStrictEqual(
      replaced.MessageAttributes?._datadog.StringValue,
      '{}'
    );
  });

  it('SQS leaves a message that would cross a size limit', () => {
    const producer = otelProducer();
    const input = { MessageBody: 'x'.repeat(256 * 1024 - 10) };
    let result: unknown;
    const messages = debugMessages(() => {
      result = injectSqsSendMessage(input, { context: producer.context, env });
    });
    assert.strictEqual(result, input);
    assert.ok(messages.some(m => m.includes('262144 bytes')));
  });

  it('SQS SendMessageBatch: first entry, or all with batch propagation', () => {
    const producer = otelProducer();
    const input = {
      QueueUrl: 'q',
      Entries: [
        { Id: '1', MessageBody: 'a' },
        { Id: '2', MessageBody: 'b' },
      ],
    };
    const first = injectSqsSendMessageBatch(input, {
      context: producer.context,
      env,
    });
    assert.ok(first.Entries?.[0].MessageAttributes?._datadog);
    assert.strictEqual(first.Entries?.[1], input.Entries[1]);
    const all = injectSqsSendMessageBatch(input, {
      context: producer.context,
      env: { DD_TRACE_AWS_SDK_SQS_BATCH_PROPAGATION_ENABLED: 'true' },
    });
    assert.ok(all.Entries?.[1].MessageAttributes?._datadog);
    const general = injectSqsSendMessageBatch(input, {
      context: producer.context,
      env: { DD_TRACE_AWS_SDK_BATCH_PROPAGATION_ENABLED: 'true' },
    });
    assert.ok(general.Entries?.[1].MessageAttributes?._datadog);
    assert.strictEqual(
      injectSqsSendMessageBatch(input, {
        context: producer.context,
        batchPropagation: false,
        env: { DD_TRACE_AWS_SDK_BATCH_PROPAGATION_ENABLED: 'true' },
      }).Entries?.[1],
      input.Entries[1]
    );
    const fullBatch = { Entries: [{ MessageAttributes: tenAttributes() }] };
    assert.strictEqual(
      injectSqsSendMessageBatch(fullBatch, { context: producer.context, env }),
      fullBatch
    );
    const empty = { Entries: [] };
    assert.strictEqual(
      injectSqsSendMessageBatch(empty, { context: producer.context, env }),
      empty
    );
    const big = { Entries: [{ MessageBody: 'x'.repeat(MIB_MINUS_SMALL) }] };
    assert.strictEqual(
      injectSqsSendMessageBatch(big, { context: producer.context, env }),
      big
    );
  });

  it('SNS Publish -> SNS event, SNS-to-SQS raw and enveloped', () => {
    const producer = otelProducer();
    const sent = injectSnsPublish(
      { TopicArn: 't', Message: 'hello' },
      { context: producer.context, env }
    );
    const attribute = sent.MessageAttributes?._datadog;
    assert.strictEqual(attribute?.DataType, 'Binary');
    const value = Buffer.from(attribute?.BinaryValue as Uint8Array).toString(
      'base64'
    );
    const snsEvent = {
      Records: [snsRecord({ _datadog: { Type: 'Binary', Value: value } })],
    };
    assert.strictEqual(parentSpanId(snsEvent), producer.spanId);
    const raw = sqsEvent([
      sqsRecord({
        messageAttributes: {
          _datadog: { binaryValue: value, dataType: 'Binary' },
        },
      }),
    ]);
    assert.strictEqual(parentSpanId(raw), producer.spanId);
  });

  it('SNS PublishBatch and limits', () => {
    const producer = otelProducer();
    const input = {
      PublishBatchRequestEntries: [
        { Id: '1', Message: 'a' },
        { Id: '2', Message: 'b', MessageAttributes: tenAttributes() },
      ],
    };
    const first = injectSnsPublishBatch(input, {
      context: producer.context,
      env,
    });
    assert.ok(
      first.PublishBatchRequestEntries?.[0].MessageAttributes?._datadog
    );
    const all = injectSnsPublishBatch(input, {
      context: producer.context,
      env,
      batchPropagation: true,
    });
    // The second entry is full: it stays as it was.
    assert.strictEqual(
      all.PublishBatchRequestEntries?.[1],
      input.PublishBatchRequestEntries[1]
    );
    const full = { Message: 'x', MessageAttributes: tenAttributes() };
    assert.strictEqual(
      injectSnsPublish(full, { context: producer.context, env }),
      full
    );
    const big = { Message: 'x'.repeat(256 * 1024 - 5) };
    assert.strictEqual(
      injectSnsPublish(big, { context: producer.context, env }),
      big
    );
    const bigBatch = {
      PublishBatchRequestEntries: [{ Message: 'x'.repeat(256 * 1024 - 5) }],
    };
    assert.strictEqual(
      injectSnsPublishBatch(bigBatch, { context: producer.context, env }),
      bigBatch
    );
    assert.strictEqual(
      injectSnsPublishBatch({}, { context: producer.context, env })
        .PublishBatchRequestEntries,
      undefined
    );
  });

  it('EventBridge PutEvents -> EventBridge event', () => {
    const producer = otelProducer();
    const input = {
      Entries: [
        { Source: 'my.app', DetailType: 'OrderCreated', Detail: '{"order":1}' },
        { Source: 'my.app', DetailType: 'OrderCreated', Detail: '{"order":2}' },
      ],
    };
    const sent = injectEventBridgePutEvents(input, {
      context: producer.context,
      env,
    });
    assert.strictEqual(sent.Entries?.[1], input.Entries[1]);
    const detail = JSON.parse(sent.Entries?.[0].Detail as string);
    assert.strictEqual(detail.order, 1);
    const event = { ...eventBridgeEvent(), detail };
    assert.strictEqual(parentSpanId(event), producer.spanId);
    const notJson = { Entries: [{ Detail: 'text' }, { Detail: 5 as never }] };
    assert.strictEqual(
      injectEventBridgePutEvents(notJson, {
        context: producer.context,
        env,
        batchPropagation: true,
      }),
      notJson
    );
    const big = {
      Entries: [
        { Detail: `{"a":"${'x'.repeat(256 * 1024 - 40)}"}`, Time: new Date() },
      ],
    };
    assert.strictEqual(
      injectEventBridgePutEvents(big, { context: producer.context, env }),
      big
    );
  });

  it('Kinesis PutRecord(s) -> Kinesis event', () => {
    const producer = otelProducer();
    const input = {
      StreamName: 's',
      PartitionKey: 'p',
      Data: new TextEncoder().encode('{"id":1}'),
    };
    const sent = injectKinesisPutRecord(input, {
      context: producer.context,
      env,
    });
    assert.ok(sent.Data instanceof Uint8Array);
    const text = Buffer.from(sent.Data as Uint8Array).toString('utf8');
    assert.strictEqual(JSON.parse(text).id, 1);
    assert.strictEqual(
      parentSpanId({ Records: [kinesisRecord(text)] }),
      producer.spanId
    );
    // String data stays a string.
    const stringData = injectKinesisPutRecord(
      { Data: '{}' },
      { context: producer.context, env }
    );
    assert.strictEqual(typeof stringData.Data, 'string');
    const notJson = { Data: new TextEncoder().encode('plain') };
    assert.strictEqual(
      injectKinesisPutRecord(notJson, { context: producer.context, env }),
      notJson
    );
    const records = {
      Records: [
        { Data: new TextEncoder().encode('{"a":1}'), PartitionKey: 'p' },
        { Data: new TextEncoder().encode('{"a":2}'), PartitionKey: 'p' },
      ],
    };
    const batch = injectKinesisPutRecords(records, {
      context: producer.context,
      env,
    });
    assert.notStrictEqual(batch.Records?.[0], records.Records[0]);
    assert.strictEqual(batch.Records?.[1], records.Records[1]);
    const allRecords = injectKinesisPutRecords(records, {
      context: producer.context,
      env: { DD_TRACE_AWS_SDK_KINESIS_BATCH_PROPAGATION_ENABLED: 'true' },
    });
    assert.notStrictEqual(allRecords.Records?.[1], records.Records[1]);
    const big = { Data: `{"a":"${'x'.repeat(1024 * 1024 - 20)}"}` };
    assert.strictEqual(
      injectKinesisPutRecord(big, { context: producer.context, env }),
      big
    );
    const plainBatch = { Records: [{ Data: 'plain' }] };
    assert.strictEqual(
      injectKinesisPutRecords(plainBatch, { context: producer.context, env }),
      plainBatch
    );
  });

  it('Step Functions StartExecution -> the Lambda task payload', () => {
    const producer = otelProducer();
    const sent = injectStepFunctionsStartExecution(
      { stateMachineArn: 'arn', input: '{"order":1}' },
      { context: producer.context, env }
    );
    const input = JSON.parse(sent.input as string);
    // The state machine passes `$$` to the Lambda task (legacy payload).
    const payload = stepFunctionsContext({
      executionId: 'arn:aws:states:us-east-1:123456789012:execution:m:1',
      stateName: 'Task',
      enteredTime: '2024-01-01T00:00:00.000Z',
      input,
    });
    const spanContext = trace.getSpanContext(extract(payload));
    assert.strictEqual(spanContext?.traceId, producer.traceId);
    for (const unusable of [
      {},
      { input: '[1]' },
      { input: `{"a":"${'x'.repeat(256 * 1024 - 20)}"}` },
    ]) {
      assert.strictEqual(
        injectStepFunctionsStartExecution(unusable, {
          context: producer.context,
          env,
        }),
        unusable
      );
    }
  });

  it('Lambda Invoke -> client context', () => {
    const producer = otelProducer();
    const sent = injectLambdaInvoke(
      { FunctionName: 'f' },
      { context: producer.context, env }
    );
    const clientContext = JSON.parse(
      Buffer.from(sent.ClientContext as string, 'base64').toString()
    );
    assert.strictEqual(
      parentSpanId({}, lambdaContext(clientContext.custom)),
      producer.spanId
    );
    // Existing client context and custom keys are kept.
    const existing = base64(
      JSON.stringify({ client: { app: 'x' }, custom: { user: 'u' } })
    );
    const merged = injectLambdaInvoke(
      { ClientContext: existing },
      { context: producer.context, env }
    );
    const mergedContext = JSON.parse(
      Buffer.from(merged.ClientContext as string, 'base64').toString()
    );
    assert.strictEqual(mergedContext.client.app, 'x');
    assert.strictEqual(mergedContext.custom.user, 'u');
    assert.ok(mergedContext.custom['x-datadog-trace-id']);
    // custom._datadog is refreshed rather than shadowed.
    const nested = base64(
      JSON.stringify({ custom: { _datadog: { old: '1' } } })
    );
    const refreshed = JSON.parse(
      Buffer.from(
        injectLambdaInvoke(
          { ClientContext: nested },
          { context: producer.context, env }
        ).ClientContext as string,
        'base64'
      ).toString()
    );
    assert.strictEqual(
      parentSpanId({}, lambdaContext(refreshed.custom)),
      producer.spanId
    );
    for (const unusable of [
      { InvocationType: 'Event' },
      { ClientContext: 'not base64 json' },
      { ClientContext: base64('{"custom":"text"}') },
      {
        ClientContext: base64(
          JSON.stringify({ custom: { big: 'x'.repeat(2600) } })
        ),
      },
    ]) {
      assert.strictEqual(
        injectLambdaInvoke(unusable, { context: producer.context, env }),
        unusable
      );
    }
  });

  it('every helper leaves the input unchanged without a span context, and says why', () => {
    const inputs: Array<[string, (i: never, o: object) => unknown, object]> = [
      ['SQS SendMessage', injectSqsSendMessage as never, { MessageBody: 'x' }],
      [
        'SQS SendMessageBatch',
        injectSqsSendMessageBatch as never,
        { Entries: [{}] },
      ],
      ['SNS Publish', injectSnsPublish as never, { Message: 'x' }],
      [
        'SNS PublishBatch',
        injectSnsPublishBatch as never,
        { PublishBatchRequestEntries: [{}] },
      ],
      [
        'EventBridge PutEvents',
        injectEventBridgePutEvents as never,
        { Entries: [{ Detail: '{}' }] },
      ],
      ['Kinesis PutRecord', injectKinesisPutRecord as never, { Data: '{}' }],
      [
        'Kinesis PutRecords',
        injectKinesisPutRecords as never,
        { Records: [{ Data: '{}' }] },
      ],
      [
        'Step Functions StartExecution',
        injectStepFunctionsStartExecution as never,
        { input: '{}' },
      ],
      ['Lambda Invoke', injectLambdaInvoke as never, {}],
    ];
    for (const [operation, helper, input] of inputs) {
      let result: unknown;
      const messages = debugMessages(() => {
        result = helper(input as never, { context: ROOT_CONTEXT, env });
      });
      assert.strictEqual(result, input, operation);
      assert.ok(
        messages.some(
          m => m.startsWith(operation) && m.includes('no valid span context')
        ),
        `${operation}: ${messages.join(' | ')}`
      );
    }
  });
});

describe('addJsonField', () => {
  it('splices the field in and keeps the rest byte for byte', () => {
    assert.strictEqual(
      addJsonField('{"a": 1 }\n', 'k', { x: '1' }),
      '{"a": 1 ,"k":{"x":"1"}}\n'
    );
    assert.strictEqual(addJsonField('{ }', 'k', 1), '{ "k":1}');
    assert.strictEqual(
      addJsonField('{"k":0,"a":[1]}', 'k', 2),
      '{"k":2,"a":[1]}'
    );
    assert.strictEqual(addJsonField('[1]', 'k', 1), undefined);
    assert.strictEqual(addJsonField('{', 'k', 1), undefined);
    const proto = addJsonField('{"__proto__":{"p":1}}', 'k', 1) as string;
    assert.deepStrictEqual(Object.keys(JSON.parse(proto)), ['__proto__', 'k']);
    assert.strictEqual(({} as Record<string, unknown>).p, undefined);
  });
});

const MIB_MINUS_SMALL = 1024 * 1024 - 10;
