/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// EMULATION of the Lambda Node.js runtime, for local runs: loads the
// handler named by _HANDLER from LAMBDA_TASK_ROOT (<module>.js, .mjs or
// .cjs; ES modules with import(), CommonJS with require(), as the runtime
// does), then invokes it once per event of the JSON array read from stdin
// and prints each outcome as a JSON line.

import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const handlerSetting = process.env._HANDLER;
const base = path.basename(handlerSetting);
const [moduleName, functionName] = base.split('.');
const file = ['.js', '.mjs', '.cjs']
  .map(extension =>
    path.resolve(
      process.env.LAMBDA_TASK_ROOT,
      handlerSetting.slice(0, handlerSetting.length - base.length),
      moduleName + extension
    )
  )
  .find(candidate => fs.existsSync(candidate));
const loaded = file.endsWith('.mjs')
  ? await import(pathToFileURL(file).href)
  : createRequire(import.meta.url)(file);
const handler = loaded[functionName];

let input = '';
for await (const chunk of process.stdin) input += chunk;
const events = JSON.parse(input);

for (const [index, event] of events.entries()) {
  const context = {
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
    memoryLimitInMB: '128',
    awsRequestId: `request-${index}`,
    getRemainingTimeInMillis: () => 30000,
  };
  try {
    const result = await handler(event, context);
    process.stdout.write(JSON.stringify({ type: 'result', result }) + '\n');
  } catch (error) {
    process.stdout.write(
      JSON.stringify({ type: 'error', error: String(error) }) + '\n'
    );
  }
}
