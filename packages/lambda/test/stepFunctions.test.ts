/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import { trace } from '@opentelemetry/api';
import { hexIdToDecimal } from '@otel-dd/propagator-datadog';
import { createEventContextExtractor } from '../src/extractor';
import { findStepFunctionsState } from '../src/sources/stepFunctions';
import { HASH_HIGH, hashId } from '../src/sources/stepFunctionsIds';
import { ddProducer } from './helpers/ddTrace';
import {
  eventBridgeEvent,
  snsRecord,
  snsStringAttribute,
  sqsEvent,
  sqsRecord,
  sqsStringAttribute,
  stepFunctionsContext,
} from './helpers/events';

const extract = createEventContextExtractor({ env: {} });

/** Datadog ids of the parent picked for `event`. */
function ids(event: unknown) {
  const spanContext = trace.getSpanContext(extract(event));
  assert.ok(spanContext, 'a parent was found');
  return {
    trace: hexIdToDecimal(spanContext.traceId, 16),
    tid: spanContext.traceId.slice(0, 16),
    parent: hexIdToDecimal(spanContext.spanId),
    sampled: spanContext.traceFlags,
  };
}

// Test vectors of lambda-event-sources.md §5.4 (from datadog-lambda-js).
const EXPRESS_EXECUTION =
  'arn:aws:states:sa-east-1:425362996713:express:logs-to-traces-sequential:85a9933e-9e11-83dc-6a61-b92367b6c3be:3f7ef5c7-c8b8-4c88-90a1-d54aa7e7e2bf';
const expressState = {
  executionId: EXPRESS_EXECUTION,
  stateName: 'step-one',
  enteredTime: '2022-12-08T21:08:19.224Z',
  retryCount: 2,
};
const ACTIVITY_EXECUTION =
  'arn:aws:states:sa-east-1:425362996713:execution:abhinav-activity-state-machine:72a7ca3e-901c-41bb-b5a3-5f279b92a316';

