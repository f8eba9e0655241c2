/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Round trips through AWS: for any valid context, an inject helper's output,
// delivered as AWS delivers it to Lambda, gives the extractor back the same
// trace id, span id, sampling decision, priority, origin and propagated tags
// (Step Functions: the same trace; its parent is the state's span). A fixed
// seed in CI, more runs and a random seed with `npm run test:fuzz`.

import * as assert from 'node:assert';
import {
  defaultTextMapGetter,
  propagation,
  ROOT_CONTEXT,
  trace,
  TraceFlags,
  type Context,
  type SpanContext,
} from '@opentelemetry/api';
import {
  DatadogCompositePropagator,
  getDatadogState,
} from '@otel-dd/propagator-composite';
import { W3CTraceState } from '@otel-dd/propagator-datadog';
import * as fc from 'fast-check';
import {
  createEventContextExtractor,
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
  type SqsSendMessageBatchInput,
} from '../src';
import {
  kinesisRecord,
  lambdaContext,
  restApiEvent,
  snsEnvelope,
  snsRecord,
  sqsEvent,
  sqsRecord,
  stepFunctionsContext,
} from './helpers/events';
import { fuzz, FUZZ_TIMEOUT } from '@otel-dd/hostile-support';

const env = {};
const extract = createEventContextExtractor({ env });

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

const state = fc.record({
  traceId: fc
    .bigInt({ min: 1n, max: (1n << 128n) - 1n })
    .filter(id => (id & ((1n << 64n) - 1n)) !== 0n),
  spanId: fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }),
  priority: fc.integer({ min: -1, max: 2 }),
  origin: fc.option(memberText(16), { nil: undefined }),
  tags: fc.uniqueArray(fc.tuple(tagKey, memberText(16)), {
    selector: ([key]) => key,
    maxLength: 3,
  }),
  baggage: fc.option(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }),
    {
      nil: undefined,
    }
  ),
  fromHeaders: fc.boolean(),
});

type State = typeof state extends fc.Arbitrary<infer T> ? T : never;

const hex = (value: bigint, width: number) =>
  value.toString(16).padStart(width, '0');

/** The context of a span holding `s`: a child of an extracted one, or local. */
function contextOf(s: State): Context {
  const traceId = hex(s.traceId, 32);
  const spanId = hex(s.spanId, 16);
  let spanContext: SpanContext;
  if (s.fromHeaders) {
    const headers: Record<string, string> = {
      'x-datadog-trace-id': (s.traceId & ((1n << 64n) - 1n)).toString(),
      'x-datadog-parent-id': '77',
      'x-datadog-sampling-priority': String(s.priority),
    };
    if (s.origin !== undefined) headers['x-datadog-origin'] = s.origin;
    const tags = s.tags.map(([key, value]) => `_dd.p.${key}=${value}`);
    if (s.traceId >> 64n !== 0n) {
      tags.unshift(`_dd.p.tid=${hex(s.traceId >> 64n, 16)}`);
    }
    if (tags.length > 0) headers['x-datadog-tags'] = tags.join(',');
    const parent = trace.getSpanContext(
      new DatadogCompositePropagator({ env }).extract(
        ROOT_CONTEXT,
        headers,
        defaultTextMapGetter
      )
    )!;
    spanContext = { ...parent, spanId, isRemote: false };
  } else {
    const escape = (value: string) => value.replace(/=/g, '~');
    const member = [
      `s:${s.priority}`,
      ...(s.origin === undefined ? [] : [`o:${escape(s.origin)}`]),
      ...s.tags.map(([key, value]) => `t.${key}:${escape(value)}`),
    ].join(';');
    spanContext = {
      traceId,
      spanId,
      traceFlags: s.priority > 0 ? TraceFlags.SAMPLED : TraceFlags.NONE,
      isRemote: false,
      traceState: W3CTraceState.parse(`dd=${member}`),
    };
  }
  const context = trace.setSpanContext(ROOT_CONTEXT, spanContext);
  return s.baggage === undefined
    ? context
    : propagation.setBaggage(
        context,
        propagation.createBaggage({ 'user.id': { value: s.baggage } })
      );
}

