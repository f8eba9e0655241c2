/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The OpenTelemetry trace SDK of the release line that is installed, for
// the cross-package suites that run on both lines:
// - 2.x (API 1.9): @opentelemetry/sdk-trace-base and sdk-trace-node, the
//   default job (`npm test`); the calls are exactly those the suites made
//   before they ran on both lines (NodeTracerProvider#register());
// - 3.x (API 1.10): @opentelemetry/sdk-trace, whose TracerProvider has no
//   register(), the compat job (`npm run test:compat`, compat/).
// The line is chosen by the version of @opentelemetry/api that resolves
// here, never by what else happens to be installed, and a mismatched SDK
// is an error rather than a silent fallback.
//
// Plain JavaScript (types in otelSdk.d.ts) so that every suite can load
// this one file: compiled suites sit one folder deeper (test/<suite>/build)
// than their sources, so they use require('../../support/otelSdk').

'use strict';

const fs = require('node:fs');
const path = require('node:path');

function versionOf(name) {
  // Reads package.json next to the resolved entry point (3.x packages do
  // not export ./package.json).
  let directory = path.dirname(require.resolve(name));
  for (;;) {
    const file = path.join(directory, 'package.json');
    if (fs.existsSync(file)) {
      const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (manifest.name === name) return manifest.version;
    }
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`no package.json for ${name}`);
    directory = parent;
  }
}

const apiVersion = versionOf('@opentelemetry/api');
const [apiMajor, apiMinor] = apiVersion.split('.').map(Number);
const line = apiMajor === 1 && apiMinor >= 10 ? '3.x' : '2.x';

function load() {
  if (line === '2.x') {
    const base = require('@opentelemetry/sdk-trace-base');
    const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node');
    return {
      ...base,
      TracerProvider: base.BasicTracerProvider,
      simpleSpanProcessor: exporter => new base.SimpleSpanProcessor(exporter),
      registerTracerProvider(config) {
        const provider = new NodeTracerProvider(config);
        provider.register();
        return provider;
      },
    };
  }
  const sdkVersion = versionOf('@opentelemetry/sdk-trace');
  if (!sdkVersion.startsWith('3.')) {
    throw new Error(
      `@opentelemetry/api ${apiVersion} needs @opentelemetry/sdk-trace 3.x, found ${sdkVersion}`
    );
  }
  const sdk = require('@opentelemetry/sdk-trace');
  const api = require('@opentelemetry/api');
  const core = require('@opentelemetry/core');
  const {
    AsyncLocalStorageContextManager,
  } = require('@opentelemetry/context-async-hooks');
  return {
    ...sdk,
    simpleSpanProcessor: exporter => new sdk.SimpleSpanProcessor({ exporter }),
    // What NodeTracerProvider#register() does on the 2.x line, done by
    // hand as 3.x users do.
    registerTracerProvider(config) {
      const provider = new sdk.TracerProvider(config);
      api.trace.setGlobalTracerProvider(provider);
      api.context.setGlobalContextManager(
        new AsyncLocalStorageContextManager().enable()
      );
      api.propagation.setGlobalPropagator(
        new core.CompositePropagator({
          propagators: [
            new core.W3CTraceContextPropagator(),
            new core.W3CBaggagePropagator(),
          ],
        })
      );
      return provider;
    },
  };
}

const sdk = load();

module.exports = {
  OTEL_LINE: line,
  API_VERSION: apiVersion,
  TracerProvider: sdk.TracerProvider,
  InMemorySpanExporter: sdk.InMemorySpanExporter,
  AlwaysOnSampler: sdk.AlwaysOnSampler,
  ParentBasedSampler: sdk.ParentBasedSampler,
  SamplingDecision: sdk.SamplingDecision,
  simpleSpanProcessor: sdk.simpleSpanProcessor,
  registerTracerProvider: sdk.registerTracerProvider,
};
