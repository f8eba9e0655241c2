/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Logs inside a dd-trace span through dd-trace's own log injection, with the
// real pino and winston, and prints what was written beside the span's ids.

import { Writable } from 'node:stream';

process.env.DD_TRACE_STARTUP_LOGS = 'false';
process.env.DD_INSTRUMENTATION_TELEMETRY_ENABLED = 'false';
process.env.DD_REMOTE_CONFIGURATION_ENABLED = 'false';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const tracer = require('dd-trace').init({
  logInjection: true,
  flushInterval: 1e9,
});
// Loaded after dd-trace so that its log injection patches them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pino = require('pino');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const winston = require('winston');

const written: string[] = [];
const stream = new Writable({
  write(chunk, _encoding, callback) {
    written.push(String(chunk));
    callback();
  },
});
const pinoLogger = pino({}, stream);
const winstonLogger = winston.createLogger({
  format: winston.format.json(),
  transports: [new winston.transports.Stream({ stream })],
});

const spans: Array<{ traceId: string; spanId: string }> = [];
for (const logger of [pinoLogger, winstonLogger]) {
  tracer.trace('work', (span: any) => {
    spans.push({
      traceId: span.context().toTraceId(true),
      spanId: span.context().toSpanId(),
    });
    logger.info('inside');
  });
}

setTimeout(() => {
  const lines = written
    .join('')
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line));
  process.stdout.write(JSON.stringify({ spans, lines }), () => process.exit(0));
}, 50);
