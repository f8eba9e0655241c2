/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The ES module twin of server.js: the same HTTP server, with no tracing
// code; telemetry.mjs sets OpenTelemetry up before it loads:
//
//   node --import ./examples/composite-http/telemetry.mjs \
//     examples/composite-http/server.mjs   (PORT=8080 to pick the port)

import http from 'node:http';
import { context, propagation, trace } from '@opentelemetry/api';

const server = http.createServer((request, response) => {
  // The headers this service would send to the next one.
  const outgoing = {};
  propagation.inject(context.active(), outgoing);
  const spanContext = trace.getActiveSpan()?.spanContext();
  response.setHeader('content-type', 'application/json');
  response.end(
    JSON.stringify({
      traceId: spanContext?.traceId,
      spanId: spanContext?.spanId,
      outgoing,
    })
  );
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address();
  process.stdout.write(
    JSON.stringify({ type: 'listening', url: `http://127.0.0.1:${port}` }) +
      '\n'
  );
});
