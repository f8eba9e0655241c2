/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Runs handler.mjs locally under the emulated OpenTelemetry Lambda layer
// with otel-dd-layer.js (local/run.js), on an SQS event shaped as Lambda
// delivers it: two messages whose `_datadog` attributes are what dd-trace
// 6.21 writes on SendMessage. A local "orders service" records the headers
// the function sends. Prints the function's span and those headers.
//
//   node examples/lambda-layer/invoke.js

'use strict';

const { spawn } = require('node:child_process');
const http = require('node:http');
const path = require('node:path');

const QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:orders';

function message(id, order, datadog) {
  return {
    messageId: id,
    receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...',
    body: JSON.stringify(order),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1763679842000',
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: '1763679842010',
    },
    messageAttributes: {
      _datadog: {
        stringValue: JSON.stringify(datadog),
        stringListValues: [],
        binaryListValues: [],
        dataType: 'String',
      },
    },
    md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
    eventSource: 'aws:sqs',
    eventSourceARN: QUEUE_ARN,
    awsRegion: 'us-east-1',
  };
}

const event = {
  Records: [
    message(
      '059f36b4-87a3-44ab-83d2-661975830a7d',
      { id: 'order-1' },
      {
        'x-datadog-trace-id': '3722547357635736308',
        'x-datadog-parent-id': '547798646659507243',
        'x-datadog-sampling-priority': '1',
        'x-datadog-tags': '_dd.p.tid=6b00cde100000000,_dd.p.dm=-0',
        traceparent: '00-6b00cde10000000033a925194f7272f4-079a2bf77e94642b-01',
        tracestate:
          'dd=t.dm:-0;t.tid:6b00cde100000000;s:1;p:079a2bf77e94642b,ot=rv:ce72a356ba7af0;th:0',
      }
    ),
    message(
      '2e1424d4-f796-459a-8184-9c92662be6da',
      { id: 'order-2' },
      {
        'x-datadog-trace-id': '1152916710861768665',
        'x-datadog-parent-id': '696201047659631283',
        'x-datadog-sampling-priority': '1',
        'x-datadog-tags': '_dd.p.tid=6b00cde100000000,_dd.p.dm=-0',
        traceparent: '00-6b00cde1000000000ffffba3de8707d9-09a9672a0a01d2b3-01',
        tracestate:
          'dd=t.dm:-0;t.tid:6b00cde100000000;s:1;p:09a9672a0a01d2b3,ot=rv:089d95bdf56e1d;th:0',
      }
    ),
  ],
};

/** The orders service the function posts to: records what it receives. */
const received = [];
const ordersService = http.createServer((request, response) => {
  received.push(request.headers);
  request.resume();
  request.on('end', () => response.end('ok'));
});

ordersService.listen(0, '127.0.0.1', () => {
  const { port } = ordersService.address();
  const child = spawn(
    process.execPath,
    [path.join(__dirname, 'local', 'run.js')],
    {
      env: {
        PATH: process.env.PATH,
        ORDERS_URL: `http://127.0.0.1:${port}/orders`,
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    }
  );
  let output = '';
  child.stdout.setEncoding('utf8').on('data', chunk => (output += chunk));
  child.stdin.end(JSON.stringify([event]));
  child.on('exit', code => {
    ordersService.close();
    const lines = output
      .split('\n')
      .filter(line => line.startsWith('{'))
      .map(line => JSON.parse(line));
    const span = lines.find(
      line => line.type === 'span' && line.name === 'orders-consumer'
    );
    const result = lines.find(line => line.type !== 'span');
    process.stdout.write(
      JSON.stringify(
        {
          result,
          span: span && {
            name: span.name,
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId,
            links: span.links.map(link => ({
              traceId: link.traceId,
              spanId: link.spanId,
            })),
          },
          ordersServiceReceived: received.map(headers => ({
            'x-datadog-trace-id': headers['x-datadog-trace-id'],
            'x-datadog-parent-id': headers['x-datadog-parent-id'],
            'x-datadog-sampling-priority':
              headers['x-datadog-sampling-priority'],
            'x-datadog-tags': headers['x-datadog-tags'],
            traceparent: headers.traceparent,
            tracestate: headers.tracestate,
          })),
        },
        null,
        2
      ) + '\n'
    );
    process.exitCode = code ?? 1;
  });
});
