/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import {
  ROOT_CONTEXT,
  trace,
  TraceFlags,
  type Context,
} from '@opentelemetry/api';
import { createEventContextExtractor } from '../src/extractor';
import type { EventContextExtractorOptions } from '../src/types';
import { datadogOnly, ddProducer, type Producer } from './helpers/ddTrace';
import {
  albMultiValueEvent,
  eventBridgeEvent,
  httpApiEvent,
  kinesisRecord,
  lambdaContext,
  restApiEvent,
  snsBinaryAttribute,
  snsEnvelope,
  snsRecord,
  snsStringAttribute,
  sqsBinaryAttribute,
  sqsEvent,
  sqsRecord,
  sqsStringAttribute,
} from './helpers/events';

function extractor(options: EventContextExtractorOptions = {}) {
  return createEventContextExtractor({ env: {}, ...options });
}

function assertParent(context: Context, producer: Producer): void {
  const spanContext = trace.getSpanContext(context);
  assert.ok(spanContext, 'a parent was found');
  assert.strictEqual(spanContext.traceId, producer.traceId);
  assert.strictEqual(spanContext.spanId, producer.spanId);
  assert.strictEqual(spanContext.isRemote, true);
  assert.strictEqual(spanContext.traceFlags, TraceFlags.SAMPLED);
}

function assertNoParent(context: Context): void {
  assert.strictEqual(context, ROOT_CONTEXT);
}

