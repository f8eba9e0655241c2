/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import {
  ROOT_CONTEXT,
  TraceFlags,
  defaultTextMapGetter,
  defaultTextMapSetter,
  diag,
  DiagLogLevel,
  trace,
  type Context,
  type SpanContext,
  type TextMapPropagator,
} from '@opentelemetry/api';

/** Collects diag.warn messages while `fn` runs. */
export function captureWarnings<T>(fn: () => T): {
  result: T;
  warnings: string[];
} {
  const warnings: string[] = [];
  const noop = () => {};
  diag.setLogger(
    {
      error: noop,
      warn: (message: string) => warnings.push(message),
      info: noop,
      debug: noop,
      verbose: noop,
    },
    { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true }
  );
  try {
    return { result: fn(), warnings };
  } finally {
    diag.disable();
  }
}

export function extract(
  propagator: TextMapPropagator,
  headers: Record<string, unknown>,
  context: Context = ROOT_CONTEXT
): Context {
  return propagator.extract(context, headers, defaultTextMapGetter);
}

export function extractSpanContext(
  propagator: TextMapPropagator,
  headers: Record<string, unknown>
): SpanContext | undefined {
  return trace.getSpanContext(extract(propagator, headers));
}

/** Injects `spanContext` (or the context) into a fresh carrier. */
export function inject(
  propagator: TextMapPropagator,
  what: SpanContext | Context
): Record<string, string> {
  const carrier: Record<string, string> = {};
  const context =
    'getValue' in what ? what : trace.setSpanContext(ROOT_CONTEXT, what);
  propagator.inject(context, carrier, defaultTextMapSetter);
  return carrier;
}

/** A local child of `parent`, as the SDK makes it (same trace state). */
export function childOf(
  parent: SpanContext,
  spanId: string,
  traceFlags = parent.traceFlags
): SpanContext {
  return {
    traceId: parent.traceId,
    spanId,
    traceFlags,
    traceState: parent.traceState,
    isRemote: false,
  };
}

export function localSpanContext(
  traceId: string,
  spanId: string,
  sampled = true
): SpanContext {
  return {
    traceId,
    spanId,
    traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: false,
  };
}
