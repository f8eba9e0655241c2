/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Cold start and size, the last section of `npm run bench` (issue 6):
// - the CPU time (user + system) of `require()` of each package in a fresh
//   process, against `require('@opentelemetry/api')` alone (which each of
//   them loads too), median over repeated processes; budget 1.2x for
//   @otel-dd/lambda;
// - for information, @otel-dd/lambda plus creating its extractor and
//   extracting one SQS event (what the first invocation adds), from the
//   package and from its minified bundle;
// - the size of each package bundled and minified by esbuild with
//   `@opentelemetry/api` external, and what is largest in it; budget
//   30 KiB for @otel-dd/lambda. Bundled as a user's bundler does: from the
//   package name, through its `exports` map with esbuild's default
//   conditions (so from its ES module build, the `module` condition), with
//   `export * from '<package>'`; for information, also @otel-dd/lambda with
//   only `createEventContextExtractor` imported (a typical handler).
//
// Measured by the runner (`run.ts`); each sample is this module run as
// `node coldstart.js --child <target>` with a bare environment.

/* eslint-disable @typescript-eslint/no-require-imports */

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as Esbuild from 'esbuild';
import type * as Lambda from '@otel-dd/lambda';
import { median } from './measure';

export const REQUIRE_BUDGET = 1.2;
export const BUNDLE_BUDGET_BYTES = 30 * 1024;
const API = '@opentelemetry/api';
const LAMBDA = '@otel-dd/lambda';

/** The packages measured, in dependency order. */
export const PACKAGES = [
  '@otel-dd/propagator-datadog',
  '@otel-dd/propagator-composite',
  LAMBDA,
  '@otel-dd/cli',
] as const;

/** What a child process loads: a module, or the Lambda first invocation. */
type Target = string;
const FIRST_EXTRACTION = 'lambda+extract';
const BUNDLED_EXTRACTION = 'bundle+extract';

/** Where the minified Lambda bundle is written, to measure loading it. */
const BUNDLE_FILE = path.join(__dirname, '..', 'coldstart-bundle.js');

/** The repository root (this file is bench/build/lib/coldstart.js). */
const ROOT = path.resolve(__dirname, '..', '..', '..');

/** A bundle measured: its name in the report and what it imports. */
interface BundleEntry {
  name: string;
  /** The entry module's source, resolved from the repository root. */
  contents: string;
  budgeted: boolean;
}

/** Every package whole; the Lambda package's extractor alone. */
const BUNDLES: readonly BundleEntry[] = [
  ...PACKAGES.map(name => ({
    name,
    contents: `export * from '${name}';`,
    budgeted: name === LAMBDA,
  })),
  {
    name: `${LAMBDA}, createEventContextExtractor only`,
    contents: `export { createEventContextExtractor } from '${LAMBDA}';`,
    budgeted: false,
  },
];

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
  if (target === FIRST_EXTRACTION || target === BUNDLED_EXTRACTION) {
    const lambda = require(
      target === BUNDLED_EXTRACTION ? BUNDLE_FILE : LAMBDA
    ) as typeof Lambda;
    const extract = lambda.createEventContextExtractor();
    if (extract(SQS_EVENT) === undefined) throw new Error('no context');
  } else {
    require(target);
  }
  const used = process.cpuUsage(start);
  process.stdout.write(String(used.user + used.system));
}

/** One require measure: median CPU time and its ratio to the API's. */
export interface RequireResult {
  /** What was loaded (a package name, or a description). */
  name: string;
  /** Median CPU time, in milliseconds. */
  cpuMs: number;
  /** Median of the per-run ratios to `require('@opentelemetry/api')`. */
  ratio: number;
  budget?: number;
  pass?: boolean;
}

/** One package's minified bundle. */
export interface BundleResult {
  /** The package (or the package and what is imported from it). */
  name: string;
  /** The entry module bundled (`export * from '<package>';`). */
  entry: string;
  bytes: number;
  budgetBytes?: number;
  pass?: boolean;
  /** Bytes in the bundle from each package (or `other`). */
  byPackage: Record<string, number>;
  /** The largest source files in the bundle. */
  largest: Array<{ file: string; bytes: number }>;
}

