/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Our log fields for a span must be what dd-trace's own log injection writes
// for a span with the same ids and settings.

import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { trace } from '@opentelemetry/api';
import {
  createDatadogLogContext,
  decimalIdToHex,
} from '@otel-dd/propagator-datadog';

interface LogRun {
  spans: Array<{ traceId: string; spanId: string }>;
  lines: Array<{ dd?: Record<string, string> }>;
}

function ddTraceLogs(env: Record<string, string>): LogRun {
  const output = execFileSync(
    process.execPath,
    [path.join(__dirname, 'ddTraceLogWorker.js')],
    {
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    }
  );
  return JSON.parse(output) as LogRun;
}

describe('log correlation against dd-trace log injection', function () {
  this.timeout(60_000);

  const settings: Array<[string, Record<string, string>]> = [
    [
      'defaults (128-bit ids in hex)',
      { DD_SERVICE: 'checkout', DD_ENV: 'prod', DD_VERSION: '1.0.0' },
    ],
    [
      '128-bit logging off (decimal ids)',
      {
        DD_SERVICE: 'checkout',
        DD_TRACE_128_BIT_TRACEID_LOGGING_ENABLED: 'false',
      },
    ],
  ];

  for (const [name, env] of settings) {
    it(`should write the same dd object with pino and winston: ${name}`, () => {
      const run = ddTraceLogs(env);
      assert.strictEqual(run.lines.length, 2);
      const logContext = createDatadogLogContext({ environment: env });
      run.spans.forEach((span, index) => {
        const ours = logContext(
          trace.wrapSpanContext({
            traceId: span.traceId,
            spanId: decimalIdToHex(span.spanId)!,
            traceFlags: 1,
          })
        );
        assert.ok(run.lines[index].dd, 'dd-trace injected dd');
        assert.deepStrictEqual(ours, run.lines[index].dd);
      });
    });
  }
});
