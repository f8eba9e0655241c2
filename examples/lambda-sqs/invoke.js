'use strict';

// Invokes the instrumented handler locally with an SQS event shaped as
// Lambda delivers it. The `_datadog` attributes are what dd-trace 6.21
// writes on SendMessage (two messages sent by two dd-trace services).
// Prints the function's span as JSON.

const path = require('node:path');

process.env.LAMBDA_TASK_ROOT = __dirname;
process.env._HANDLER = 'handler.handler';
process.env.EXAMPLE_LOCAL = '1';

const { exporter } = require('./otel');
// Loaded after otel.js, as the Lambda runtime does with NODE_OPTIONS.
const { handler } = require(path.join(__dirname, 'handler'));

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
    md5OfMessageAttributes: '00484c68b4b5bd7a4ebf2fb2c5c4c7a0',
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

const context = {
  functionName: 'orders-consumer',
  functionVersion: '$LATEST',
  invokedFunctionArn:
    'arn:aws:lambda:us-east-1:123456789012:function:orders-consumer',
  memoryLimitInMB: '128',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  logGroupName: '/aws/lambda/orders-consumer',
  logStreamName: '2026/11/20/[$LATEST]abc',
  getRemainingTimeInMillis: () => 30000,
};

handler(event, context).then(
  result => {
    const span = exporter
      .getFinishedSpans()
      .find(s => s.name === context.functionName);
    process.stdout.write(
      JSON.stringify(
        {
          result,
          span: {
            name: span.name,
            traceId: span.spanContext().traceId,
            spanId: span.spanContext().spanId,
            parentSpanId: span.parentSpanContext?.spanId,
            links: span.links.map(link => ({
              traceId: link.context.traceId,
              spanId: link.context.spanId,
              attributes: link.attributes,
            })),
          },
        },
        null,
        2
      ) + '\n'
    );
  },
  error => {
    process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  }
);