describe('datadog event context extractor', () => {
  const extract = extractor();

  describe('SQS', () => {
    it('reads the String _datadog attribute of record 0', () => {
      const producer = ddProducer();
      const event = sqsEvent([
        sqsRecord({ messageAttributes: sqsStringAttribute(producer.headers) }),
      ]);
      assertParent(extract(event, lambdaContext()), producer);
    });

    it('reads a Binary _datadog attribute (SNS raw delivery)', () => {
      const producer = ddProducer();
      const event = sqsEvent([
        sqsRecord({ messageAttributes: sqsBinaryAttribute(producer.headers) }),
      ]);
      assertParent(extract(event), producer);
    });

    it('reads Datadog headers alone (other Datadog tracers)', () => {
      const producer = ddProducer();
      const headers = datadogOnly(producer.headers);
      const event = sqsEvent([
        sqsRecord({ messageAttributes: sqsStringAttribute(headers) }),
      ]);
      assertParent(extract(event), producer);
    });

    it('keeps the producer trace state (priority, tid) in the context', () => {
      const producer = ddProducer();
      const event = sqsEvent([
        sqsRecord({ messageAttributes: sqsStringAttribute(producer.headers) }),
      ]);
      const state = trace.getSpanContext(extract(event))?.traceState;
      assert.ok(state?.get('dd')?.includes('s:1'));
    });

    it('maps a dropped producer to an unsampled parent', () => {
      const producer = ddProducer({ keep: false });
      const event = sqsEvent([
        sqsRecord({ messageAttributes: sqsStringAttribute(producer.headers) }),
      ]);
      const spanContext = trace.getSpanContext(extract(event));
      assert.strictEqual(spanContext?.spanId, producer.spanId);
      assert.strictEqual(spanContext?.traceFlags, TraceFlags.NONE);
    });

    it('takes the parent from record 0 only and never reads the others', () => {
      const first = ddProducer();
      const second = ddProducer();
      const record1 = sqsRecord({
        messageAttributes: sqsStringAttribute(second.headers),
      });
      for (const key of Object.keys(record1)) {
        Object.defineProperty(record1, key, {
          get() {
            throw new Error(`record 1 read: ${key}`);
          },
        });
      }
      const event = sqsEvent([
        sqsRecord({ messageAttributes: sqsStringAttribute(first.headers) }),
        record1,
      ]);
      assertParent(extract(event), first);
    });

    it('does not look at record 1 when record 0 has no context', () => {
      const second = ddProducer();
      const event = sqsEvent([
        sqsRecord(),
        sqsRecord({ messageAttributes: sqsStringAttribute(second.headers) }),
      ]);
      assertNoParent(extract(event));
    });

    it('falls back to a Datadog-encoded AWSTraceHeader', () => {
      const event = sqsEvent([
        sqsRecord({
          awsTraceHeader:
            'Root=1-65f2f78c-0000000008addb5405b376c0;Parent=5abcb7ed643995c7;Sampled=1',
        }),
      ]);
      const spanContext = trace.getSpanContext(extract(event));
      // trace 625397077193750208, span 6538302989251745223 (reference §4.2)
      assert.strictEqual(
        spanContext?.traceId,
        '000000000000000008addb5405b376c0'
      );
      assert.strictEqual(spanContext?.spanId, '5abcb7ed643995c7');
    });

    it('ignores an AWSTraceHeader that X-Ray itself wrote', () => {
      const event = sqsEvent([
        sqsRecord({
          awsTraceHeader:
            'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
        }),
      ]);
      assertNoParent(extract(event));
    });

    it('prefers _datadog over AWSTraceHeader', () => {
      const producer = ddProducer();
      const event = sqsEvent([
        sqsRecord({
          messageAttributes: sqsStringAttribute(producer.headers),
          awsTraceHeader:
            'Root=1-65f2f78c-0000000008addb5405b376c0;Parent=5abcb7ed643995c7;Sampled=1',
        }),
      ]);
      assertParent(extract(event), producer);
    });

    it('ignores malformed or oversized attributes', () => {
      for (const attribute of [
        { stringValue: '{not json' },
        { stringValue: '[1,2]' },
        { stringValue: 'x'.repeat(70_000) },
        { binaryValue: '!!!' },
        { stringValue: 42 },
        null,
      ]) {
        const event = sqsEvent([
          sqsRecord({ messageAttributes: { _datadog: attribute } }),
        ]);
        assertNoParent(extract(event));
      }
    });
  });

  describe('SNS', () => {
    it('reads the Binary attribute dd-trace writes', () => {
      const producer = ddProducer();
      const event = {
        Records: [
          snsRecord({ _datadog: snsBinaryAttribute(producer.headers) }),
        ],
      };
      assertParent(extract(event), producer);
    });

    it('reads a String attribute', () => {
      const producer = ddProducer();
      const event = {
        Records: [
          snsRecord({ _datadog: snsStringAttribute(producer.headers) }),
        ],
      };
      assertParent(extract(event), producer);
    });

    it('falls back to a Datadog trace in _X_AMZN_TRACE_ID', () => {
      const extractWithEnv = extractor({
        env: {
          _X_AMZN_TRACE_ID:
            'Root=1-66393a26-0000000017acacbad335fb99;Parent=12f5e70cc905dfb7;Sampled=1;Lineage=48e79d5f:0',
        },
      });
      const spanContext = trace.getSpanContext(
        extractWithEnv({ Records: [snsRecord()] })
      );
      assert.strictEqual(
        spanContext?.traceId,
        '000000000000000017acacbad335fb99'
      );
      assert.strictEqual(spanContext?.spanId, '12f5e70cc905dfb7');
    });
  });

  describe('SNS to SQS', () => {
    it('reads the envelope attribute (non-raw delivery)', () => {
      const producer = ddProducer();
      const event = sqsEvent([
        sqsRecord({
          body: snsEnvelope({ _datadog: snsBinaryAttribute(producer.headers) }),
        }),
      ]);
      assertParent(extract(event), producer);
    });

    it('reads a String envelope attribute', () => {
      const producer = ddProducer();
      const event = sqsEvent([
        sqsRecord({
          body: snsEnvelope({ _datadog: snsStringAttribute(producer.headers) }),
        }),
      ]);
      assertParent(extract(event), producer);
    });

    it('falls back to the SQS String attribute', () => {
      const producer = ddProducer();
      const event = sqsEvent([
        sqsRecord({
          body: snsEnvelope(),
          messageAttributes: sqsStringAttribute(producer.headers),
        }),
      ]);
      assertParent(extract(event), producer);
    });

    it('falls back to AWSTraceHeader', () => {
      const event = sqsEvent([
        sqsRecord({
          body: snsEnvelope(),
          awsTraceHeader:
            'Root=1-663934f8-0000000045c5da17458c9910;Parent=18f37c8f541d052f;Sampled=1',
        }),
      ]);
      const spanContext = trace.getSpanContext(extract(event));
      assert.strictEqual(spanContext?.spanId, '18f37c8f541d052f');
    });
  });

  describe('EventBridge', () => {
    it('reads detail._datadog', () => {
      const producer = ddProducer();
      assertParent(extract(eventBridgeEvent(producer.headers)), producer);
    });

    it('gives no parent for scheduled events', () => {
      assertNoParent(extract(eventBridgeEvent()));
    });

    it('reads detail._datadog of an event delivered through SQS', () => {
      const producer = ddProducer();
      const event = sqsEvent([
        sqsRecord({ body: JSON.stringify(eventBridgeEvent(producer.headers)) }),
      ]);
      assertParent(extract(event), producer);
    });
  });

  describe('Kinesis', () => {
    it('reads _datadog from the JSON data of record 0', () => {
      const producer = ddProducer();
      const event = {
        Records: [
          kinesisRecord(JSON.stringify({ id: 1, _datadog: producer.headers })),
          kinesisRecord(
            JSON.stringify({ id: 2, _datadog: ddProducer().headers })
          ),
        ],
      };
      assertParent(extract(event), producer);
    });

    it('gives no parent for non-JSON data', () => {
      assertNoParent(extract({ Records: [kinesisRecord('plain text')] }));
    });
  });

  describe('HTTP', () => {
    it('reads lowercase headers (HTTP API)', () => {
      const producer = ddProducer();
      assertParent(extract(httpApiEvent(producer.headers)), producer);
    });

    it('reads header names in any case (REST API)', () => {
      const producer = ddProducer();
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(producer.headers)) {
        headers[
          key.replace(/(^|-)([a-z])/g, (_m, dash, c) => dash + c.toUpperCase())
        ] = value;
      }
      assert.ok(headers['X-Datadog-Trace-Id']);
      assertParent(extract(restApiEvent(headers)), producer);
    });

    it('reads W3C headers alone', () => {
      const producer = ddProducer();
      const event = httpApiEvent({
        traceparent: producer.headers.traceparent,
        tracestate: producer.headers.tracestate,
      });
      assertParent(extract(event), producer);
    });

    it('reads ALB multi-value headers (first value)', () => {
      const producer = ddProducer();
      const other = ddProducer();
      const headers: Record<string, string[]> = {};
      for (const [key, value] of Object.entries(
        datadogOnly(producer.headers)
      )) {
        headers[key.toUpperCase()] = [value, other.headers[key]];
      }
      assertParent(extract(albMultiValueEvent(headers)), producer);
    });

    it('reads Function URL events', () => {
      const producer = ddProducer();
      const event = httpApiEvent(
        producer.headers,
        'abc.lambda-url.us-east-1.on.aws'
      );
      assertParent(extract(event), producer);
    });

    it('gives no parent without trace headers', () => {
      assertNoParent(extract(httpApiEvent({ host: 'example.com' })));
    });
  });

  describe('AppSync', () => {
    it('reads the request headers', () => {
      const producer = ddProducer();
      const event = {
        arguments: {},
        identity: null,
        source: null,
        request: { headers: producer.headers, domainName: null },
        prev: null,
        info: {
          selectionSetList: ['id'],
          selectionSetGraphQL: '{ id }',
          parentTypeName: 'Query',
          fieldName: 'getPost',
          variables: {},
        },
        stash: {},
      };
      assertParent(extract(event), producer);
      assert.strictEqual((event as Record<string, unknown>).headers, undefined);
    });
  });

  describe('durable executions', () => {
    it('reads the latest _datadog_<N> checkpoint', () => {
      const older = ddProducer();
      const latest = ddProducer();
      const event = {
        DurableExecutionArn:
          'arn:aws:lambda:us-east-1:123456789012:function:f:durable/1',
        CheckpointToken: 'token',
        headers: { 'x-datadog-trace-id': '1', 'x-datadog-parent-id': '2' },
        InitialExecutionState: {
          Operations: [
            { Name: '_datadog_1', Payload: JSON.stringify(older.headers) },
            { Name: 'step', Payload: '{}' },
            {
              Name: '_datadog_2',
              StepDetails: { Result: JSON.stringify(latest.headers) },
            },
            { Name: '_datadog_02', Payload: JSON.stringify(older.headers) },
          ],
        },
      };
      assertParent(extract(event), latest);
    });

    it('goes on to the next sources without a checkpoint', () => {
      const producer = ddProducer();
      const event = {
        DurableExecutionArn: 'arn',
        InitialExecutionState: { Operations: [] },
      };
      assertParent(extract(event, lambdaContext(producer.headers)), producer);
    });
  });

  describe('Lambda client context', () => {
    it('reads headers written straight into custom (dd-trace)', () => {
      const producer = ddProducer();
      assertParent(extract({}, lambdaContext(producer.headers)), producer);
    });

    it('reads custom._datadog', () => {
      const producer = ddProducer();
      assertParent(
        extract({}, lambdaContext({ _datadog: producer.headers })),
        producer
      );
    });

    it('comes after the event', () => {
      const fromEvent = ddProducer();
      const event = eventBridgeEvent(fromEvent.headers);
      assertParent(
        extract(event, lambdaContext(ddProducer().headers)),
        fromEvent
      );
    });
  });

  describe('X-Ray', () => {
    const header =
      'Root=1-5ce31dc2-2c779014b90ce44db5e03875;Parent=0b11cc4230d3e09e;Sampled=1';

    it('is ignored unless DD_MERGE_XRAY_TRACES is true', () => {
      assertNoParent(extractor({ env: { _X_AMZN_TRACE_ID: header } })({}));
    });

    it('maps _X_AMZN_TRACE_ID as Datadog does when merging', () => {
      const extractMerged = extractor({
        env: { _X_AMZN_TRACE_ID: header, DD_MERGE_XRAY_TRACES: 'true' },
      });
      const spanContext = trace.getSpanContext(extractMerged({}));
      // 4110911582297405557 = 0x390ce44db5e03875, the low 63 bits.
      assert.strictEqual(
        spanContext?.traceId,
        '0000000000000000390ce44db5e03875'
      );
      assert.strictEqual(spanContext?.spanId, '0b11cc4230d3e09e');
      assert.strictEqual(spanContext?.traceFlags, TraceFlags.SAMPLED);
    });

    it('comes last', () => {
      const producer = ddProducer();
      const extractMerged = extractor({
        mergeXrayTraces: true,
        env: { _X_AMZN_TRACE_ID: header },
      });
      assertParent(extractMerged(eventBridgeEvent(producer.headers)), producer);
    });
  });

  describe('robustness', () => {
    it('returns ROOT_CONTEXT for events without context', () => {
      for (const event of [
        undefined,
        null,
        0,
        'text',
        [],
        {},
        { Records: [] },
        { Records: 'x' },
        { headers: null },
        { Records: [{ s3: {} }] },
        { 'detail-type': 'x', detail: null },
        { info: null },
      ]) {
        assertNoParent(extract(event, undefined));
      }
    });

    it('never reads inherited properties', () => {
      const producer = ddProducer();
      const polluted = Object.create({ headers: producer.headers });
      assertNoParent(extract(polluted));
      const carrier = JSON.parse(
        `{"__proto__": ${JSON.stringify(producer.headers)}}`
      );
      const event = sqsEvent([
        sqsRecord({
          messageAttributes: {
            _datadog: { stringValue: JSON.stringify(carrier) },
          },
        }),
      ]);
      assertNoParent(extract(event));
      assert.strictEqual(
        ({} as Record<string, unknown>)['x-datadog-trace-id'],
        undefined
      );
    });

    it('never throws, whatever the getters do', () => {
      const hostile = new Proxy(
        {},
        {
          get() {
            throw new Error('boom');
          },
          ownKeys() {
            throw new Error('boom');
          },
          getOwnPropertyDescriptor() {
            throw new Error('boom');
          },
        }
      );
      assertNoParent(extract(hostile, hostile as never));
      assertNoParent(extract({ Records: [hostile] }));
    });
  });
});
