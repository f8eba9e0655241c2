'use strict';

// A layer hook a function already had, loaded before otel-dd-layer.js:
// its request hook must still run, after ours.
globalThis.configureLambdaInstrumentation = config => ({
  ...config,
  requestHook: span => span.setAttribute('app.own_hook', true),
});
