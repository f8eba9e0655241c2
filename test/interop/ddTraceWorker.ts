/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Runs real dd-trace in its own process (it patches the module loader and
// keeps the process alive) and answers a batch of propagation requests read
// as JSON from stdin. Configuration comes from the environment the parent
// sets, exactly as it would for a dd-trace service.

type Headers = Record<string, string>;

export interface WorkerRequest {
  /** Extract these headers, then inject the extracted context as is. */
  reinject?: Headers[];
  /** Extract these headers, start a child span, inject the child. */
  child?: Headers[];
  /** Extract these headers and describe the context. */
  extract?: Headers[];
}

export interface ExtractedByDdTrace {
  traceId: string;
  spanId: string;
  priority?: number;
  origin?: string;
  tags: Record<string, string>;
}

export interface WorkerResponse {
  reinject: Array<Headers | null>;
  child: Array<{ spanId: string; headers: Headers } | null>;
  extract: Array<ExtractedByDdTrace | null>;
}

process.env.DD_TRACE_STARTUP_LOGS = 'false';
process.env.DD_INSTRUMENTATION_TELEMETRY_ENABLED = 'false';
process.env.DD_REMOTE_CONFIGURATION_ENABLED = 'false';
process.env.DD_TRACE_ENABLED = process.env.DD_TRACE_ENABLED ?? 'true';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const tracer = require('dd-trace').init({ plugins: false, flushInterval: 1e9 });

function describe(context: any): ExtractedByDdTrace | null {
  if (!context) return null;
  return {
    traceId: context.toTraceId(),
    spanId: context.toSpanId(),
    priority: context._sampling?.priority,
    origin: context._trace?.origin,
    tags: { ...(context._trace?.tags ?? {}) },
  };
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => (input += chunk));
process.stdin.on('end', () => {
  const request = JSON.parse(input) as WorkerRequest;
  const response: WorkerResponse = {
    reinject: (request.reinject ?? []).map(headers => {
      const context = tracer.extract('text_map', headers);
      if (!context) return null;
      const out: Headers = {};
      tracer.inject(context, 'text_map', out);
      return out;
    }),
    child: (request.child ?? []).map(headers => {
      const parent = tracer.extract('text_map', headers);
      if (!parent) return null;
      const span = tracer.startSpan('interop.child', { childOf: parent });
      const out: Headers = {};
      tracer.inject(span, 'text_map', out);
      return { spanId: span.context().toSpanId(), headers: out };
    }),
    extract: (request.extract ?? []).map(headers =>
      describe(tracer.extract('text_map', headers))
    ),
  };
  process.stdout.write(JSON.stringify(response), () => process.exit(0));
});
