/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// An SQS consumer, bundled into dist/handler.js: forwards each order to the
// next queue with the trace context where Datadog consumers read it. (To
// stay self-contained the example's "SQS client" records the commands it
// would send; use @aws-sdk/client-sqs's SendMessageCommand in real life.)

'use strict';

const { trace } = require('@opentelemetry/api');
const { injectSqsSendMessage } = require('@otel-dd/lambda');

const sent = [];
const sqs = { send: async input => void sent.push(input) };

exports.handler = async event => {
  sent.length = 0;
  for (const record of event.Records) {
    await sqs.send(
      injectSqsSendMessage({
        QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/shipping',
        MessageBody: record.body,
      })
    );
  }
  const spanContext = trace.getActiveSpan()?.spanContext();
  return {
    batchItemFailures: [],
    traceId: spanContext?.traceId,
    spanId: spanContext?.spanId,
    sent,
  };
};
