/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import {
  context as contextApi,
  ROOT_CONTEXT,
  trace,
  type Context,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';

contextApi.setGlobalContextManager(
  new AsyncLocalStorageContextManager().enable()
);

const tracer = new BasicTracerProvider().getTracer('producer');

/** An OpenTelemetry SDK span (sampled) and its context, as a producer. */
export function otelProducer(): {
  context: Context;
  traceId: string;
  spanId: string;
} {
  const span = tracer.startSpan('send');
  const { traceId, spanId } = span.spanContext();
  return { context: trace.setSpan(ROOT_CONTEXT, span), traceId, spanId };
}
