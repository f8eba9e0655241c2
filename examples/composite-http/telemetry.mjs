/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// OpenTelemetry for an ES module application: the Node SDK with HTTP
// instrumentation and DatadogCompositePropagator, loaded before the
// application with --import (the ESM twin of the setup in server.js):
//
//   node --import ./examples/composite-http/telemetry.mjs \
//     examples/composite-http/server.mjs
//
// Finished spans are printed as JSON lines so that the example (and its
// test) can show what was exported; use an OTLP exporter in real life.

import { register } from 'node:module';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  DatadogCompositePropagator,
  DatadogSpanLinksProcessor,
} from '@otel-dd/propagator-composite';

// Modules loaded with `import` are instrumented through this loader hook
// (registered before the application's modules load).
register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);

// This example only exports traces.
process.env.OTEL_METRICS_EXPORTER ??= 'none';
process.env.OTEL_LOGS_EXPORTER ??= 'none';

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
  serviceName: 'composite-http-example-esm',
  // Settings come from DD_TRACE_PROPAGATION_STYLE & co., as in dd-trace.
  textMapPropagator: new DatadogCompositePropagator(),
  spanProcessors: [
    // Adds span links and baggage attributes to the server span.
    new DatadogSpanLinksProcessor(),
    new SimpleSpanProcessor(jsonLineExporter),
  ],
  instrumentations: [new HttpInstrumentation()],
});
sdk.start();

function stop() {
  sdk.shutdown().finally(() => process.exit(0));
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
