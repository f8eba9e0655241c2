/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The parent @otel-dd/lambda picks is the parent datadog-lambda-js 12.143.0
// picks (with dd-trace 6.21.0), on the same events.

import * as assert from 'node:assert';
import { trace, TraceFlags } from '@opentelemetry/api';
import { createEventContextExtractor } from '@otel-dd/lambda';
import type { DatadogLambdaParent } from './datadogLambdaWorker';
import type { Producer } from './ddProducerWorker';
import {
  albMultiValueEvent,
  base64,
  datadogOnly,
  eventBridgeEvent,
  eventsForEverySource,
  httpApiEvent,
  restApiEvent,
  snsRecord,
  sqsRecord,
  sqsString,
  stepFunctionsPayload,
} from './events';
import { datadogLambdaParents, ddTraceProducers } from './workers';

interface Case {
  name: string;
  event: unknown;
  clientContext?: unknown;
  env?: Record<string, string>;
}

/** Our parent in the form the Datadog worker reports it, or null. */
function ourParent(c: Case) {
  const extract = createEventContextExtractor({ env: c.env ?? {} });
  const context = extract(c.event, {
    clientContext:
      c.clientContext === undefined ? undefined : { custom: c.clientContext },
  });
  const spanContext = trace.getSpanContext(context);
  if (spanContext === undefined) return null;
  return {
    traceId: spanContext.traceId,
    spanId: spanContext.spanId,
    sampled: spanContext.traceFlags === TraceFlags.SAMPLED,
  };
}

function theirParent(parent: DatadogLambdaParent | null) {
  return (
    parent && {
      traceId: parent.traceId,
      spanId: parent.spanId,
      sampled: parent.priority > 0,
    }
  );
}

function compare(cases: Case[], env: Record<string, string> = {}) {
  const theirs = datadogLambdaParents(
    {
      invocations: cases.map(c => ({
        event: c.event,
        clientContext: c.clientContext,
      })),
    },
    env
  );
  return cases.map((c, i) => ({
    name: c.name,
    ours: ourParent({ ...c, env }),
    theirs: theirParent(theirs[i]),
  }));
}

const SF_STATE = {
  Execution: {
    Id: 'arn:aws:states:sa-east-1:425362996713:express:logs-to-traces-sequential:85a9933e-9e11-83dc-6a61-b92367b6c3be:3f7ef5c7-c8b8-4c88-90a1-d54aa7e7e2bf',
  },
  State: {
    Name: 'step-one',
    EnteredTime: '2022-12-08T21:08:19.224Z',
    RetryCount: 2,
  },
  StateMachine: { Id: 'arn', Name: 'm' },
};