/** The parent the extractor finds is the span that sent the message. */
function assertSameContext(s: State, parent: Context, route: string): void {
  const spanContext = trace.getSpanContext(parent);
  assert.ok(spanContext, `${route}: no context`);
  assert.strictEqual(spanContext.traceId, hex(s.traceId, 32), route);
  assert.strictEqual(spanContext.spanId, hex(s.spanId, 16), route);
  assert.strictEqual(spanContext.isRemote, true, route);
  assert.strictEqual(
    spanContext.traceFlags & TraceFlags.SAMPLED,
    s.priority > 0 ? TraceFlags.SAMPLED : 0,
    route
  );
  const datadog = getDatadogState(spanContext);
  assert.strictEqual(datadog.samplingPriority, s.priority, route);
  assert.strictEqual(datadog.origin, s.origin, route);
  const high = s.traceId >> 64n;
  const expected = [
    ...(high === 0n ? [] : [`_dd.p.tid=${hex(high, 16)}`]),
    ...s.tags.map(([key, value]) => `_dd.p.${key}=${value}`),
  ].sort();
  assert.deepStrictEqual(
    datadog.tags.map(tag => tag.join('=')).sort(),
    expected,
    route
  );
  assert.strictEqual(
    propagation.getBaggage(parent)?.getEntry('user.id')?.value,
    s.baggage,
    route
  );
}

const fromBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('round trips through every inject helper and the extractor', function () {
  this.timeout(FUZZ_TIMEOUT);
  it('SQS SendMessage and SendMessageBatch', () => {
    fc.assert(
      fc.property(state, s => {
        const context = contextOf(s);
        const sent = injectSqsSendMessage(
          { QueueUrl: 'q', MessageBody: 'hello' },
          { context, env }
        );
        const attribute = sent.MessageAttributes!._datadog;
        assert.strictEqual(attribute.DataType, 'String');
        const record = sqsRecord({
          body: sent.MessageBody,
          messageAttributes: {
            _datadog: {
              stringValue: attribute.StringValue,
              dataType: 'String',
            },
          },
        });
        assertSameContext(s, extract(sqsEvent([record])), 'SQS');

        const input: SqsSendMessageBatchInput = {
          QueueUrl: 'q',
          Entries: [{ MessageBody: 'a' }, { MessageBody: 'b' }],
        };
        const batch = injectSqsSendMessageBatch(input, { context, env });
        const first = batch.Entries![0].MessageAttributes!._datadog;
        const records = batch.Entries!.map(entry =>
          sqsRecord({
            body: entry.MessageBody,
            messageAttributes:
              entry.MessageAttributes === undefined
                ? {}
                : {
                    _datadog: {
                      stringValue: first.StringValue,
                      dataType: 'String',
                    },
                  },
          })
        );
        assertSameContext(s, extract(sqsEvent(records)), 'SQS batch');
      }),
      fuzz(0.3)
    );
  });

  it('SNS Publish and PublishBatch, to Lambda and to SQS (raw and enveloped)', () => {
    fc.assert(
      fc.property(state, s => {
        const context = contextOf(s);
        const published = injectSnsPublish(
          { TopicArn: 't', Message: 'hello' },
          { context, env }
        );
        const attribute = published.MessageAttributes!._datadog;
        assert.strictEqual(attribute.DataType, 'Binary');
        const value = fromBase64(attribute.BinaryValue!);
        assertSameContext(
          s,
          extract(
            sqsEvent([
              snsRecord({ _datadog: { Type: 'Binary', Value: value } }),
            ])
          ),
          'SNS'
        );
        assertSameContext(
          s,
          extract(
            sqsEvent([
              sqsRecord({
                messageAttributes: {
                  _datadog: { binaryValue: value, dataType: 'Binary' },
                },
              }),
            ])
          ),
          'SNS to SQS (raw delivery)'
        );
        assertSameContext(
          s,
          extract(
            sqsEvent([
              sqsRecord({
                body: snsEnvelope({
                  _datadog: { Type: 'Binary', Value: value },
                }),
              }),
            ])
          ),
          'SNS to SQS'
        );
        const batch = injectSnsPublishBatch(
          {
            TopicArn: 't',
            PublishBatchRequestEntries: [{ Message: 'a' }],
          },
          { context, env }
        );
        const batchValue = fromBase64(
          batch.PublishBatchRequestEntries![0].MessageAttributes!._datadog
            .BinaryValue!
        );
        assertSameContext(
          s,
          extract(
            sqsEvent([
              snsRecord({ _datadog: { Type: 'Binary', Value: batchValue } }),
            ])
          ),
          'SNS batch'
        );
      }),
      fuzz(0.3)
    );
  });

  it('EventBridge PutEvents, to Lambda and to SQS', () => {
    fc.assert(
      fc.property(state, s => {
        const context = contextOf(s);
        const put = injectEventBridgePutEvents(
          {
            Entries: [
              { Source: 'my.app', DetailType: 'Order', Detail: '{"order":1}' },
            ],
          },
          { context, env }
        );
        const entry = put.Entries![0];
        const event = {
          version: '0',
          'detail-type': entry.DetailType,
          source: entry.Source,
          detail: JSON.parse(entry.Detail!),
        };
        assertSameContext(s, extract(event), 'EventBridge');
        assertSameContext(
          s,
          extract(sqsEvent([sqsRecord({ body: JSON.stringify(event) })])),
          'EventBridge to SQS'
        );
      }),
      fuzz(0.3)
    );
  });

  it('Kinesis PutRecord and PutRecords, bytes and strings', () => {
    fc.assert(
      fc.property(state, s => {
        const context = contextOf(s);
        const record = injectKinesisPutRecord(
          {
            StreamName: 's',
            PartitionKey: '1',
            Data: new Uint8Array(Buffer.from('{"order":1}')),
          },
          { context, env }
        );
        const data = Buffer.from(record.Data as Uint8Array).toString('utf8');
        assertSameContext(
          s,
          extract(sqsEvent([kinesisRecord(data)])),
          'Kinesis'
        );
        const records = injectKinesisPutRecords(
          { StreamName: 's', Records: [{ PartitionKey: '1', Data: '{}' }] },
          { context, env }
        );
        assertSameContext(
          s,
          extract(
            sqsEvent([kinesisRecord(records.Records![0].Data as string)])
          ),
          'Kinesis batch'
        );
      }),
      fuzz(0.3)
    );
  });

  it('Lambda Invoke, through the client context', () => {
    fc.assert(
      fc.property(state, s => {
        const invoked = injectLambdaInvoke(
          { FunctionName: 'f' },
          { context: contextOf(s), env }
        );
        const clientContext = JSON.parse(
          Buffer.from(invoked.ClientContext!, 'base64').toString('utf8')
        );
        assertSameContext(
          s,
          extract({}, lambdaContext(clientContext.custom)),
          'Lambda Invoke'
        );
      }),
      fuzz(0.3)
    );
  });

  it('getTraceHeaders, as the headers of an HTTP request in any letter case', () => {
    fc.assert(
      fc.property(state, fc.boolean(), (s, upper) => {
        const headers = getTraceHeaders(contextOf(s), { env });
        const sent: Record<string, string> = {};
        for (const [key, value] of Object.entries(headers)) {
          sent[upper ? key.toUpperCase() : key] = value;
        }
        assertSameContext(s, extract(restApiEvent(sent)), 'HTTP');
      }),
      fuzz(0.3)
    );
  });

  it('Step Functions StartExecution: the same trace, under the state span', () => {
    fc.assert(
      fc.property(state, s => {
        // Datadog continues the upstream trace when it finds both its id and
        // x-datadog-tags (written for 128-bit ids or propagated tags).
        fc.pre(s.traceId >> 64n !== 0n || s.tags.length > 0);
        const started = injectStepFunctionsStartExecution(
          { stateMachineArn: 'm', input: '{"order":1}' },
          { context: contextOf(s), env }
        );
        const event = stepFunctionsContext({
          executionId: 'arn:aws:states:us-east-1:1:execution:m:e',
          stateName: 'Task',
          enteredTime: '2024-12-04T19:38:04.000Z',
          input: JSON.parse(started.input!),
        });
        const spanContext = trace.getSpanContext(extract(event));
        assert.strictEqual(spanContext?.traceId, hex(s.traceId, 32));
        assert.notStrictEqual(spanContext?.spanId, hex(s.spanId, 16));
      }),
      fuzz(0.3)
    );
  });
});
