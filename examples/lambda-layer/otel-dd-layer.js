/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Datadog-compatible tracing for a function instrumented by the
// OpenTelemetry Lambda layer (opentelemetry-lambda, Node.js), with no change
// to the handler. Deploy this file with the function (and @otel-dd/lambda in
// its node_modules) and set:
//
//   AWS_LAMBDA_EXEC_WRAPPER=/opt/otel-handler       (the layer, as usual)
//   NODE_OPTIONS=--require /var/task/otel-dd-layer.js
//
// The layer's otel-handler appends `--import /opt/init.mjs` to NODE_OPTIONS,
// and Node.js runs --require files before --import ones, so these global
// hooks are defined when the layer reads them:
// - configureLambdaInstrumentation: @otel-dd/lambda's eventContextExtractor
//   (the invocation becomes the child of the dd-trace or Datadog Lambda
//   library sender of its event) and requestHook (links to the senders of
//   the other records of a batch, span pointers);
// - configureSdkRegistration: DatadogCompositePropagator as the global
//   propagator, configured by DD_TRACE_PROPAGATION_STYLE like dd-trace
//   (without it the layer uses OTEL_PROPAGATORS, which cannot name a
//   Datadog propagator), so outgoing calls carry x-datadog-* and W3C
//   headers Datadog-instrumented services read;
// - configureTracer: DatadogSpanLinksProcessor (links to other traces found
//   in a carrier, baggage tags), ahead of the layer's exporter.
// Hooks defined before this file loads (another --require file) are kept:
// they run first and ours build on their result.
//
// Styles: the layer's otel-handler sets OTEL_PROPAGATORS (to
// tracecontext,baggage,xray when the function does not), and Datadog's
// settings fall back to OTEL_PROPAGATORS, as in dd-trace: that would leave
// the Datadog style out. So unless the function sets
// DD_TRACE_PROPAGATION_STYLE (or its _INJECT/_EXTRACT forms), the styles
// used here are `datadog` followed by those of OTEL_PROPAGATORS that
// Datadog knows (by default: datadog,tracecontext,baggage,xray).

'use strict';

const {
  composeRequestHooks,
  createEventContextExtractor,
  createRequestHook,
} = require('@otel-dd/lambda');
const {
  DatadogCompositePropagator,
  DatadogSpanLinksProcessor,
} = require('@otel-dd/propagator-composite');

const STYLE_SETTINGS = [
  'DD_TRACE_PROPAGATION_STYLE',
  'DD_TRACE_PROPAGATION_STYLE_INJECT',
  'DD_TRACE_PROPAGATION_STYLE_EXTRACT',
];
const OTEL_STYLES_DATADOG_KNOWS = [
  'tracecontext',
  'baggage',
  'b3',
  'b3multi',
  'xray',
];

/** The settings our components read (see "Styles" above). */
function datadogSettings(env) {
  const settings = { ...env };
  if (
    env.OTEL_PROPAGATORS !== undefined &&
    STYLE_SETTINGS.every(name => env[name] === undefined)
  ) {
    const styles = ['datadog'];
    for (const item of env.OTEL_PROPAGATORS.split(',')) {
      const style = item.trim().toLowerCase();
      if (OTEL_STYLES_DATADOG_KNOWS.includes(style) && !styles.includes(style))
        styles.push(style);
    }
    settings.DD_TRACE_PROPAGATION_STYLE = styles.join(',');
    delete settings.OTEL_PROPAGATORS;
  }
  return settings;
}

const env = datadogSettings(process.env);

/** Defines the layer hook `name`, after any hook already defined. */
function extendHook(name, configure) {
  const previous = globalThis[name];
  globalThis[name] = config =>
    configure(typeof previous === 'function' ? previous(config) : config);
}

extendHook('configureLambdaInstrumentation', config => ({
  ...config,
  eventContextExtractor: createEventContextExtractor({ env }),
  requestHook: composeRequestHooks(
    createRequestHook({ env }),
    config.requestHook
  ),
}));

extendHook('configureSdkRegistration', registration => ({
  ...registration,
  propagator: new DatadogCompositePropagator({ env }),
}));

extendHook('configureTracer', config => ({
  ...config,
  spanProcessors: [
    new DatadogSpanLinksProcessor(),
    ...(config.spanProcessors ?? []),
  ],
}));
