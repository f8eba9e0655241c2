/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Whatever the event, the extractor and the request hook return normally:
// the Lambda instrumentation fails the invocation when an extractor throws.

import * as assert from 'node:assert';
import { isSpanContextValid, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import * as fc from 'fast-check';
import { createEventContextExtractor } from '../src/extractor';
import { createRequestHook } from '../src/links/requestHook';
import { base64 } from './helpers/events';
import { withSdkSpan } from './helpers/sdk';
import { fuzz } from '@otel-dd/hostile-support';

const extract = createEventContextExtractor({
  env: { DD_MERGE_XRAY_TRACES: 'true', _X_AMZN_TRACE_ID: 'Root=1-a' },
});
const hook = createRequestHook({ env: {} });

/** Header maps with Datadog and W3C names and arbitrary values. */
const headerMap = fc.dictionary(
  fc.constantFrom(
    'x-datadog-trace-id',
    'x-datadog-parent-id',
    'x-datadog-sampling-priority',
    'x-datadog-tags',
    'x-datadog-origin',
    'traceparent',
    'tracestate',
    'baggage',
    '__proto__',
    'constructor'
  ),
  fc.oneof(fc.string(), fc.stringMatching(/^[0-9]{1,20}$/), fc.anything())
);

/** Events shaped like every source, with arbitrary carriers. */
const event = fc.oneof(
  fc.anything(),
  headerMap.map(h => ({ headers: h })),
  headerMap.map(h => ({ multiValueHeaders: { X: [h] }, headers: null })),
  fc
    .array(
      fc.oneof(
        headerMap.map(h => ({
          eventSource: 'aws:sqs',
          messageAttributes: { _datadog: { stringValue: JSON.stringify(h) } },
        })),
        fc.string().map(s => ({ eventSource: 'aws:sqs', body: s })),
        headerMap.map(h => ({
          eventSource: 'aws:sqs',
          body: JSON.stringify({
            Type: 'Notification',
            TopicArn: 'a',
            MessageAttributes: {
              _datadog: { Type: 'Binary', Value: base64(JSON.stringify(h)) },
            },
          }),
        })),
        headerMap.map(h => ({
          Sns: {
            MessageAttributes: {
              _datadog: { Type: 'String', Value: JSON.stringify(h) },
            },
          },
        })),
        headerMap.map(h => ({
          kinesis: { data: base64(JSON.stringify({ _datadog: h })) },
        })),
        fc.anything().map(a => ({
          dynamodb: { Keys: a },
          eventName: 'INSERT',
          eventSourceARN: 'arn:aws:dynamodb:r:1:table/t/stream/x',
        })),
        fc.anything().map(a => ({ s3: a, eventName: 'ObjectCreated:Put' })),
        fc.anything()
      ),
      { maxLength: 4 }
    )
    .map(records => ({ Records: records })),
  headerMap.map(h => ({ 'detail-type': 'x', detail: { _datadog: h } })),
  fc.record({
    Execution: fc.record({ Id: fc.string(), RedriveCount: fc.anything() }),
    State: fc.record({
      Name: fc.string(),
      EnteredTime: fc.string(),
      RetryCount: fc.anything(),
    }),
    'serverless-version': fc.constantFrom('v1', undefined),
    RootExecutionId: fc.option(fc.string()),
  }),
  fc.anything().map(a => ({
    DurableExecutionArn: 'arn',
    InitialExecutionState: {
      Operations: [{ Name: '_datadog_1', Payload: a }],
    },
  }))
);

describe('robustness (property based)', () => {
  it('the extractor returns ROOT_CONTEXT or a valid remote parent', () => {
    fc.assert(
      fc.property(event, fc.anything(), (e, lambdaContext) => {
        const context = extract(e, lambdaContext as never);
        const spanContext = trace.getSpanContext(context);
        assert.ok(
          context === ROOT_CONTEXT ||
            (spanContext !== undefined &&
              isSpanContextValid(spanContext) &&
              spanContext.isRemote)
        );
      }),
      fuzz(20 / 3)
    );
  });

  it('the request hook never throws', () => {
    fc.assert(
      fc.property(event, e => {
        withSdkSpan(span => hook(span, { event: e, context: {} }));
      }),
      fuzz(5 / 3)
    );
  });
});
