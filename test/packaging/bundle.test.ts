/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The packages as bundlers see them: by name, through the `module`
// condition of their `exports` maps, which sends esbuild (and webpack,
// rollup) to the ES module build, build/module, for `import` and `require`
// alike, so that a bundle tree-shakes them and holds one copy. Node.js
// ignores `module` (esm.test.ts checks it keeps the single CommonJS copy).
// Runs in both CI jobs; in the compat job the packages are the packed
// tarballs.

import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { trace, type Context } from '@opentelemetry/api';
import * as esbuild from 'esbuild';

const PACKAGES = [
  '@otel-dd/propagator-datadog',
  '@otel-dd/propagator-composite',
  '@otel-dd/lambda',
  '@otel-dd/cli',
];

/** An SQS event whose message carries a dd-trace context in `_datadog`. */
const SQS_EVENT = {
  Records: [
    {
      messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
      body: 'hello',
      attributes: {},
      messageAttributes: {
        _datadog: {
          dataType: 'String',
          stringValue: JSON.stringify({
            'x-datadog-trace-id': '3722547357635736308',
            'x-datadog-parent-id': '547798646659507243',
            'x-datadog-sampling-priority': '1',
            'x-datadog-tags': '_dd.p.tid=6b00cde100000000,_dd.p.dm=-0',
          }),
        },
      },
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:orders',
    },
  ],
};

/** Bundles `contents` as a user's bundler does, with esbuild's defaults. */
function bundle(contents: string, format: esbuild.Format = 'cjs') {
  const result = esbuild.buildSync({
    stdin: { contents, resolveDir: __dirname },
    bundle: true,
    platform: 'node',
    format,
    external: ['@opentelemetry/api'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const [output] = Object.values(result.metafile.outputs);
  return {
    code: result.outputFiles[0].text,
    /** Every file esbuild read, whether or not any of it was kept. */
    inputs: Object.keys(result.metafile.inputs).filter(
      file => file !== '<stdin>'
    ),
    /** The files with code in the bundle. */
    bundled: Object.entries(output.inputs)
      .filter(
        ([file, { bytesInOutput }]) => file !== '<stdin>' && bytesInOutput > 0
      )
      .map(([file]) => file),
  };
}

/** The package (`@otel-dd/x`) and build folder of a bundled file. */
function origin(file: string): { pkg: string; folder: string } | undefined {
  const match =
    /(?:@otel-dd|packages)\/(propagator-datadog|propagator-composite|lambda|cli)\/build\/([^/]+)\//.exec(
      file
    );
  return match === null
    ? undefined
    : { pkg: `@otel-dd/${match[1]}`, folder: match[2] };
}

let written = 0;

/**
 * Runs a bundle from a file next to this one, so that what it leaves
 * external (the API, Node.js built-ins) resolves as in an application.
 */
async function run(
  code: string,
  format: esbuild.Format = 'cjs'
): Promise<Record<string, unknown>> {
  const file = path.join(
    __dirname,
    `.bundle-${process.pid}-${written++}.${format === 'esm' ? 'mjs' : 'cjs'}`
  );
  fs.writeFileSync(file, code);
  try {
    return format === 'esm'
      ? ((await import(pathToFileURL(file).href)) as Record<string, unknown>)
      : // eslint-disable-next-line @typescript-eslint/no-require-imports
        (require(file) as Record<string, unknown>);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

describe('bundling with esbuild (the `module` condition)', function () {
  this.timeout(60_000);

  for (const name of PACKAGES) {
    it(`${name}: the exports map lists module first, for bundlers`, () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const manifest = require(`${name}/package.json`) as {
        module: string;
        exports: Record<string, Record<string, unknown>>;
      };
      const entry = manifest.exports['.'];
      assert.deepStrictEqual(Object.keys(entry), [
        'module',
        'import',
        'require',
      ]);
      assert.strictEqual(entry.module, './build/module/index.js');
      assert.strictEqual(manifest.module, entry.module);
    });

    for (const [kind, contents] of [
      ['import', `export * from '${name}';`],
      ['require', `module.exports = require('${name}');`],
    ]) {
      it(`${name}: ${kind} bundles the ES module build only`, () => {
        const { inputs } = bundle(contents);
        const ours = inputs.map(origin);
        assert.ok(
          ours.some(o => o?.pkg === name && o.folder === 'module'),
          `${name} is in the bundle`
        );
        for (const [index, file] of inputs.entries()) {
          // Our packages only (and nothing else: the API is external).
          assert.ok(ours[index], `${file}: not from an @otel-dd package`);
          assert.strictEqual(ours[index]!.folder, 'module', file);
        }
      });
    }
  }

  it('import and require in one bundle: one copy of the module state', async () => {
    const { code } = bundle(
      [
        "import * as imported from '@otel-dd/propagator-datadog';",
        "const required = require('@otel-dd/propagator-datadog');",
        'module.exports = { same: imported.W3CTraceState === required.W3CTraceState };',
      ].join('\n')
    );
    assert.deepStrictEqual({ ...(await run(code)) }, { same: true });
  });

  for (const format of ['cjs', 'esm'] as const) {
    it(`${format === 'cjs' ? 'a CommonJS' : 'an ES module'} bundle of export * from '@otel-dd/lambda' extracts an SQS event`, async () => {
      const { code } = bundle("export * from '@otel-dd/lambda';", format);
      const lambda = await run(code, format);
      const extract = (
        lambda.createEventContextExtractor as () => (event: unknown) => Context
      )();
      const spanContext = trace.getSpanContext(extract(SQS_EVENT));
      assert.deepStrictEqual(
        spanContext && {
          traceId: spanContext.traceId,
          spanId: spanContext.spanId,
          traceFlags: spanContext.traceFlags,
          isRemote: spanContext.isRemote,
        },
        {
          traceId: '6b00cde10000000033a925194f7272f4',
          spanId: '079a2bf77e94642b',
          traceFlags: 1,
          isRemote: true,
        }
      );
    });
  }

  it('a bundle of createEventContextExtractor alone leaves the rest out', () => {
    const { bundled } = bundle(
      "export { createEventContextExtractor } from '@otel-dd/lambda';"
    );
    assert.ok(
      bundled.some(file => file.endsWith('/build/module/extractor.js'))
    );
    // Neither the request hook nor the inject helpers.
    assert.deepStrictEqual(
      bundled.filter(file => /\/build\/module\/(links|inject)\//.test(file)),
      []
    );
  });
});
