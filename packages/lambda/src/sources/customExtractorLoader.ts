/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Loads the function named by `DD_TRACE_EXTRACTOR` the way Datadog's Lambda
// library and the Lambda runtime resolve a handler string: `<path>/<file>.
// <export>` relative to `LAMBDA_TASK_ROOT`, the export possibly nested
// (`file.a.b`). Loading is synchronous (`require`); ES modules load through
// Node's `require(esm)` (Node 20.19+, 22.12+) unless they use top-level await.

import { diag } from '@opentelemetry/api';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { CustomTraceExtractor } from '../types';

const EXTENSIONS = ['.js', '.cjs', '.mjs', ''];

/** The extractor function, or undefined (with a warning) when it cannot load. */
export function loadCustomExtractor(
  handlerString: string,
  taskRoot: string | undefined
): CustomTraceExtractor | undefined {
  try {
    const base = path.basename(handlerString);
    const moduleRoot = handlerString.slice(
      0,
      handlerString.length - base.length
    );
    const dot = base.indexOf('.');
    if (dot <= 0 || dot === base.length - 1) {
      diag.warn(
        `DD_TRACE_EXTRACTOR=${JSON.stringify(handlerString)} is not <file>.<export>; no custom extractor`
      );
      return undefined;
    }
    const root = taskRoot ?? process.cwd();
    const moduleExports = requireModule(root, moduleRoot, base.slice(0, dot));
    let value: unknown = moduleExports;
    for (const key of base.slice(dot + 1).split('.')) {
      value =
        typeof value === 'object' || typeof value === 'function'
          ? (value as Record<string, unknown> | null)?.[key]
          : undefined;
    }
    if (typeof value !== 'function') {
      diag.warn(
        `DD_TRACE_EXTRACTOR=${JSON.stringify(handlerString)} is not a function; no custom extractor`
      );
      return undefined;
    }
    return value as CustomTraceExtractor;
  } catch (error) {
    diag.warn(
      `DD_TRACE_EXTRACTOR=${JSON.stringify(handlerString)} could not be loaded; no custom extractor`,
      error
    );
    return undefined;
  }
}

function requireModule(
  root: string,
  moduleRoot: string,
  moduleName: string
): unknown {
  const file = path.resolve(root, moduleRoot, moduleName);
  for (const extension of EXTENSIONS) {
    if (existsSync(file + extension)) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require(file + extension);
    }
  }
  // Like the runtime: a package name resolved from the task root.
  const resolved = require.resolve(moduleName, {
    paths: [root, path.resolve(root, moduleRoot)],
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(resolved);
}
