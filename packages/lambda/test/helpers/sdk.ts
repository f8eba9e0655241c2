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
import type { Span } from '@opentelemetry/api';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});
const tracer = provider.getTracer('test');

/** Runs `fn` on a real SDK span and returns the span as exported. */
export function withSdkSpan(fn: (span: Span) => void): ReadableSpan {
  exporter.reset();
  const span = tracer.startSpan('invocation');
  fn(span);
  span.end();
  const [finished] = exporter.getFinishedSpans();
  return finished;
}
