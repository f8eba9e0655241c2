/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// EMULATION of the OpenTelemetry Lambda layer's /opt/init.mjs, which its
// otel-handler adds to NODE_OPTIONS with --import: the wrapper sets up
// tracing, then the loader registers the ESM hook for ES module handlers.

const { default: wrapper } = await import('./wrapper.js');
await wrapper.init();
await wrapper.wrap();
await import('./loader.mjs');
