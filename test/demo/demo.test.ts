/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Runs `npm run demo`'s script and checks its verdict independently from
// the spans it collected.

import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

interface DemoSpan {
  tracer: 'otel' | 'dd-trace';
  service: string;
  name: string;
  traceId: string;
  spanId: string;
  parentId?: string;
}

describe('npm run demo', function () {
  this.timeout(90_000);

  let result: {
    oneTrace: boolean;
    spans: DemoSpan[];
    response: { status: number };
  };
  let exitCode: number | null;

  before(() => {
    const run = spawnSync(
      process.execPath,
      [
        path.join(__dirname, '..', '..', '..', 'examples', 'demo', 'run.js'),
        '--json',
      ],
      { encoding: 'utf8', timeout: 80_000 }
    );
    exitCode = run.status;
    assert.ok(run.stdout, run.stderr);
    result = JSON.parse(run.stdout);
  });

  it('should answer the request through every hop', () => {
    assert.strictEqual(result.response.status, 200);
    assert.strictEqual(exitCode, 0);
  });

  it('should say one trace, and the spans agree', () => {
    assert.strictEqual(result.oneTrace, true);
    const traceIds = new Set(result.spans.map(s => s.traceId));
    assert.strictEqual(traceIds.size, 1);
    const [traceId] = traceIds;
    assert.notStrictEqual(
      traceId.slice(0, 16),
      '0'.repeat(16),
      '128-bit id kept'
    );
  });

  it('should chain frontend -> orders -> Lambda -> billing through parents', () => {
    const byId = new Map(result.spans.map(s => [s.spanId, s]));
    const ancestry = (span: DemoSpan): string[] => {
      const services: string[] = [];
      for (
        let s: DemoSpan | undefined = span;
        s;
        s = s.parentId ? byId.get(s.parentId) : undefined
      ) {
        if (services[services.length - 1] !== s.service)
          services.push(s.service);
      }
      return services.reverse();
    };
    const billing = result.spans.find(
      s => s.service === 'billing' && s.tracer === 'dd-trace'
    );
    assert.ok(billing, 'billing span');
    assert.deepStrictEqual(ancestry(billing), [
      'frontend',
      'orders',
      'orders-consumer',
      'billing',
    ]);
    const invocation = result.spans.find(s => s.name === 'orders-consumer');
    assert.strictEqual(byId.get(invocation!.parentId!)?.name, 'orders publish');
  });
});
