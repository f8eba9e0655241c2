/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Run by scripts/compat.js under Node.js 22 in compat/run: proves that the
// copied suites and the unpacked @otel-dd packages load the 3.x line from
// compat/node_modules, not the 2.x line of the repository root (Node.js
// would fall back to /work/main/node_modules for anything missing here).

'use strict';

const fs = require('node:fs');
const path = require('node:path');

const COMPAT_MODULES = path.join(__dirname, 'node_modules');
const RUN = path.join(__dirname, 'run');
const SUITE = path.join(RUN, 'test', 'lambda-e2e', 'build');
const TASK = path.join(RUN, 'test', 'lambda-e2e', 'task');
const OURS = [
  'propagator-datadog',
  'propagator-composite',
  'lambda',
  'cli',
].map(name => path.join(COMPAT_MODULES, '@otel-dd', name, 'build', 'src'));

/** [module, expected version prefix, folders to resolve it from] */
const EXPECTED = [
  ['@opentelemetry/api', '1.10.', [SUITE, TASK, ...OURS]],
  ['@opentelemetry/sdk-trace', '3.', [SUITE]],
  ['@opentelemetry/core', '3.', [SUITE]],
  ['@opentelemetry/context-async-hooks', '3.', [SUITE]],
  ['@opentelemetry/instrumentation', '0.300.', [SUITE, TASK]],
  ['@opentelemetry/instrumentation-aws-lambda', '0.76.', [SUITE]],
  ['@otel-dd/propagator-datadog', '', [SUITE, ...OURS]],
  ['@otel-dd/propagator-composite', '', [SUITE, ...OURS]],
  ['@otel-dd/lambda', '', [SUITE, TASK]],
  ['@otel-dd/cli', '', [SUITE]],
  ['dd-trace', '6.21.', [SUITE]],
  ['datadog-lambda-js', '12.143.', [SUITE]],
  ['fast-check', '', [SUITE]],
];

/** The package.json of the package `file` belongs to. */
function manifestOf(name, file) {
  for (let directory = path.dirname(file); ;) {
    const candidate = path.join(directory, 'package.json');
    if (fs.existsSync(candidate)) {
      const manifest = JSON.parse(fs.readFileSync(candidate, 'utf8'));
      if (manifest.name === name) return { directory, manifest };
    }
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`no package.json for ${file}`);
    directory = parent;
  }
}

let problems = 0;
const lines = [];
for (const [name, prefix, from] of EXPECTED) {
  const found = new Set();
  for (const directory of from) {
    let resolved;
    try {
      resolved = require.resolve(name, { paths: [directory] });
    } catch (error) {
      problems++;
      lines.push(
        `  ✗ ${name} from ${path.relative(__dirname, directory)}: ${error.code}`
      );
      continue;
    }
    const { directory: home, manifest } = manifestOf(name, resolved);
    found.add(`${manifest.version} ${path.relative(__dirname, home)}`);
    if (!home.startsWith(COMPAT_MODULES + path.sep)) {
      problems++;
      lines.push(
        `  ✗ ${name} from ${path.relative(__dirname, directory)} is outside compat: ${home}`
      );
    } else if (!manifest.version.startsWith(prefix)) {
      problems++;
      lines.push(`  ✗ ${name} ${manifest.version}, expected ${prefix}x`);
    }
  }
  if (found.size > 1) {
    problems++;
    lines.push(`  ✗ ${name}: several copies: ${[...found].join(', ')}`);
  }
  for (const copy of found) lines.push(`  ✓ ${name} ${copy}`);
}

const { OTEL_LINE, API_VERSION } = require(
  path.join(RUN, 'test', 'support', 'otelSdk')
);
if (OTEL_LINE !== '3.x') {
  problems++;
  lines.push(`  ✗ test/support/otelSdk picked the ${OTEL_LINE} line`);
} else {
  lines.push(
    `  ✓ test/support/otelSdk: the ${OTEL_LINE} line (API ${API_VERSION})`
  );
}

process.stdout.write(`${lines.join('\n')}\n`);
if (problems > 0) {
  process.stdout.write(`${problems} resolution problem(s)\n`);
  process.exitCode = 1;
}
