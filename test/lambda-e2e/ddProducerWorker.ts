/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Real dd-trace, in its own process, as the producer of events: each
// producer is a child span of a fresh root (so its span id differs from the
// trace id), injected with `text_map` exactly as dd-trace's aws-sdk plugin
// does before it places the headers in a `_datadog` carrier.

export interface ProducerRequest {
  /** One entry per producer: its sampling decision (default: auto keep). */
  producers: Array<{ keep?: boolean }>;
}

export interface Producer {
  headers: Record<string, string>;
  /** 32 hex, as OpenTelemetry writes it. */
  traceId: string;
  /** 16 hex: the parent a consumer must pick. */
  spanId: string;
}

interface DdSpan {
  context(): {
    toTraceId(full?: boolean): string;
    toSpanId(full?: boolean): string;
  };
  setTag(key: string, value: unknown): void;
}
interface DdTracer {
  init(options: object): DdTracer;
  startSpan(name: string, options?: object): DdSpan;
  inject(span: DdSpan, format: string, carrier: object): void;
}

function main(input: string): void {
  const request = JSON.parse(input) as ProducerRequest;
  process.env.DD_TRACE_STARTUP_LOGS = 'false';
  process.env.DD_INSTRUMENTATION_TELEMETRY_ENABLED = 'false';
  process.env.DD_REMOTE_CONFIGURATION_ENABLED = 'false';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tracer = (require('dd-trace') as DdTracer).init({
    plugins: false,
    flushInterval: 1e9,
  });
  const producers: Producer[] = request.producers.map(({ keep }) => {
    const root = tracer.startSpan('root');
    const span = tracer.startSpan('producer', { childOf: root });
    if (keep === false) span.setTag('manual.drop', true);
    const headers: Record<string, string> = {};
    tracer.inject(span, 'text_map', headers);
    return {
      headers,
      traceId: span.context().toTraceId(true).padStart(32, '0'),
      spanId: span.context().toSpanId(true).padStart(16, '0'),
    };
  });
  process.stdout.write(JSON.stringify(producers), () => process.exit(0));
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => (input += chunk));
process.stdin.on('end', () => main(input));
