'use strict';

// Tracing for the function, loaded before the handler. On Lambda:
//   NODE_OPTIONS="--require ./otel.js"
// (swap the exporter for an OTLP one or the Datadog Lambda extension's
// OTLP receiver).

const {
  AwsLambdaInstrumentation,
} = require('@opentelemetry/instrumentation-aws-lambda');
const {
  ConsoleSpanExporter,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} = require('@opentelemetry/sdk-trace-base');
const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node');
const {
  datadogEventContextExtractor,
  datadogRequestHook,
} = require('@otel-dd/lambda');

// Run locally (invoke.js), spans are kept in memory to be printed.
const exporter =
  process.env.EXAMPLE_LOCAL === '1'
    ? new InMemorySpanExporter()
    : new ConsoleSpanExporter();

const provider = new NodeTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});
provider.register();

// Reads LAMBDA_TASK_ROOT and _HANDLER and wraps the handler when it loads.
new AwsLambdaInstrumentation({
  // The function's span becomes the child of whoever sent the event with
  // dd-trace or Datadog's Lambda library (SQS `_datadog` attribute here).
  eventContextExtractor: datadogEventContextExtractor,
  // Links to the senders of the other messages of the batch.
  requestHook: datadogRequestHook,
});

module.exports = { exporter };
