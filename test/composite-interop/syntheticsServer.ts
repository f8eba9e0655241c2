/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// A child process for synthetics.test.ts: an HTTP server under the OTel Node
// SDK and instrumentation-http that calls a downstream URL for each request
// and prints finished spans as JSON lines. OTEL_DD_OPT_IN=1 adds
// DatadogIdGenerator and DatadogSampler; OTEL_DD_PROPAGATOR picks
// `composite` (default) or `datadog`.

process.env.OTEL_METRICS_EXPORTER ??= 'none';
process.env.OTEL_LOGS_EXPORTER ??= 'none';

import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type * as Http from 'node:http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { DatadogCompositePropagator } from '@otel-dd/propagator-composite';
import {
  DatadogIdGenerator,
  DatadogPropagator,
  DatadogSampler,
} from '@otel-dd/propagator-datadog';

function print(line: object): void {
  process.stdout.write(JSON.stringify(line) + '\n');
}

const exporter: SpanExporter = {
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    for (const span of spans) {
      const spanContext = span.spanContext();
      print({
        type: 'span',
        name: span.name,
        traceId: spanContext.traceId,
        spanId: spanContext.spanId,
        parentSpanId: span.parentSpanContext?.spanId ?? null,
        traceState: spanContext.traceState?.serialize() ?? null,
      });
    }
    done({ code: 0 });
  },
  shutdown: () => Promise.resolve(),
};

const optIn = process.env.OTEL_DD_OPT_IN === '1';
const sdk = new NodeSDK({
  serviceName: 'synthetics-test',
  textMapPropagator:
    process.env.OTEL_DD_PROPAGATOR === 'datadog'
      ? new DatadogPropagator()
      : new DatadogCompositePropagator(),
  ...(optIn
    ? { idGenerator: new DatadogIdGenerator(), sampler: new DatadogSampler() }
    : {}),
  spanProcessors: [new SimpleSpanProcessor(exporter)],
  instrumentations: [new HttpInstrumentation()],
});
sdk.start();

// Required after sdk.start() so that the instrumentation patches it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const http = require('node:http') as typeof Http;

const tracer = trace.getTracer('synthetics-test');

const server = http.createServer((request, response) => {
  const downstream = new URL(request.url ?? '/', 'http://localhost');
  // A root span started while the server span is active: it must not take
  // the Synthetics trace id a second time.
  const inside = tracer.startSpan('inside-root', { root: true });
  inside.end();
  http
    .get(downstream.searchParams.get('downstream') ?? '', res => {
      res.resume();
      res.on('end', () => {
        response.setHeader('content-type', 'application/json');
        response.end(
          JSON.stringify({
            serverTraceId: trace.getActiveSpan()?.spanContext().traceId,
            insideTraceId: inside.spanContext().traceId,
          })
        );
        // A root span started later, outside the request's context.
        setImmediate(() => {
          context.with(ROOT_CONTEXT, () =>
            tracer.startSpan('later-root').end()
          );
        });
      });
    })
    .on('error', () => response.end('{}'));
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  print({ type: 'listening', url: `http://127.0.0.1:${port}` });
});

process.on('SIGTERM', () => {
  server.close();
  void sdk.shutdown().finally(() => process.exit(0));
});
