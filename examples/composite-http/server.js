/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// An HTTP server instrumented with the OpenTelemetry Node SDK that joins
// traces with Datadog-instrumented services: DatadogCompositePropagator
// reads and writes x-datadog-*, W3C (with the `dd` tracestate member) and
// whatever DD_TRACE_PROPAGATION_STYLE asks for, like dd-trace would.
//
//   node examples/composite-http/server.js   (PORT=8080 to pick the port)
//
// Finished spans are printed as JSON lines so that the example (and its
// test) can show what was exported; use an OTLP exporter in real life.

'use strict';

// This example only exports traces.
process.env.OTEL_METRICS_EXPORTER ??= 'none';
process.env.OTEL_LOGS_EXPORTER ??= 'none';

const { NodeSDK } = require('@opentelemetry/sdk-node');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const {
  DatadogCompositePropagator,
  DatadogSpanLinksProcessor,
} = require('@otel-dd/propagator-composite');

/** Prints each finished span as one JSON line. */
const jsonLineExporter = {
  export(spans, done) {
    for (const span of spans) {
      const parent = span.parentSpanContext;
      process.stdout.write(
        JSON.stringify({
          type: 'span',
          name: span.name,
          traceId: span.spanContext().traceId,
          spanId: span.spanContext().spanId,
          parentSpanId: parent ? parent.spanId : null,
          traceState: span.spanContext().traceState?.serialize() ?? null,
          links: span.links.map(link => ({
            traceId: link.context.traceId,
            spanId: link.context.spanId,
            attributes: link.attributes,
          })),
          attributes: span.attributes,
        }) + '\n'
      );
    }
    done({ code: 0 });
  },
  shutdown: () => Promise.resolve(),
};

const sdk = new NodeSDK({
  serviceName: 'composite-http-example',
  // Settings come from DD_TRACE_PROPAGATION_STYLE & co., as in dd-trace.
  // OTEL_PROPAGATORS=datadog alone would not do this: the Node SDK cannot
  // load a third-party propagator by name.
  textMapPropagator: new DatadogCompositePropagator(),
  spanProcessors: [
    // Adds span links and baggage attributes to the server span.
    new DatadogSpanLinksProcessor(),
    new SimpleSpanProcessor(jsonLineExporter),
  ],
  instrumentations: [new HttpInstrumentation()],
});
sdk.start();

// Required after sdk.start() so that the instrumentation patches it.
const http = require('node:http');
const { context, propagation, trace } = require('@opentelemetry/api');

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

function stop() {
  server.close();
  sdk.shutdown().finally(() => process.exit(0));
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