export interface ColdStartReport {
  /** Fresh processes per target. */
  runs: number;
  requires: RequireResult[];
  bundles: BundleResult[];
  seconds: number;
  /** Set when the section could not be measured. */
  error?: string;
}

function runChild(target: Target): number {
  const output = execFileSync(
    process.execPath,
    [__filename, '--child', target],
    // A bare environment: no DD_* or OTEL_* setting changes what loads.
    { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } }
  );
  const micros = Number(output);
  if (!(micros > 0)) throw new Error(`${target}: no CPU time measured`);
  return micros;
}

/** The package that holds a bundled file, from its path. */
function packageOf(file: string): string {
  const match = /(?:^|\/)packages\/([^/]+)\//.exec(file);
  if (match !== null) return `@otel-dd/${match[1]}`;
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  return modules !== null ? modules[1] : 'other';
}

function bundle(
  { name, contents, budgeted }: BundleEntry,
  write: boolean
): BundleResult {
  const esbuild = require('esbuild') as typeof Esbuild;
  const result = esbuild.buildSync({
    // From the package name, with esbuild's default conditions: what a
    // user's bundle gets.
    stdin: { contents, resolveDir: ROOT },
    absWorkingDir: ROOT,
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: [API],
    outfile: BUNDLE_FILE,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (write) fs.writeFileSync(BUNDLE_FILE, output.contents);
  const byPackage: Record<string, number> = {};
  const files: Array<{ file: string; bytes: number }> = [];
  for (const meta of Object.values(result.metafile.outputs)) {
    for (const [file, input] of Object.entries(meta.inputs)) {
      if (file === '<stdin>') continue;
      const owner = packageOf(file);
      byPackage[owner] = (byPackage[owner] ?? 0) + input.bytesInOutput;
      files.push({
        file: file.replace(/^.*?packages\//, 'packages/'),
        bytes: input.bytesInOutput,
      });
    }
  }
  files.sort((a, b) => b.bytes - a.bytes);
  const bytes = output.contents.length;
  return {
    name,
    entry: contents,
    bytes,
    budgetBytes: budgeted ? BUNDLE_BUDGET_BYTES : undefined,
    pass: budgeted ? bytes <= BUNDLE_BUDGET_BYTES : undefined,
    byPackage,
    largest: files.slice(0, 8),
  };
}

/**
 * Bundles every package, then loads each target in `runs` fresh processes
 * (interleaved, so that drift in machine load affects all alike).
 */
export function measureColdStart(runs: number): ColdStartReport {
  const started = process.hrtime.bigint();
  const bundles = BUNDLES.map(entry => bundle(entry, entry.name === LAMBDA));
  const targets: Target[] = [
    API,
    ...PACKAGES,
    FIRST_EXTRACTION,
    BUNDLED_EXTRACTION,
  ];
  const samples = new Map<Target, number[]>(targets.map(t => [t, []]));
  for (let i = 0; i < runs; i++) {
    for (const target of targets) samples.get(target)!.push(runChild(target));
  }
  const api = samples.get(API)!;
  const requires = targets.map(target => {
    const own = samples.get(target)!;
    const ratio = median(own.map((micros, run) => micros / api[run]));
    const budgeted = target === LAMBDA;
    return {
      name:
        target === FIRST_EXTRACTION
          ? `${LAMBDA} + extractor + first SQS event`
          : target === BUNDLED_EXTRACTION
            ? 'the same, from the minified bundle'
            : target,
      cpuMs: median(own) / 1000,
      ratio,
      budget: budgeted ? REQUIRE_BUDGET : undefined,
      pass: budgeted ? ratio <= REQUIRE_BUDGET : undefined,
    };
  });
  return {
    runs,
    requires,
    bundles,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}

const childIndex = process.argv.indexOf('--child');
if (require.main === module && childIndex !== -1) {
  measureInChild(process.argv[childIndex + 1]);
}
