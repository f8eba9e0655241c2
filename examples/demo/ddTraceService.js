/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// A dd-trace HTTP service. dd-trace must load before `http`, so this file is
// the process entry point: `node ddTraceService.js <service> [downstream]`.
// Spans go to stdout through dd-trace's own log exporter (no agent).

'use strict';

const [service, downstream] = process.argv.slice(2);
process.env.DD_SERVICE = service;
process.env.DD_TRACE_EXPERIMENTAL_EXPORTER = 'log';
process.env.DD_TRACE_STARTUP_LOGS = 'false';
process.env.DD_INSTRUMENTATION_TELEMETRY_ENABLED = 'false';
process.env.DD_REMOTE_CONFIGURATION_ENABLED = 'false';
process.env.DD_TRACE_AGENT_URL = 'http://127.0.0.1:9'; // never contacted

const tracer = require('dd-trace').init({ flushInterval: 50 });
// Only the HTTP hops matter here; dns and net spans would be separate roots.
tracer.use('dns', false);
tracer.use('net', false);
const http = require('node:http');

const server = http.createServer((request, response) => {
  if (!downstream) {
    response.end(JSON.stringify({ service, ok: true }));
    return;
  }
  http
    .get(downstream + request.url, downstreamResponse => {
      let body = '';
      downstreamResponse.on('data', chunk => (body += chunk));
      downstreamResponse.on('end', () => {
        response.setHeader('content-type', 'application/json');
        response.end(body);
      });
    })
    .on('error', error => {
      response.statusCode = 502;
      response.end(String(error));
    });
});

server.listen(0, '127.0.0.1', () => {
  process.stderr.write(`READY http://127.0.0.1:${server.address().port}\n`);
});

process.on('SIGTERM', () => {
  tracer._tracer?._exporter?.flush?.();
  setTimeout(() => process.exit(0), 100);
});
