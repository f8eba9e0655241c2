/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Lints every package as it would be published: packs each one once with
// `npm pack`, then runs on that tarball
// - publint, strict, failing on any message, suggestions included
//   (same as `npx publint --strict packages/<pkg>`);
// - @arethetypeswrong (attw), failing on any problem in any resolution mode
//   (node10, node16 from CJS, node16 from ESM, bundler), the same as
//   `npx attw --pack packages/<pkg>`;
// - a check of the file list: build output (build/src, the CommonJS build;
//   build/esm, the Node.js ES module entry points; build/module, the ES
//   module build for bundlers), README and LICENSE only.
// Run `npm run build` first (`npm run lint:packages` does).

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkPackage,
  createPackageFromTarballData,
} from '@arethetypeswrong/core';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ALLOWED_FILE =
  /^(package\.json|README\.md|LICENSE|build\/src\/.+\.(js|js\.map|d\.ts)|build\/esm\/.+\.(mjs|d\.mts)|build\/module\/(.+\.(js|js\.map)|package\.json))$/;
const REQUIRED_FILES = ['package.json', 'README.md', 'LICENSE'];

const destination = fs.mkdtempSync(path.join(os.tmpdir(), 'otel-dd-pack-'));
let failures = 0;

function fail(name, message) {
  failures++;
  process.stdout.write(`  ✗ ${name}: ${message}\n`);
}

// The published packages: every folder of packages/ (test helpers are
// private workspaces elsewhere).
const PUBLISHED = fs
  .readdirSync(path.join(ROOT, 'packages'))
  .filter(name =>
    fs.existsSync(path.join(ROOT, 'packages', name, 'package.json'))
  )
  .flatMap(name => ['--workspace', `packages/${name}`]);

try {
  const npm = process.env.npm_execpath;
  const packArgs = [
    'pack',
    ...PUBLISHED,
    '--json',
    '--ignore-scripts',
    '--pack-destination',
    destination,
  ];
  const output = execFileSync(
    npm ? process.execPath : 'npm',
    npm ? [npm, ...packArgs] : packArgs,
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }
  );
  const packed = JSON.parse(output);

  for (const { name, filename, files } of packed) {
    const before = failures;
    const tarball = fs.readFileSync(path.join(destination, filename));

    const paths = files.map(file => file.path);
    for (const file of paths.filter(file => !ALLOWED_FILE.test(file))) {
      fail(name, `unexpected file in the package: ${file}`);
    }
    for (const file of REQUIRED_FILES.filter(file => !paths.includes(file))) {
      fail(name, `missing file: ${file}`);
    }

    const { messages, pkg } = await publint({
      pack: {
        tarball: tarball.buffer.slice(
          tarball.byteOffset,
          tarball.byteOffset + tarball.byteLength
        ),
      },
      strict: true,
    });
    for (const message of messages) {
      fail(name, `publint ${message.type}: ${formatMessage(message, pkg)}`);
    }

    const analysis = await checkPackage(
      createPackageFromTarballData(new Uint8Array(tarball))
    );
    if (!analysis.types) {
      fail(name, 'attw: the package has no types');
    } else {
      for (const problem of analysis.problems) {
        const where = [problem.resolutionKind, problem.entrypoint]
          .filter(Boolean)
          .join(' ');
        fail(name, `attw ${problem.kind}${where ? ` (${where})` : ''}`);
      }
    }
    if (failures === before) {
      process.stdout.write(
        `  ✓ ${name}: publint, attw (node10, node16 CJS/ESM, bundler), ${paths.length} files\n`
      );
    }
  }
} finally {
  fs.rmSync(destination, { recursive: true, force: true });
}

if (failures > 0) {
  process.stdout.write(`${failures} packaging problem(s)\n`);
  process.exitCode = 1;
}