describe('parity with datadog-lambda-js 12.143.0', function () {
  this.timeout(60_000);
  let producers: Producer[];

  before(() => {
    producers = ddTraceProducers({
      producers: [...Array.from({ length: 30 }, () => ({})), { keep: false }],
    });
  });

  it('picks the same parent for every source', () => {
    const cases: Case[] = eventsForEverySource(producers).map(s => ({
      name: s.name,
      event: s.event,
      clientContext: s.clientContext,
    }));
    const results = compare(cases);
    for (const { name, ours, theirs } of results) {
      assert.ok(theirs, `${name}: datadog-lambda-js finds a parent`);
      if (name.startsWith('Step Functions started')) {
        // Same low 64 bits and parent; their `_dd.p.tid` is truncated
        // (reference §5.5, see the last test).
        assert.ok(ours);
        assert.deepStrictEqual(
          { ...ours, traceId: ours.traceId.slice(16) },
          { ...theirs, traceId: theirs.traceId.slice(16) },
          name
        );
        continue;
      }
      assert.deepStrictEqual(ours, theirs, name);
    }
  });

  it('picks the same parent in edge cases', () => {
    const [a, b, c, d] = producers.slice(20);
    const dropped = producers[30];
    const cases: Case[] = [
      { name: 'no context', event: { Records: [sqsRecord('m')] } },
      {
        name: 'record 0 without context, record 1 with',
        event: {
          Records: [
            sqsRecord('m0'),
            sqsRecord('m1', { attributes: sqsString(a.headers) }),
          ],
        },
      },
      {
        name: 'Datadog-encoded AWSTraceHeader',
        event: {
          Records: [
            sqsRecord('m', {
              awsTraceHeader:
                'Root=1-65f2f78c-0000000008addb5405b376c0;Parent=5abcb7ed643995c7;Sampled=1',
            }),
          ],
        },
      },
      {
        name: 'X-Ray AWSTraceHeader is not Datadog',
        event: {
          Records: [
            sqsRecord('m', {
              awsTraceHeader:
                'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
            }),
          ],
        },
      },
      {
        name: 'dropped by the producer',
        event: eventBridgeEvent({ _datadog: dropped.headers }),
      },
      {
        name: 'Datadog and W3C of different traces (Datadog wins)',
        event: albMultiValueEvent({
          'x-datadog-trace-id': [b.headers['x-datadog-trace-id']],
          'x-datadog-parent-id': [b.headers['x-datadog-parent-id']],
          'x-datadog-sampling-priority': ['1'],
          traceparent: [c.headers.traceparent],
        }),
      },
      {
        name: 'W3C span id wins within the same trace',
        event: httpApiEvent({
          ...datadogOnly(b.headers),
          traceparent: `00-${b.traceId}-${c.spanId}-01`,
        }),
      },
      {
        name: 'cached authorizer: request headers',
        event: restApiEvent(d.headers, {
          integrationLatency: 0,
          _datadog: base64(
            JSON.stringify({
              ...datadogOnly(a.headers),
              'x-datadog-authorizing-requestid': 'other',
            })
          ),
        }),
      },
      { name: 'Step Functions legacy', event: { ...SF_STATE } },
      {
        name: 'Step Functions legacy in Payload',
        event: { Payload: SF_STATE },
      },
      {
        name: 'Step Functions v1 root',
        event: {
          _datadog: {
            ...SF_STATE,
            'serverless-version': 'v1',
            RootExecutionId: 'arn:aws:states:sa-east-1:1:execution:m:root',
          },
        },
      },
      {
        name: 'Step Functions context in SNS',
        event: {
          Records: [
            snsRecord({
              _datadog: {
                Type: 'String',
                Value: JSON.stringify({
                  ...SF_STATE,
                  'serverless-version': 'v1',
                  RootExecutionId: SF_STATE.Execution.Id,
                }),
              },
            }),
          ],
        },
      },
      {
        name: 'Step Functions legacy, no upstream',
        event: stepFunctionsPayload(),
      },
      { name: 'scheduled event', event: eventBridgeEvent({}) },
      {
        name: 'S3 event',
        event: {
          Records: [{ eventSource: 'aws:s3', s3: { bucket: { name: 'b' } } }],
        },
      },
    ];
    for (const { name, ours, theirs } of compare(cases)) {
      assert.deepStrictEqual(ours, theirs, name);
    }
  });

  it('X-Ray: SNS Datadog-encoded fallback, and merging', () => {
    const datadogEncoded =
      'Root=1-66393a26-0000000017acacbad335fb99;Parent=12f5e70cc905dfb7;Sampled=1';
    const xray =
      'Root=1-5ce31dc2-2c779014b90ce44db5e03875;Parent=0b11cc4230d3e09e;Sampled=1';
    const snsEvent = { Records: [snsRecord({})] };
    const envs: Array<Record<string, string>> = [
      { _X_AMZN_TRACE_ID: datadogEncoded },
      { _X_AMZN_TRACE_ID: xray },
      { _X_AMZN_TRACE_ID: xray, DD_MERGE_XRAY_TRACES: 'true' },
    ];
    for (const env of envs) {
      for (const { name, ours, theirs } of compare(
        [
          { name: 'SNS without _datadog', event: snsEvent },
          { name: 'event without context', event: {} },
        ],
        env
      )) {
        assert.deepStrictEqual(
          ours,
          theirs,
          `${name} with ${JSON.stringify(env)}`
        );
      }
    }
  });

  it('Step Functions started by a traced service: same trace, but we keep _dd.p.tid as hex', () => {
    // Reference §5.5: datadog-lambda-js re-reads the hex tid as decimal and
    // truncates it. We use it as it is; the low 64 bits and parent agree.
    const producer = producers[25];
    const event = {
      _datadog: {
        ...SF_STATE,
        'serverless-version': 'v1',
        'x-datadog-trace-id': producer.headers['x-datadog-trace-id'],
        'x-datadog-tags': producer.headers['x-datadog-tags'],
      },
    };
    const [{ ours, theirs }] = compare([{ name: 'v1 Lambda root', event }]);
    assert.ok(ours && theirs);
    assert.strictEqual(ours.spanId, theirs.spanId);
    assert.strictEqual(ours.traceId.slice(16), theirs.traceId.slice(16));
    assert.strictEqual(ours.traceId, producer.traceId);
    assert.notStrictEqual(
      theirs.traceId.slice(0, 16),
      producer.traceId.slice(0, 16)
    );
  });
});
