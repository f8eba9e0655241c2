/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import type { Context, Span } from '@opentelemetry/api';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});
const tracer = provider.getTracer('test');

/**
 * Runs `fn` on a real SDK span (a child of the span in `parent`, if any, as
 * the instrumentation starts it from the extracted context) and returns the
 * span as exported.
 */
export function withSdkSpan(
  fn: (span: Span) => void,
  parent?: Context
): ReadableSpan {
  exporter.reset();
  const span = tracer.startSpan('invocation', undefined, parent);
  fn(span);
  span.end();
  const [finished] = exporter.getFinishedSpans();
  return finished;
}
