/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const EXAMPLE = path.resolve(__dirname, '../../../examples/lambda-sqs');

/** OTel trace id and span id of a `_datadog` header map (decimal ids). */
function otelIds(datadog: { traceId: string; parentId: string; tid: string }) {
  return {
    traceId:
      datadog.tid + BigInt(datadog.traceId).toString(16).padStart(16, '0'),
    spanId: BigInt(datadog.parentId).toString(16).padStart(16, '0'),
  };
}

describe('examples/lambda-sqs', function () {
  this.timeout(60_000);

  it('invoke.js runs the instrumented handler as the dd-trace sender`s child', () => {
    const output = execFileSync(
      process.execPath,
      [path.join(EXAMPLE, 'invoke.js')],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '' },
        timeout: 60_000,
      }
    );
    const { result, span } = JSON.parse(output);
    assert.deepStrictEqual(result.processed, ['order-1', 'order-2']);
    // The `_datadog` attributes invoke.js puts on the two messages.
    const first = otelIds({
      traceId: '3722547357635736308',
      parentId: '547798646659507243',
      tid: '6b00cde100000000',
    });
    const second = otelIds({
      traceId: '1152916710861768665',
      parentId: '696201047659631283',
      tid: '6b00cde100000000',
    });
    assert.strictEqual(span.name, 'orders-consumer');
    assert.strictEqual(span.traceId, first.traceId);
    assert.strictEqual(span.parentSpanId, first.spanId);
    assert.deepStrictEqual(
      span.links.map((l: { traceId: string; spanId: string }) => ({
        traceId: l.traceId,
        spanId: l.spanId,
      })),
      [second]
    );
  });
});
