/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// A local stand-in for the Lambda runtime: the real
// @opentelemetry/instrumentation-aws-lambda wraps demoHandler.js (found
// through LAMBDA_TASK_ROOT and _HANDLER, as on Lambda) with otel-dd's event
// context extractor; each POSTed event is one invocation.

'use strict';

process.env.LAMBDA_TASK_ROOT = __dirname;
process.env._HANDLER = 'demoHandler.handler';
process.env.AWS_LAMBDA_FUNCTION_NAME = 'orders-consumer';

const {
  AwsLambdaInstrumentation,
} = require('@opentelemetry/instrumentation-aws-lambda');
const {
  datadogEventContextExtractor,
  datadogRequestHook,
} = require('@otel-dd/lambda');
const { startTracing } = require('./otelTracing');

startTracing(
  'orders-consumer',
  [
    new AwsLambdaInstrumentation({
      eventContextExtractor: datadogEventContextExtractor,
      requestHook: datadogRequestHook,
    }),
  ],
  // The runtime's own event delivery is not part of the application.
  { ignoreIncomingRequestHook: () => true }
);

const http = require('node:http');
const path = require('node:path');
const { handler } = require(path.join(__dirname, 'demoHandler'));

let invocation = 0;
const server = http.createServer((request, response) => {
  let body = '';
  request.on('data', chunk => (body += chunk));
  request.on('end', async () => {
    invocation++;
    const lambdaContext = {
      functionName: 'orders-consumer',
      functionVersion: '$LATEST',
      invokedFunctionArn:
        'arn:aws:lambda:us-east-1:123456789012:function:orders-consumer',
      memoryLimitInMB: '128',
      awsRequestId: `c6af9ac6-7b61-11e6-9a41-${String(invocation).padStart(12, '0')}`,
      logGroupName: '/aws/lambda/orders-consumer',
      logStreamName: '2026/11/20/[$LATEST]demo',
      getRemainingTimeInMillis: () => 30000,
    };
    try {
      const result = await handler(JSON.parse(body), lambdaContext);
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(result));
    } catch (error) {
      response.statusCode = 500;
      response.end(String(error));
    }
  });
});

server.listen(0, '127.0.0.1', () => {
  process.stderr.write(`READY http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
