/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type {
  DatadogLambdaParent,
  DatadogLambdaRequest,
} from './datadogLambdaWorker';
import type { Producer, ProducerRequest } from './ddProducerWorker';
import type { LambdaRunRequest, LambdaRunResult } from './lambdaRunner';

/** The directory holding the function's files (LAMBDA_TASK_ROOT). */
export const TASK_ROOT = path.resolve(__dirname, '../task');

function run(
  script: string,
  input: unknown,
  env: Record<string, string>,
  nodeArgs: string[] = []
): unknown {
  const output = execFileSync(
    process.execPath,
    [...nodeArgs, path.join(__dirname, script)],
    {
      input: JSON.stringify(input),
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 60_000,
    }
  );
  return JSON.parse(output);
}

/** Producers made by real dd-trace. */
export function ddTraceProducers(request: ProducerRequest): Producer[] {
  return run('ddProducerWorker.js', request, {}) as Producer[];
}

/** The parents datadog-lambda-js picks, in a process configured by `env`. */
export function datadogLambdaParents(
  request: DatadogLambdaRequest,
  env: Record<string, string> = {}
): Array<DatadogLambdaParent | null> {
  return run(
    'datadogLambdaWorker.js',
    request,
    env
  ) as Array<DatadogLambdaParent | null>;
}

/**
 * Invokes the instrumented function once per event. `nodeArgs` go to the
 * function's Node.js process (e.g. an ESM loader hook).
 */
export function runLambda(
  request: LambdaRunRequest,
  env: Record<string, string> = {},
  nodeArgs: string[] = []
): LambdaRunResult[] {
  return run(
    'lambdaRunner.js',
    request,
    {
      LAMBDA_TASK_ROOT: TASK_ROOT,
      _HANDLER: 'handler.handler',
      ...env,
    },
    nodeArgs
  ) as LambdaRunResult[];
}