describe('Step Functions', () => {
  it('hashes as Datadog does (raw vector)', () => {
    assert.strictEqual(
      hexIdToDecimal(hashId('some_testing_random_string', HASH_HIGH)),
      '4364271812988819936'
    );
  });

  it('legacy payload with a retry', () => {
    assert.deepStrictEqual(ids(stepFunctionsContext(expressState)), {
      trace: '1139193989631387307',
      tid: '1e3bc630afd0f64f',
      parent: '7747304477664363642',
      sampled: 1,
    });
  });

  it('legacy payload wrapped in Payload', () => {
    const event = { Payload: stepFunctionsContext(expressState) };
    assert.strictEqual(ids(event).parent, '7747304477664363642');
    assert.strictEqual(ids(event).trace, '1139193989631387307');
  });

  it('first attempt without suffix, then a redrive', () => {
    const state = {
      executionId: ACTIVITY_EXECUTION,
      stateName: 'Lambda Invoke',
      enteredTime: '2024-12-04T19:38:04.118Z',
    };
    assert.deepStrictEqual(ids(stepFunctionsContext(state)), {
      trace: '435175499815315247',
      tid: '3e7a89d1b7310603',
      parent: '3929055471293792800',
      sampled: 1,
    });
    assert.strictEqual(
      ids(stepFunctionsContext({ ...state, redriveCount: 1 })).parent,
      '8782364156266188026'
    );
  });

  it('v1 nested: the root execution gives the trace', () => {
    const event = {
      _datadog: {
        ...stepFunctionsContext(expressState),
        'serverless-version': 'v1',
        RootExecutionId:
          'arn:aws:states:sa-east-1:425362996713:express:logs-to-traces-sequential:a1b2c3d4-e5f6-7890-1234-56789abcdef0:9f8e7d6c-5b4a-3c2d-1e0f-123456789abc',
      },
    };
    assert.deepStrictEqual(ids(event), {
      trace: '8676990472248253142',
      tid: '7ec140962b2ef025',
      parent: '7747304477664363642',
      sampled: 1,
    });
  });

  it('v1 Lambda root: the upstream trace, its tid as hex', () => {
    const event = {
      _datadog: {
        ...stepFunctionsContext(expressState),
        'serverless-version': 'v1',
        'x-datadog-trace-id': '10593586103637578129',
        'x-datadog-tags': '_dd.p.dm=-0,_dd.p.tid=6734e7c300000000',
      },
    };
    assert.deepStrictEqual(ids(event), {
      trace: '10593586103637578129',
      tid: '6734e7c300000000',
      parent: '7747304477664363642',
      sampled: 1,
    });
  });

  it('v1 without a root or an upstream trace gives nothing', () => {
    const event = {
      _datadog: {
        ...stepFunctionsContext(expressState),
        'serverless-version': 'v1',
      },
    };
    assert.strictEqual(findStepFunctionsState(event), undefined);
  });

  it('legacy payload started by a dd-trace StartExecution', () => {
    const producer = ddProducer();
    const event = stepFunctionsContext({
      ...expressState,
      input: { order: 1, _datadog: producer.headers },
    });
    const result = ids(event);
    assert.strictEqual(
      result.tid + hexOf(result.trace as string),
      producer.traceId
    );
    assert.strictEqual(result.parent, '7747304477664363642');
  });

  it('context object published to SNS by a state machine (JSONata)', () => {
    const execution =
      'arn:aws:states:sa-east-1:123456123456:execution:rstrat-sfn-sns-demo-dev-state-machine:79049e80-5cc6-49da-9dc0-f19ba2921772';
    const context = {
      Execution: {
        Id: execution,
        Name: '79049e80',
        RoleArn: 'arn',
        StartTime: 'x',
      },
      State: {
        Name: 'PublishToSNS',
        EnteredTime: '2025-07-15T17:10:21.354Z',
        RetryCount: 0,
      },
      StateMachine: {
        Id: 'arn',
        Name: 'rstrat-sfn-sns-demo-dev-state-machine',
      },
      'serverless-version': 'v1',
      RootExecutionId: execution,
    };
    const expected = {
      trace: '3995810302240690842',
      parent: '8347071195300897803',
    };
    const sns = {
      Records: [snsRecord({ _datadog: snsStringAttribute(context as never) })],
    };
    const sqs = sqsEvent([
      sqsRecord({ messageAttributes: sqsStringAttribute(context as never) }),
    ]);
    const eventBridge = {
      ...eventBridgeEvent(),
      detail: { _datadog: context },
    };
    for (const event of [sns, sqs, eventBridge]) {
      const result = ids(event);
      assert.deepStrictEqual(
        { trace: result.trace, parent: result.parent },
        expected
      );
    }
  });

  it('reads counts given as strings and ignores unusable ones', () => {
    const event = stepFunctionsContext(expressState) as Record<string, any>;
    event.State.RetryCount = '2';
    assert.strictEqual(ids(event).parent, '7747304477664363642');
    event.State.RetryCount = { n: 2 };
    assert.strictEqual(findStepFunctionsState(event), undefined);
  });

  it('requires execution id, state name and entered time', () => {
    const event = stepFunctionsContext(expressState) as Record<string, any>;
    delete event.State.EnteredTime;
    assert.strictEqual(findStepFunctionsState(event), undefined);
    assert.strictEqual(findStepFunctionsState(null), undefined);
    assert.strictEqual(findStepFunctionsState({ _datadog: null }), undefined);
  });

  it('prefers Datadog headers in a carrier over a context object', () => {
    const producer = ddProducer();
    const carrier = {
      ...producer.headers,
      ...stepFunctionsContext(expressState),
    };
    const event = sqsEvent([
      sqsRecord({ messageAttributes: sqsStringAttribute(carrier as never) }),
    ]);
    assert.strictEqual(ids(event).parent, hexIdToDecimal(producer.spanId));
  });
});

function hexOf(decimal: string): string {
  return BigInt(decimal).toString(16).padStart(16, '0');
}
