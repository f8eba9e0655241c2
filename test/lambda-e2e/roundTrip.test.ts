/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// An OpenTelemetry producer sends with @otel-dd/lambda's inject helpers; AWS
// delivers the event; datadog-lambda-js and our extractor both continue the
// producer's trace from it.

import * as assert from 'node:assert';
import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import {
  createEventContextExtractor,
  injectEventBridgePutEvents,
  injectKinesisPutRecord,
  injectLambdaInvoke,
  injectSnsPublish,
  injectSqsSendMessage,
  injectSqsSendMessageBatch,
  injectStepFunctionsStartExecution,
  type SqsSendMessageInput,
} from '@otel-dd/lambda';
import type * as OtelSdk from '../support/otelSdk';
import {
  eventBridgeEvent,
  kinesisRecord,
  snsRecord,
  sqsRecord,
  stepFunctionsPayload,
  snsEnvelope,
} from './events';
import { datadogLambdaParents } from './workers';

// The SDK of the installed OpenTelemetry line (2.x, or 3.x in the compat
// job); compiled, this file is one folder deeper than its source.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const otelSdk = require('../../support/otelSdk') as typeof OtelSdk;

const tracer = new otelSdk.TracerProvider().getTracer('producer');
const extract = createEventContextExtractor({ env: {} });

describe('round trip: inject helpers -> AWS -> datadog-lambda-js and @otel-dd/lambda', function () {
  this.timeout(60_000);

  it('every helper produces an event both consumers continue', () => {
    const span = tracer.startSpan('send');
    const { traceId, spanId } = span.spanContext();
    const options = { context: trace.setSpan(ROOT_CONTEXT, span), env: {} };

    const sqs = injectSqsSendMessage(
      { QueueUrl: 'q', MessageBody: 'hi' },
      options
    );
    const sqsAttribute = (input: SqsSendMessageInput) => ({
      _datadog: {
        stringValue: input.MessageAttributes?._datadog.StringValue,
        dataType: 'String',
      },
    });
    const batch = injectSqsSendMessageBatch(
      {
        Entries: [
          { Id: '1', MessageBody: 'a' },
          { Id: '2', MessageBody: 'b' },
        ],
      },
      options
    );
    const sns = injectSnsPublish({ TopicArn: 't', Message: 'hi' }, options);
    const snsValue = Buffer.from(
      sns.MessageAttributes?._datadog.BinaryValue as Uint8Array
    ).toString('base64');
    const events = injectEventBridgePutEvents(
      { Entries: [{ Source: 's', DetailType: 'd', Detail: '{"order":1}' }] },
      options
    );
    const detail = JSON.parse(events.Entries?.[0].Detail as string);
    const kinesis = injectKinesisPutRecord(
      {
        StreamName: 's',
        PartitionKey: 'p',
        Data: new TextEncoder().encode('{"n":1}'),
      },
      options
    );
    const execution = injectStepFunctionsStartExecution(
      { stateMachineArn: 'arn', input: '{"order":1}' },
      options
    );
    const invoke = injectLambdaInvoke(
      { FunctionName: 'f', Payload: new Uint8Array() } as {
        FunctionName: string;
      },
      options
    );
    const clientContext = JSON.parse(
      Buffer.from(invoke.ClientContext as string, 'base64').toString('utf8')
    );

    const deliveries = [
      {
        name: 'SQS',
        event: { Records: [sqsRecord('m', { attributes: sqsAttribute(sqs) })] },
      },
      {
        name: 'SQS batch',
        event: {
          Records: (batch.Entries ?? []).map((entry: SqsSendMessageInput, i) =>
            sqsRecord(
              `m${i}`,
              entry.MessageAttributes ? { attributes: sqsAttribute(entry) } : {}
            )
          ),
        },
      },
      {
        name: 'SNS',
        event: {
          Records: [
            snsRecord({ _datadog: { Type: 'Binary', Value: snsValue } }),
          ],
        },
      },
      {
        name: 'SNS to SQS, raw delivery',
        event: {
          Records: [
            sqsRecord('m', {
              attributes: {
                _datadog: { binaryValue: snsValue, dataType: 'Binary' },
              },
            }),
          ],
        },
      },
      {
        name: 'SNS to SQS, envelope',
        event: {
          Records: [
            sqsRecord('m', {
              body: snsEnvelope({
                _datadog: { Type: 'Binary', Value: snsValue },
              }),
            }),
          ],
        },
      },
      { name: 'EventBridge', event: eventBridgeEvent(detail) },
      {
        name: 'EventBridge to SQS',
        event: {
          Records: [
            sqsRecord('m', { body: JSON.stringify(eventBridgeEvent(detail)) }),
          ],
        },
      },
      {
        name: 'Kinesis',
        event: {
          Records: [
            kinesisRecord(
              Buffer.from(kinesis.Data as Uint8Array).toString('utf8')
            ),
          ],
        },
      },
      {
        name: 'Step Functions',
        event: stepFunctionsPayload(JSON.parse(execution.input as string)),
      },
      { name: 'Lambda Invoke', event: {}, clientContext: clientContext.custom },
    ];

    const theirs = datadogLambdaParents({
      invocations: deliveries.map(d => ({
        event: d.event,
        clientContext: d.clientContext,
      })),
    });
    for (const [i, delivery] of deliveries.entries()) {
      const ours = trace.getSpanContext(
        extract(delivery.event, {
          clientContext: delivery.clientContext
            ? { custom: delivery.clientContext }
            : undefined,
        })
      );
      const their = theirs[i];
      assert.ok(ours, `${delivery.name}: we continue the trace`);
      assert.ok(
        their,
        `${delivery.name}: datadog-lambda-js continues the trace`
      );
      assert.strictEqual(ours.traceId, traceId, delivery.name);
      assert.strictEqual(ours.traceFlags, TraceFlags.SAMPLED, delivery.name);
      assert.strictEqual(their.source, 'event', delivery.name);
      if (delivery.name === 'Step Functions') {
        // The parent is the state's span; the trace is the producer's (low
        // 64 bits for Datadog, whose tid reading truncates it, §5.5).
        assert.strictEqual(
          their.lowTraceId,
          BigInt('0x' + traceId.slice(16)).toString(),
          delivery.name
        );
        assert.strictEqual(ours.spanId, their.spanId, delivery.name);
        continue;
      }
      assert.strictEqual(their.traceId, traceId, delivery.name);
      assert.strictEqual(ours.spanId, spanId, delivery.name);
      assert.strictEqual(their.spanId, spanId, delivery.name);
    }
    span.end();
  });
});
