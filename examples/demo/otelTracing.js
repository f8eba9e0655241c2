/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// OpenTelemetry set-up shared by the demo's OTel processes: the SDK with
// otel-dd's composite propagator (Datadog + W3C headers, as dd-trace sends
// them), HTTP instrumentation, and an exporter that prints each span as one
// JSON line on stdout for the demo to collect (no collector, no network).

'use strict';

const { propagation } = require('@opentelemetry/api');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const { SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node');
const {
  DatadogCompositePropagator,
  DatadogSpanLinksProcessor,
} = require('@otel-dd/propagator-composite');

class StdoutJsonExporter {
  export(spans, done) {
    for (const span of spans) {
      const line = {
        otel: {
          service: span.resource.attributes['service.name'],
          name: span.name,
          traceId: span.spanContext().traceId,
          spanId: span.spanContext().spanId,
          parentSpanId: span.parentSpanContext?.spanId,
          traceState: span.spanContext().traceState?.serialize(),
          links: span.links.length,
        },
      };
      process.stdout.write(JSON.stringify(line) + '\n');
    }
    done({ code: 0 });
  }
  shutdown() {
    return Promise.resolve();
  }
}

/** Starts tracing for `service`; call before loading `http` or handlers. */
function startTracing(service, instrumentations = [], httpConfig = {}) {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [
      new DatadogSpanLinksProcessor(),
      new SimpleSpanProcessor(new StdoutJsonExporter()),
    ],
  });
  provider.register({ propagator: new DatadogCompositePropagator() });
  registerInstrumentations({
    instrumentations: [
      new HttpInstrumentation(httpConfig),
      ...instrumentations,
    ],
  });
  return { provider, propagator: propagation };
}

module.exports = { startTracing };
