/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Cold start cost of @otel-dd/lambda, measured in fresh processes:
// - CPU time (user + system) of `require('@otel-dd/lambda')` against
//   `require('@opentelemetry/api')` alone (which it loads too); budget 1.2x;
// - the same plus creating the extractor and extracting one SQS event (what
//   the first invocation adds), from the package and from its bundle,
//   printed for information;
// - the size of its minified bundle with esbuild, `@opentelemetry/api`
//   external; budget 30 KiB.
//
//   node bench/build/coldstart.js [--runs <n>] [--json]
//
// Exits with status 1 when a budget is missed.

/* eslint-disable @typescript-eslint/no-require-imports */

import type * as ChildProcess from 'node:child_process';
import type * as Fs from 'node:fs';
import type * as Esbuild from 'esbuild';
import type * as Lambda from '@otel-dd/lambda';

const REQUIRE_BUDGET = 1.2;
const BUNDLE_BUDGET_BYTES = 30 * 1024;

type Target = 'api' | 'lambda' | 'lambda+extract' | 'bundle+extract';

/** Where the minified bundle is written, to measure loading it too. */
const BUNDLE_FILE = `${__dirname}/coldstart-bundle.js`;

const SQS_EVENT = {
  Records: [
    {
      messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
      body: 'hello',
      attributes: {},
      messageAttributes: {
        _datadog: {
          dataType: 'String',
          stringValue:
            '{"x-datadog-trace-id":"3722547357635736308","x-datadog-parent-id":"547798646659507243","x-datadog-sampling-priority":"1","x-datadog-tags":"_dd.p.tid=6b00cde100000000,_dd.p.dm=-0","traceparent":"00-6b00cde10000000033a925194f7272f4-079a2bf77e94642b-01","tracestate":"dd=t.dm:-0;t.tid:6b00cde100000000;s:1;p:079a2bf77e94642b"}',
        },
      },
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:orders',
    },
  ],
};

/** In a fresh process: CPU microseconds spent loading `target`. */
function measureInChild(target: Target): void {
  const start = process.cpuUsage();
  if (target === 'api') {
    require('@opentelemetry/api');
  } else {
    const lambda = require(
      target === 'bundle+extract' ? BUNDLE_FILE : '@otel-dd/lambda'
    ) as typeof Lambda;
    if (target !== 'lambda') {
      const extract = lambda.createEventContextExtractor();
      if (extract(SQS_EVENT) === undefined) throw new Error('no context');
    }
  }
  const used = process.cpuUsage(start);
  process.stdout.write(String(used.user + used.system));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

function runChild(target: Target): number {
  const { execFileSync } = require('node:child_process') as typeof ChildProcess;
  const output = execFileSync(
    process.execPath,
    [__filename, '--child', target],
    {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    }
  );
  return Number(output);
}

function bundleSize(): number {
  const esbuild = require('esbuild') as typeof Esbuild;
  const result = esbuild.buildSync({
    entryPoints: [require.resolve('@otel-dd/lambda')],
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['@opentelemetry/api'],
    outfile: BUNDLE_FILE,
    logLevel: 'silent',
  });
  if (result.errors.length > 0) throw new Error('bundle failed');
  const fs = require('node:fs') as typeof Fs;
  return fs.statSync(BUNDLE_FILE).size;
}

function main(argv: string[]): void {
  const runsIndex = argv.indexOf('--runs');
  const runs = runsIndex === -1 ? 25 : Number(argv[runsIndex + 1]);
  const bytes = bundleSize();
  const samples: Record<Target, number[]> = {
    api: [],
    lambda: [],
    'lambda+extract': [],
    'bundle+extract': [],
  };
  for (let i = 0; i < runs; i++) {
    // Interleaved, so that drift in machine load affects all alike.
    for (const target of Object.keys(samples) as Target[]) {
      samples[target].push(runChild(target));
    }
  }
  const api = median(samples.api);
  const lambda = median(samples.lambda);
  const firstExtraction = median(samples['lambda+extract']);
  const bundledExtraction = median(samples['bundle+extract']);
  const requireRatio = lambda / api;
  const report = {
    runs,
    requireApiMs: api / 1000,
    requireLambdaMs: lambda / 1000,
    requireRatio,
    requireBudget: REQUIRE_BUDGET,
    requireAndFirstExtractionMs: firstExtraction / 1000,
    firstExtractionRatio: firstExtraction / api,
    bundledFirstExtractionMs: bundledExtraction / 1000,
    bundledFirstExtractionRatio: bundledExtraction / api,
    bundleBytes: bytes,
    bundleBudgetBytes: BUNDLE_BUDGET_BYTES,
  };
  if (argv.includes('--json')) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    const ms = (us: number) => (us / 1000).toFixed(2) + ' ms';
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    console.log(
      `cold start, median CPU time of ${runs} fresh processes each (node ${process.version})`
    );
    console.log(`  require('@opentelemetry/api')               ${ms(api)}`);
    console.log(
      `  require('@otel-dd/lambda')                  ${ms(lambda)}  ${requireRatio.toFixed(2)}x  budget <= ${REQUIRE_BUDGET}x  ${verdict(requireRatio <= REQUIRE_BUDGET)}`
    );
    console.log(
      `  ... + create extractor + first SQS event    ${ms(firstExtraction)}  ${(firstExtraction / api).toFixed(2)}x  (information)`
    );
    console.log(
      `  the same from the minified bundle           ${ms(bundledExtraction)}  ${(bundledExtraction / api).toFixed(2)}x  (information)`
    );
    console.log(
      `  minified bundle, API external               ${(bytes / 1024).toFixed(1)} KiB  budget <= ${BUNDLE_BUDGET_BYTES / 1024} KiB  ${verdict(bytes <= BUNDLE_BUDGET_BYTES)}`
    );
  }
  if (requireRatio > REQUIRE_BUDGET || bytes > BUNDLE_BUDGET_BYTES) {
    process.exitCode = 1;
  }
}

const childIndex = process.argv.indexOf('--child');
if (childIndex !== -1) {
  measureInChild(process.argv[childIndex + 1] as Target);
} else {
  main(process.argv.slice(2));
}
