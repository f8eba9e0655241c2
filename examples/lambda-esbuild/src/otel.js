/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Tracing for the function, bundled into dist/otel.js and loaded before the
// handler bundle:  NODE_OPTIONS=--require /var/task/otel.js
// (A bundle cannot instrument itself: the instrumentation must exist before
// the runtime loads the handler file, which it then wraps.)

'use strict';

const {
  AwsLambdaInstrumentation,
} = require('@opentelemetry/instrumentation-aws-lambda');
const {
  OTLPTraceExporter,
} = require('@opentelemetry/exporter-trace-otlp-http');
const {
  BatchSpanProcessor,
  SimpleSpanProcessor,
} = require('@opentelemetry/sdk-trace-base');
const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node');
const {
  datadogEventContextExtractor,
  datadogRequestHook,
} = require('@otel-dd/lambda');
const {
  DatadogCompositePropagator,
  DatadogSpanLinksProcessor,
} = require('@otel-dd/propagator-composite');

/** Run locally (invoke.js), spans are printed as JSON lines. */
const jsonLineExporter = {
  export(spans, done) {
    for (const span of spans) {
      process.stdout.write(
        JSON.stringify({
          type: 'span',
          name: span.name,
          traceId: span.spanContext().traceId,
          spanId: span.spanContext().spanId,
          parentSpanId: span.parentSpanContext?.spanId ?? null,
          links: span.links.map(link => ({
            traceId: link.context.traceId,
            spanId: link.context.spanId,
          })),
        }) + '\n'
      );
    }
    done({ code: 0 });
  },
  shutdown: () => Promise.resolve(),
};

const provider = new NodeTracerProvider({
  spanProcessors: [
    new DatadogSpanLinksProcessor(),
    process.env.OTEL_DD_EXAMPLE_LOCAL === '1'
      ? new SimpleSpanProcessor(jsonLineExporter)
      : // The collector extension, or the Datadog extension's OTLP receiver.
        new BatchSpanProcessor(new OTLPTraceExporter()),
  ],
});
// The handler's outgoing context in Datadog's formats too.
provider.register({ propagator: new DatadogCompositePropagator() });

new AwsLambdaInstrumentation({
  eventContextExtractor: datadogEventContextExtractor,
  requestHook: datadogRequestHook,
});
