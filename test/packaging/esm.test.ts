/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The packages as applications load them: by name, through their `exports`
// maps, with `import` (ES modules) and `require` (CommonJS). The ES module
// entry points re-export the one CommonJS implementation, so both give the
// very same objects and module state (no dual-package hazard). Node.js
// ignores the `module` condition listed first in each entry: the ES module
// build it points to is for bundlers (bundle.test.ts). Runs in both CI
// jobs; in the compat job the packages are the packed tarballs.

import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
} from '@opentelemetry/api';

const PACKAGES = [
  '@otel-dd/propagator-datadog',
  '@otel-dd/propagator-composite',
  '@otel-dd/lambda',
  '@otel-dd/cli',
];

describe('ES module and CommonJS entry points', () => {
  for (const name of PACKAGES) {
    it(`${name}: import gives the same exports as require`, async () => {
      const imported = (await import(name)) as Record<string, unknown>;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const required = require(name) as Record<string, unknown>;
      // The CommonJS build, not the bundlers' ES module build.
      assert.match(require.resolve(name), /build[\\/]src[\\/]index\.js$/);
      // Our wrapper, not Node.js's CommonJS interop (which adds `default`).
      assert.ok(!('default' in imported), 'no default export');
      assert.deepStrictEqual(
        Object.keys(imported).sort(),
        Object.keys(required).sort(),
        'stale ES module wrappers? `npm run build` writes them after tsc'
      );
      for (const key of Object.keys(required)) {
        assert.strictEqual(imported[key], required[key], key);
      }
    });
  }

  it('static named imports work in Node.js ES modules', () => {
    const source = [
      "import { DatadogPropagator } from '@otel-dd/propagator-datadog';",
      "import { DatadogCompositePropagator } from '@otel-dd/propagator-composite';",
      "import { datadogEventContextExtractor } from '@otel-dd/lambda';",
      "import { describeId } from '@otel-dd/cli';",
      'console.log(JSON.stringify([',
      '  new DatadogPropagator().fields(),',
      '  new DatadogCompositePropagator().fields().length > 0,',
      '  typeof datadogEventContextExtractor,',
      '  typeof describeId,',
      ']));',
    ].join('\n');
    const output = execFileSync(
      process.execPath,
      ['--input-type=module', '--eval', source],
      { cwd: __dirname, encoding: 'utf8' }
    );
    assert.deepStrictEqual(JSON.parse(output), [
      [
        'x-datadog-trace-id',
        'x-datadog-parent-id',
        'x-datadog-sampling-priority',
        'x-datadog-origin',
        'x-datadog-tags',
      ],
      true,
      'function',
      'function',
    ]);
  });

  it('module state is shared: what import extracts, require injects exactly', async () => {
    const esm = await import('@otel-dd/propagator-datadog');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cjs = require('@otel-dd/propagator-datadog') as typeof esm;
    // An origin the `dd` tracestate member cannot hold as is: its exact
    // value lives in the module's WeakMap, keyed by the trace state.
    const headers = {
      'x-datadog-trace-id': '123',
      'x-datadog-parent-id': '456',
      'x-datadog-sampling-priority': '1',
      'x-datadog-origin': 'syn=th;et,ic~s',
    };
    const context = new esm.DatadogPropagator().extract(
      ROOT_CONTEXT,
      headers,
      defaultTextMapGetter
    );
    const out: Record<string, string> = {};
    new cjs.DatadogPropagator().inject(context, out, defaultTextMapSetter);
    assert.strictEqual(out['x-datadog-origin'], 'syn=th;et,ic~s');
  });
});
