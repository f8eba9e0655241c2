/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Real dd-trace as the producer of every trace context the tests read:
// headers exactly as dd-trace's `text_map` injection writes them.

process.env.DD_TRACE_STARTUP_LOGS = 'false';
process.env.DD_INSTRUMENTATION_TELEMETRY_ENABLED = 'false';
process.env.DD_REMOTE_CONFIGURATION_ENABLED = 'false';
process.env.DD_TRACE_AGENT_URL = 'http://127.0.0.1:1';

interface DdSpanContext {
  toTraceId(get128bit?: boolean): string;
  toSpanId(get128bit?: boolean): string;
}
interface DdSpan {
  context(): DdSpanContext;
  setTag(key: string, value: unknown): void;
  finish(): void;
}
interface DdTracer {
  init(options: object): DdTracer;
  startSpan(name: string, options?: object): DdSpan;
  inject(span: DdSpan | DdSpanContext, format: string, carrier: object): void;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const tracer = (require('dd-trace') as DdTracer).init({
  plugins: false,
  flushInterval: 1e9,
});

/** A span made by dd-trace, as the producer of an event. */
export interface Producer {
  /** The headers dd-trace injects for it (`text_map`). */
  headers: Record<string, string>;
  /** Its trace id as OpenTelemetry writes it (32 hex). */
  traceId: string;
  /** Its span id (16 hex): the parent the consumer must pick. */
  spanId: string;
}

/**
 * A child span of a fresh dd-trace root (so that its span id differs from
 * the trace id), injected as dd-trace does. `keep: false` drops the trace
 * (USER_REJECT).
 */
export function ddProducer(options: { keep?: boolean } = {}): Producer {
  const root = tracer.startSpan('root');
  const span = tracer.startSpan('producer', { childOf: root });
  if (options.keep === false) span.setTag('manual.drop', true);
  if (options.keep === true) span.setTag('manual.keep', true);
  const headers: Record<string, string> = {};
  tracer.inject(span, 'text_map', headers);
  return {
    headers,
    traceId: span.context().toTraceId(true).padStart(32, '0'),
    spanId: span.context().toSpanId(true).padStart(16, '0'),
  };
}

/** Only the `x-datadog-*` headers of a producer (as non-Node tracers send). */
export function datadogOnly(headers: Record<string, string>) {
  const result: Record<string, string> = {};
  for (const key of Object.keys(headers)) {
    if (key.startsWith('x-datadog-')) result[key] = headers[key];
  }
  return result;
}
