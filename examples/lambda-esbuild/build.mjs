/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Bundles the function with esbuild into two self-contained CommonJS files,
// the deployment package:
//   dist/handler.js  the handler (_HANDLER=handler.handler)
//   dist/otel.js     tracing, loaded first (NODE_OPTIONS=--require ...)
//
//   node examples/lambda-esbuild/build.mjs [--outdir <folder>]

import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const flag = process.argv.indexOf('--outdir');
const outdir =
  flag === -1 ? path.join(here, 'dist') : path.resolve(process.argv[flag + 1]);

const result = await esbuild.build({
  entryPoints: {
    handler: path.join(here, 'src/handler.js'),
    otel: path.join(here, 'src/otel.js'),
  },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // The oldest Lambda Node.js runtime this project supports.
  target: 'node20',
  metafile: true,
  logLevel: 'warning',
});

const outputs = Object.entries(result.metafile.outputs).map(
  ([file, { bytes }]) => `${path.relative(process.cwd(), file)} ${bytes} bytes`
);
process.stdout.write(`${outputs.join('\n')}\n`);
