/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// examples/lambda-esbuild: the function bundled with esbuild (the handler,
// and the tracing set-up loaded with --require) runs from a folder holding
// only the bundles, and continues the trace of a real dd-trace sender.

import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hexIdToDecimal } from '@otel-dd/propagator-datadog';
import { sqsRecord, sqsString } from './events';
import { ddTraceProducers } from './workers';

const EXAMPLE = path.resolve(__dirname, '../../../examples/lambda-esbuild');

describe('examples/lambda-esbuild', function () {
  this.timeout(60_000);

  let bundles: string;
  before(() => {
    // Outside the repository: nothing but the bundles can be loaded there.
    bundles = fs.mkdtempSync(path.join(os.tmpdir(), 'otel-dd-esbuild-'));
    execFileSync(
      process.execPath,
      [path.join(EXAMPLE, 'build.mjs'), '--outdir', bundles],
      { encoding: 'utf8' }
    );
  });
  after(() => fs.rmSync(bundles, { recursive: true, force: true }));

  it('build.mjs writes the two bundles', () => {
    assert.deepStrictEqual(fs.readdirSync(bundles).sort(), [
      'handler.js',
      'otel.js',
    ]);
  });

  it('the bundled function is the child of the dd-trace sender of its SQS event', () => {
    const [producer] = ddTraceProducers({ producers: [{}] });
    const event = {
      Records: [
        sqsRecord('m0', {
          body: '{"id":"order-1"}',
          attributes: sqsString(producer.headers),
        }),
      ],
    };
    const output = execFileSync(
      process.execPath,
      [path.join(EXAMPLE, 'invoke.js'), '--dir', bundles, '--event', '-'],
      {
        encoding: 'utf8',
        input: JSON.stringify(event),
        env: { PATH: process.env.PATH ?? '' },
      }
    );
    const { span, result } = JSON.parse(output);
    assert.strictEqual(span.traceId, producer.traceId);
    assert.strictEqual(span.parentSpanId, producer.spanId);
    // The handler ran in that span, and sends its context on.
    assert.strictEqual(result.traceId, producer.traceId);
    assert.strictEqual(result.spanId, span.spanId);
    const [sent] = result.sent;
    const datadog = JSON.parse(sent.MessageAttributes._datadog.StringValue);
    assert.strictEqual(
      datadog['x-datadog-trace-id'],
      producer.headers['x-datadog-trace-id']
    );
    assert.strictEqual(
      datadog['x-datadog-parent-id'],
      hexIdToDecimal(span.spanId)
    );
  });
});
