/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Runs the function of examples/lambda-layer locally as Lambda runs it with
// the OpenTelemetry layer and this configuration:
//
//   AWS_LAMBDA_EXEC_WRAPPER=/opt/otel-handler
//   NODE_OPTIONS=--require /var/task/otel-dd-layer.js
//
// The layer cannot be installed here: local/opt/ emulates it (see
// opt/wrapper.js for what differs) and this script does what its
// otel-handler script does (default OTEL_PROPAGATORS, `--import
// /opt/init.mjs` appended to NODE_OPTIONS) before it starts the emulated
// runtime (runtime.mjs).
//
//   node examples/lambda-layer/local/run.js < events.json
//
// stdin: a JSON array of events. stdout: JSON lines, one per finished span
// ("type": "span") and one per invocation ("type": "result" or "error").
// The environment is passed on (ORDERS_URL for handler.mjs, DD_* settings);
// NODE_OPTIONS, when set, replaces the --require of otel-dd-layer.js.

'use strict';

const { spawnSync } = require('node:child_process');
const path = require('node:path');

const TASK_ROOT = path.resolve(__dirname, '..');
const OPT = path.join(__dirname, 'opt');

const userNodeOptions =
  process.env.NODE_OPTIONS ??
  `--require ${path.join(TASK_ROOT, 'otel-dd-layer.js')}`;

const env = {
  LAMBDA_TASK_ROOT: TASK_ROOT,
  _HANDLER: 'handler.handler',
  AWS_LAMBDA_FUNCTION_NAME: 'orders-consumer',
  AWS_EXECUTION_ENV: `AWS_Lambda_nodejs${process.versions.node.split('.')[0]}.x`,
  ...process.env,
  // What the layer's otel-handler does:
  OTEL_PROPAGATORS: process.env.OTEL_PROPAGATORS || 'tracecontext,baggage,xray',
  NODE_OPTIONS: `${userNodeOptions} --import ${path.join(OPT, 'init.mjs')}`,
};

const { status } = spawnSync(
  process.execPath,
  [path.join(__dirname, 'runtime.mjs')],
  { env, stdio: 'inherit' }
);
process.exitCode = status ?? 1;
