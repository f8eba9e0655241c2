/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import { createContextKey, type Context } from '@opentelemetry/api';

// The key `@opentelemetry/core` uses for `suppressTracing`. Context keys are
// `Symbol.for(description)`, so this is the same key without depending on
// core (which would pin one OpenTelemetry release line).
const SUPPRESS_TRACING_KEY = createContextKey(
  'OpenTelemetry SDK Context Key SUPPRESS_TRACING'
);

/** True inside `suppressTracing(...)`: propagators then write nothing. */
export function isTracingSuppressed(context: Context): boolean {
  return context.getValue(SUPPRESS_TRACING_KEY) === true;
}
