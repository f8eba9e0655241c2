/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Runs the bundles as Lambda would, with nothing but the bundle folder:
//   LAMBDA_TASK_ROOT=<folder>  _HANDLER=handler.handler
//   NODE_OPTIONS=--require <folder>/otel.js
// and invokes the handler once with an SQS event (stdin with `--event -`,
// else a message whose `_datadog` attribute is what dd-trace 6.21 writes).
// Prints the function's span and the handler's result as JSON.
//
//   node examples/lambda-esbuild/build.mjs
//   node examples/lambda-esbuild/invoke.js [--dir <bundle folder>] [--event -]

'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

function option(name, fallback) {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : process.argv[index + 1];
}

const SAMPLE_EVENT = {
  Records: [
    {
      messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
      receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...',
      body: JSON.stringify({ id: 'order-1' }),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1763679842000',
        SenderId: 'AIDAIENQZJOLO23YVJ4VO',
        ApproximateFirstReceiveTimestamp: '1763679842010',
      },
      messageAttributes: {
        _datadog: {
          stringValue: JSON.stringify({
            'x-datadog-trace-id': '3722547357635736308',
            'x-datadog-parent-id': '547798646659507243',
            'x-datadog-sampling-priority': '1',
            'x-datadog-tags': '_dd.p.tid=6b00cde100000000,_dd.p.dm=-0',
          }),
          stringListValues: [],
          binaryListValues: [],
          dataType: 'String',
        },
      },
      md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:orders',
      awsRegion: 'us-east-1',
    },
  ],
};

/** In the function's process: what the Lambda runtime does. */
async function invoke() {
  const event = JSON.parse(process.env.EXAMPLE_EVENT);
  const { handler } = require(
    path.join(process.env.LAMBDA_TASK_ROOT, 'handler.js')
  );
  const result = await handler(event, {
    functionName: 'orders-consumer',
    invokedFunctionArn:
      'arn:aws:lambda:us-east-1:123456789012:function:orders-consumer',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    getRemainingTimeInMillis: () => 30000,
  });
  process.stdout.write(JSON.stringify({ type: 'result', result }) + '\n');
}

function main() {
  const dir = path.resolve(option('--dir', path.join(__dirname, 'dist')));
  for (const file of ['handler.js', 'otel.js']) {
    if (!fs.existsSync(path.join(dir, file))) {
      throw new Error(
        `${path.join(dir, file)} is missing: run examples/lambda-esbuild/build.mjs`
      );
    }
  }
  const event =
    option('--event') === '-'
      ? fs.readFileSync(0, 'utf8')
      : JSON.stringify(SAMPLE_EVENT);
  // A copy of this file next to the bundles, so that the function's
  // process resolves modules from the bundle folder only.
  const runner = path.join(dir, '.invoke.js');
  fs.copyFileSync(module.filename, runner);
  const output = execFileSync(process.execPath, [runner, '--child'], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      LAMBDA_TASK_ROOT: dir,
      _HANDLER: 'handler.handler',
      NODE_OPTIONS: `--require ${path.join(dir, 'otel.js')}`,
      OTEL_DD_EXAMPLE_LOCAL: '1',
      EXAMPLE_EVENT: event,
    },
  });
  fs.rmSync(runner);
  const lines = output
    .split('\n')
    .filter(line => line.startsWith('{'))
    .map(line => JSON.parse(line));
  const span = lines.find(
    line => line.type === 'span' && line.name === 'orders-consumer'
  );
  const { result } = lines.find(line => line.type === 'result');
  process.stdout.write(JSON.stringify({ span, result }, null, 2) + '\n');
}

if (process.argv.includes('--child')) {
  invoke().catch(error => {
    process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  });
} else {
  main();
}
