/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// An OpenTelemetry HTTP service. For each order it "sends an SQS message":
// the SendMessage input gets the trace context from @otel-dd/lambda's inject
// helper, and the message is delivered to the Lambda runtime as the SQS
// event Lambda would build from it.

'use strict';

const { startTracing } = require('./otelTracing');
startTracing('orders');

const { context, trace, SpanKind } = require('@opentelemetry/api');
const { suppressTracing } = require('@opentelemetry/core');
const { injectSqsSendMessage } = require('@otel-dd/lambda');
const http = require('node:http');

const lambdaUrl = process.env.LAMBDA_URL;
const tracer = trace.getTracer('orders');
const QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:orders';

/** The SQS event record Lambda delivers for a SendMessage input. */
function toSqsEvent(input) {
  const messageAttributes = {};
  for (const [name, value] of Object.entries(input.MessageAttributes ?? {})) {
    messageAttributes[name] = {
      stringValue: value.StringValue,
      stringListValues: [],
      binaryListValues: [],
      dataType: value.DataType,
    };
  }
  return {
    Records: [
      {
        messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
        receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a',
        body: input.MessageBody,
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(Date.now()),
        },
        messageAttributes,
        md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
        eventSource: 'aws:sqs',
        eventSourceARN: QUEUE_ARN,
        awsRegion: 'us-east-1',
      },
    ],
  };
}

/** Delivery is the queue's job, not a traced call: tracing is suppressed. */
function deliver(event) {
  return new Promise((resolve, reject) => {
    context.with(suppressTracing(context.active()), () => {
      const request = http.request(lambdaUrl, { method: 'POST' }, response => {
        let body = '';
        response.on('data', chunk => (body += chunk));
        response.on('end', () => resolve(body));
      });
      request.on('error', reject);
      request.end(JSON.stringify(event));
    });
  });
}

const server = http.createServer((request, response) => {
  const span = tracer.startSpan('orders publish', { kind: SpanKind.PRODUCER });
  context.with(trace.setSpan(context.active(), span), async () => {
    try {
      const input = injectSqsSendMessage({
        QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/orders',
        MessageBody: JSON.stringify({ id: 'order-1', path: request.url }),
      });
      const result = await deliver(toSqsEvent(input));
      response.setHeader('content-type', 'application/json');
      response.end(result);
    } catch (error) {
      response.statusCode = 502;
      response.end(String(error));
    } finally {
      span.end();
    }
  });
});

server.listen(0, '127.0.0.1', () => {
  process.stderr.write(`READY http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
