/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { WorkerRequest, WorkerResponse } from './ddTraceWorker';

/**
 * Sends one batch of requests to a fresh dd-trace process configured by
 * `env` (added to a clean environment) and returns its answers.
 */
export function askDdTrace(
  request: WorkerRequest,
  env: Record<string, string> = {}
): WorkerResponse {
  const output = execFileSync(
    process.execPath,
    [path.join(__dirname, 'ddTraceWorker.js')],
    {
      input: JSON.stringify(request),
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 60_000,
    }
  );
  return JSON.parse(output) as WorkerResponse;
}
