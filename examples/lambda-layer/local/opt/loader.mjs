/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// EMULATION of the OpenTelemetry Lambda layer's /opt/loader.mjs: registers
// import-in-the-middle's loader hook only when the handler is an ES module
// (<module>.mjs, or .js under a package.json with "type": "module"), so
// that the Lambda instrumentation can wrap it.

import * as fs from 'node:fs';
import { register } from 'node:module';
import * as path from 'node:path';

function typeModule(folder) {
  if (folder.endsWith(`${path.sep}node_modules`)) return false;
  const manifest = path.join(folder, 'package.json');
  if (fs.existsSync(manifest)) {
    try {
      return JSON.parse(fs.readFileSync(manifest, 'utf8')).type === 'module';
    } catch {
      return false;
    }
  }
  const parent = path.dirname(folder);
  return parent !== folder && typeModule(parent);
}

function handlerIsEsModule() {
  const handler = process.env._HANDLER;
  const base = path.basename(handler);
  const moduleRoot = handler.slice(0, handler.length - base.length);
  const file = path.resolve(
    process.env.LAMBDA_TASK_ROOT,
    moduleRoot,
    base.split('.')[0]
  );
  if (fs.existsSync(`${file}.mjs`)) return true;
  if (fs.existsSync(`${file}.cjs`)) return false;
  return fs.existsSync(`${file}.js`) && typeModule(path.dirname(file));
}

if (handlerIsEsModule()) {
  register('import-in-the-middle/hook.mjs', import.meta.url);
}
