/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// An ES module handler (.mjs) wrapped by the real Lambda instrumentation
// through the OpenTelemetry ESM loader hook (import-in-the-middle): with
// instrumentation-aws-lambda 0.75 on Node.js 20 (`npm test`) and 0.76 on
// Node.js 22 (`npm run test:compat`). The handler also imports
// @otel-dd/lambda through the package's ESM entry point.

import * as assert from 'node:assert';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { hexIdToDecimal } from '@otel-dd/propagator-datadog';
import { sqsRecord, sqsString } from './events';
import type { Producer } from './ddProducerWorker';
import type { LambdaRunResult } from './lambdaRunner';
import { TASK_ROOT, ddTraceProducers, runLambda } from './workers';

interface EsmResult {
  ran: boolean;
  traceId?: string;
  spanId?: string;
  moduleType: string;
  outgoing: Record<string, string>;
}

const REGISTER_HOOK = pathToFileURL(path.join(TASK_ROOT, 'registerHook.mjs'));
// The hook the instrumentation documents, resolved from the function's
// folder like the runtime would.
const HOOK = pathToFileURL(
  require.resolve('@opentelemetry/instrumentation/hook.mjs', {
    paths: [TASK_ROOT],
  })
);

const ESM_HANDLER = { _HANDLER: 'esmHandler.handler' };

function invocationSpan(run: LambdaRunResult) {
  const span = run.spans.find(s => s.kind === 'SERVER');
  assert.ok(span, `an invocation span: ${JSON.stringify(run)}`);
  return span;
}

describe('an ES module handler (.mjs) through the ESM loader hook', function () {
  this.timeout(60_000);

  let producer: Producer;
  let event: unknown;

  before(() => {
    [producer] = ddTraceProducers({ producers: [{}] });
    event = {
      Records: [sqsRecord('m0', { attributes: sqsString(producer.headers) })],
    };
  });

  for (const [name, nodeArgs] of [
    ['module.register() (node --import)', ['--import', REGISTER_HOOK.href]],
    [
      '--experimental-loader',
      ['--no-warnings', `--experimental-loader=${HOOK.href}`],
    ],
  ] as const) {
    it(`${name}: the invocation is the child of the dd-trace producer`, () => {
      const [run] = runLambda({ invocations: [{ event }] }, ESM_HANDLER, [
        ...nodeArgs,
      ]);
      assert.strictEqual(run.error, undefined);
      const result = run.result as unknown as EsmResult;
      assert.strictEqual(result.moduleType, 'module');
      const span = invocationSpan(run);
      assert.strictEqual(span.traceId, producer.traceId);
      assert.strictEqual(span.parentSpanId, producer.spanId);
      assert.strictEqual(span.attributes['faas.trigger'], 'pubsub');
      // The handler ran inside the invocation span...
      assert.strictEqual(result.traceId, producer.traceId);
      assert.strictEqual(result.spanId, span.spanId);
      // ...and the package's ESM entry point sees the context the extractor
      // made (one copy of the package: Datadog state intact).
      assert.strictEqual(
        result.outgoing['x-datadog-trace-id'],
        producer.headers['x-datadog-trace-id']
      );
      assert.strictEqual(
        result.outgoing['x-datadog-parent-id'],
        hexIdToDecimal(span.spanId)
      );
      assert.strictEqual(
        result.outgoing['x-datadog-sampling-priority'],
        producer.headers['x-datadog-sampling-priority']
      );
      assert.match(
        result.outgoing['x-datadog-tags'],
        new RegExp(`_dd\\.p\\.tid=${producer.traceId.slice(0, 16)}`)
      );
    });
  }

  it('without the hook the handler runs, silently not instrumented', () => {
    const [run] = runLambda({ invocations: [{ event }] }, ESM_HANDLER);
    const result = run.result as unknown as EsmResult;
    assert.strictEqual(result.ran, true);
    assert.strictEqual(result.traceId, undefined);
    assert.deepStrictEqual(run.spans, []);
  });
});
