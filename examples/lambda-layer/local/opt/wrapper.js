/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// EMULATION of the OpenTelemetry Lambda layer's /opt/wrapper.js
// (nodejs/packages/layer/src/wrapper.ts in open-telemetry/opentelemetry-lambda),
// reduced to what this example needs. It calls the same global hooks, at
// the same moments, in the same order, with the same arguments:
// - init(): the instrumentations, registered at once so that code loaded
//   next is patched: new AwsLambdaInstrumentation(
//   configureLambdaInstrumentation({})), then configureInstrumentations()
//   or the layer's default list;
// - wrap(): the tracer provider: configureTracer({ resource }), the
//   provider, configureTracerProvider(provider) or the default exporter,
//   configureSdkRegistration({}), the propagator from OTEL_PROPAGATORS when
//   that hook set none, provider.register(registration); then the
//   instrumentations get the provider.
// Differences from the real layer, none of which touches the hooks:
// - spans are printed as JSON lines on stdout instead of going to the
//   collector extension over OTLP;
// - the 2.x SDK's NodeTracerProvider stands in for the layer's
//   LambdaTracerProvider (both register the AsyncLocalStorage context
//   manager), with processors passed at construction (SDK 2.x);
// - of the default instrumentations only http is installed here; no
//   aws-sdk instrumentation, no metrics or logs providers.

'use strict';

const { diag } = require('@opentelemetry/api');
const {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} = require('@opentelemetry/core');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const {
  AwsLambdaInstrumentation,
} = require('@opentelemetry/instrumentation-aws-lambda');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { AWSXRayPropagator } = require('@opentelemetry/propagator-aws-xray');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const { SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node');

/* global configureLambdaInstrumentation, configureInstrumentations,
   configureTracer, configureTracerProvider, configureSdkRegistration */

const propagatorMap = new Map([
  ['tracecontext', () => new W3CTraceContextPropagator()],
  ['baggage', () => new W3CBaggagePropagator()],
  ['xray', () => new AWSXRayPropagator()],
]);

let instrumentations = [];
let initialized = false;

/** Stands in for the layer's OTLP exporter: one JSON line per span. */
const jsonLineExporter = {
  export(spans, done) {
    for (const span of spans) {
      process.stdout.write(
        JSON.stringify({
          type: 'span',
          name: span.name,
          kind: span.kind,
          traceId: span.spanContext().traceId,
          spanId: span.spanContext().spanId,
          parentSpanId: span.parentSpanContext?.spanId ?? null,
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

function createInstrumentations() {
  return [
    new AwsLambdaInstrumentation(
      typeof configureLambdaInstrumentation === 'function'
        ? configureLambdaInstrumentation({})
        : {}
    ),
    ...(typeof configureInstrumentations === 'function'
      ? configureInstrumentations()
      : [new HttpInstrumentation()]),
  ];
}

function getPropagator() {
  const names = (process.env.OTEL_PROPAGATORS ?? '').trim();
  const list =
    names === ''
      ? ['tracecontext', 'baggage']
      : [...new Set(names.split(',').map(name => name.toLowerCase().trim()))];
  const propagators = list.flatMap(name => {
    if (name === 'none') return [];
    const factory = propagatorMap.get(name);
    if (factory === undefined) {
      diag.warn(
        `Invalid propagator "${name}" specified in the environment variable OTEL_PROPAGATORS`
      );
      return [];
    }
    return factory();
  });
  return new CompositePropagator({ propagators });
}

function initializeTracerProvider() {
  let config = {
    resource: resourceFromAttributes({
      'service.name': process.env.AWS_LAMBDA_FUNCTION_NAME,
    }),
  };
  if (typeof configureTracer === 'function') {
    config = configureTracer(config);
  }
  const defaults =
    typeof configureTracerProvider === 'function'
      ? []
      : [new SimpleSpanProcessor(jsonLineExporter)];
  const tracerProvider = new NodeTracerProvider({
    ...config,
    spanProcessors: [...(config.spanProcessors ?? []), ...defaults],
  });
  if (typeof configureTracerProvider === 'function') {
    configureTracerProvider(tracerProvider);
  }

  let sdkRegistrationConfig = {};
  if (typeof configureSdkRegistration === 'function') {
    sdkRegistrationConfig = configureSdkRegistration(sdkRegistrationConfig);
  }
  // Auto-configure propagator if not provided
  if (!sdkRegistrationConfig.propagator) {
    sdkRegistrationConfig.propagator = getPropagator();
  }
  tracerProvider.register(sdkRegistrationConfig);
  return tracerProvider;
}

async function init() {
  if (initialized) return;
  instrumentations = createInstrumentations();
  // Register instrumentations synchronously to ensure code is patched even
  // before provider is ready.
  registerInstrumentations({ instrumentations });
  initialized = true;
}

async function wrap() {
  if (!initialized) throw new Error('Not initialized yet');
  const tracerProvider = initializeTracerProvider();
  // Re-register instrumentation with initialized provider.
  registerInstrumentations({ instrumentations, tracerProvider });
}

module.exports = { init, wrap };
