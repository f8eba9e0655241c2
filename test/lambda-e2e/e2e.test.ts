/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The real @opentelemetry/instrumentation-aws-lambda, the OTel SDK and
// @otel-dd/lambda, with events whose context real dd-trace injected: the
// invocation span continues the producer's trace, as its child.

import * as assert from 'node:assert';
import type { Producer } from './ddProducerWorker';
import {
  eventBridgeEvent,
  eventsForEverySource,
  sqsRecord,
  sqsString,
  stepFunctionsPayload,
} from './events';
import type { LambdaRunResult } from './lambdaRunner';
import { ddTraceProducers, runLambda } from './workers';

function invocationSpan(run: LambdaRunResult) {
  const span = run.spans.find(s => s.kind === 'SERVER');
  assert.ok(span, `an invocation span: ${JSON.stringify(run)}`);
  return span;
}

describe('OTel Lambda instrumentation with @otel-dd/lambda (end to end)', function () {
  this.timeout(60_000);

  let producers: Producer[];
  let scenarios: ReturnType<typeof eventsForEverySource>;
  let runs: LambdaRunResult[];

  before(() => {
    producers = ddTraceProducers({
      producers: Array.from({ length: 24 }, () => ({})),
    });
    scenarios = eventsForEverySource(producers);
    runs = runLambda({ invocations: scenarios });
  });

  it('covers every source', () => {
    assert.strictEqual(runs.length, scenarios.length);
    assert.ok(scenarios.length >= 19);
  });

  for (const [index, name] of eventsForEverySource(
    Array.from({ length: 24 }, () => ({ headers: {} }))
  )
    .map(s => s.name)
    .entries()) {
    it(`${name}: the invocation is the child of the dd-trace producer`, () => {
      const scenario = scenarios[index];
      const run = runs[index];
      const producer = producers[scenario.producer];
      const span = invocationSpan(run);
      assert.strictEqual(span.traceId, producer.traceId);
      assert.strictEqual(run.result?.traceId, producer.traceId);
      if (name.startsWith('Step Functions')) {
        // The parent is the state's span, with Datadog's deterministic id
        // (reference §5.4: 3929055471293792800).
        assert.strictEqual(
          span.parentSpanId,
          BigInt('3929055471293792800').toString(16).padStart(16, '0')
        );
      } else {
        assert.strictEqual(span.parentSpanId, producer.spanId);
      }
      assert.strictEqual(
        span.attributes['faas.invocation_id'],
        `request-${index}`
      );
    });
  }

  it('a Step Functions legacy payload without upstream trace gets the hashed ids', () => {
    const [run] = runLambda({
      invocations: [{ event: stepFunctionsPayload() }],
    });
    const span = invocationSpan(run);
    // Reference §5.4: trace 435175499815315247, tid 3e7a89d1b7310603.
    assert.strictEqual(span.traceId, '3e7a89d1b7310603' + '060a0dcfb971e72f');
    assert.strictEqual(span.parentSpanId, '3686cf2255458220');
  });

  it('links the other records of a batch; record 0 is the parent', () => {
    const [first, second, third] = ddTraceProducers({
      producers: [{}, {}, {}],
    });
    const event = {
      Records: [first, second, third].map((p, i) =>
        sqsRecord(`m${i}`, { attributes: sqsString(p.headers) })
      ),
    };
    const [run] = runLambda({ invocations: [{ event }] });
    const span = invocationSpan(run);
    assert.strictEqual(span.parentSpanId, first.spanId);
    assert.deepStrictEqual(
      span.links.map(l => [
        l.traceId,
        l.spanId,
        l.attributes['messaging.message.id'],
      ]),
      [
        [second.traceId, second.spanId, 'm1'],
        [third.traceId, third.spanId, 'm2'],
      ]
    );
    // The instrumentation's own SQS process span is still there.
    assert.ok(
      run.spans.some(
        s => s.kind === 'CONSUMER' && s.parentSpanId === span.spanId
      )
    );
  });

  it('a W3C context of another trace in the carrier becomes a span link', () => {
    const [datadog, w3c] = ddTraceProducers({ producers: [{}, {}] });
    const carrier = {
      'x-datadog-trace-id': datadog.headers['x-datadog-trace-id'],
      'x-datadog-parent-id': datadog.headers['x-datadog-parent-id'],
      'x-datadog-sampling-priority': '1',
      'x-datadog-tags': datadog.headers['x-datadog-tags'],
      traceparent: w3c.headers.traceparent,
    };
    const [run] = runLambda({
      invocations: [{ event: eventBridgeEvent({ _datadog: carrier }) }],
    });
    const span = invocationSpan(run);
    assert.strictEqual(span.parentSpanId, datadog.spanId);
    assert.deepStrictEqual(
      span.links.map(l => [
        l.traceId,
        l.spanId,
        l.attributes.reason,
        l.attributes.context_headers,
      ]),
      [[w3c.traceId, w3c.spanId, 'terminated_context', 'tracecontext']]
    );
  });

  it('adds Datadog span pointers for S3 records', () => {
    const event = {
      Records: [
        {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          eventName: 'ObjectCreated:Put',
          s3: {
            bucket: { name: 'bucket' },
            object: {
              key: 'a/b.txt',
              eTag: '"0123456789abcdef0123456789abcdef"',
              size: 1,
            },
          },
        },
      ],
    };
    const [run] = runLambda({ invocations: [{ event }] });
    const [pointer] = invocationSpan(run).links;
    assert.strictEqual(pointer.traceId, '0'.repeat(32));
    assert.strictEqual(pointer.attributes['link.kind'], 'span-pointer');
    assert.strictEqual(pointer.attributes['ptr.kind'], 'aws.s3.object');
    assert.strictEqual(pointer.attributes['ptr.dir'], 'u');
    assert.match(String(pointer.attributes['ptr.hash']), /^[0-9a-f]{32}$/);
  });

  it('malformed events still run the handler, in a new trace', () => {
    // (A `null` event is not in the list: the instrumentation itself reads
    // `event.headers` and fails such an invocation, whatever the extractor.)
    const malformed: unknown[] = [
      'text',
      42,
      [],
      {
        Records: [
          {
            eventSource: 'aws:sqs',
            messageAttributes: { _datadog: { stringValue: '{oops' } },
          },
        ],
      },
      {
        Records: [
          {
            Sns: {
              MessageAttributes: { _datadog: { Type: 'Binary', Value: '%%%' } },
            },
          },
        ],
      },
      { headers: { 'x-datadog-trace-id': 'abc', 'x-datadog-parent-id': '-1' } },
      { 'detail-type': 'x', detail: { _datadog: 'not an object' } },
      { Records: [{ kinesis: { data: 'bm90IGpzb24=' } }] },
      { Payload: { Execution: { Id: 1 } } },
      {
        DurableExecutionArn: 'arn',
        InitialExecutionState: { Operations: 'x' },
      },
    ];
    const runs = runLambda({
      invocations: malformed.map(event => ({ event })),
    });
    for (const run of runs) {
      assert.strictEqual(run.error, undefined);
      assert.strictEqual(run.result?.ran, true);
      const span = invocationSpan(run);
      assert.strictEqual(span.parentSpanId, undefined);
    }
  });

  it('a trace the producer dropped is not recorded, and the handler runs', () => {
    const [dropped] = ddTraceProducers({ producers: [{ keep: false }] });
    const [run] = runLambda({
      invocations: [{ event: eventBridgeEvent({ _datadog: dropped.headers }) }],
    });
    assert.strictEqual(run.result?.ran, true);
    assert.strictEqual(run.result?.traceId, dropped.traceId);
    assert.deepStrictEqual(run.spans, []);
  });

  it('DD_TRACE_EXTRACTOR loads a custom extractor from LAMBDA_TASK_ROOT', () => {
    const [run] = runLambda(
      {
        invocations: [
          { event: { trace: { id: '1234567890', parent: '987654321' } } },
        ],
      },
      { DD_TRACE_EXTRACTOR: 'extractor.fromPayload' }
    );
    const span = invocationSpan(run);
    assert.strictEqual(
      span.traceId,
      '0000000000000000' + (1234567890).toString(16).padStart(16, '0')
    );
    assert.strictEqual(
      span.parentSpanId,
      (987654321).toString(16).padStart(16, '0')
    );
  });

  it('_X_AMZN_TRACE_ID parents only with DD_MERGE_XRAY_TRACES=true', () => {
    const header =
      'Root=1-5ce31dc2-2c779014b90ce44db5e03875;Parent=0b11cc4230d3e09e;Sampled=1';
    const [off] = runLambda(
      { invocations: [{ event: {} }] },
      { _X_AMZN_TRACE_ID: header }
    );
    assert.strictEqual(invocationSpan(off).parentSpanId, undefined);
    const [on] = runLambda(
      { invocations: [{ event: {} }] },
      { _X_AMZN_TRACE_ID: header, DD_MERGE_XRAY_TRACES: 'true' }
    );
    const span = invocationSpan(on);
    // Reference §4.1: trace 4110911582297405557 (low 63 bits), parent = Parent.
    assert.strictEqual(
      span.traceId,
      '0000000000000000' +
        BigInt('4110911582297405557').toString(16).padStart(16, '0')
    );
    assert.strictEqual(span.parentSpanId, '0b11cc4230d3e09e');
  });
});
