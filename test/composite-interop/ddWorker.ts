/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Runs in a child process with the environment of one configuration:
// reads cases (incoming headers) as JSON on stdin and prints, for each,
// what dd-trace extracts and what it injects from a child span. dd-trace
// reads its configuration once, at init, hence one process per setting.

process.env.DD_TRACE_STARTUP_LOGS ??= 'false';
process.env.DD_INSTRUMENTATION_TELEMETRY_ENABLED ??= 'false';
process.env.DD_REMOTE_CONFIGURATION_ENABLED ??= 'false';

import type { WorkerCase, WorkerOutput, DdExtracted } from './protocol';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const tracer = require('dd-trace').init({
  plugins: false,
  flushInterval: 1e9,
});

function describeContext(ctx: any): DdExtracted {
  const tags: Array<[string, string]> = [];
  for (const key of Object.keys(ctx._trace.tags)) {
    const value = ctx._trace.tags[key];
    if (value === undefined) continue;
    tags.push([key, String(value)]);
  }
  return {
    traceId: ctx.toTraceId(true),
    spanId: ctx._spanId ? ctx.toSpanId(true) : null,
    priority: ctx._sampling.priority ?? null,
    origin: ctx._trace.origin ?? null,
    tags,
    links: ctx._links.map((link: any) => ({
      traceId: link.context.toTraceId(true),
      spanId: link.context.toSpanId(true),
      attributes: link.attributes,
    })),
  };
}

function run(cases: WorkerCase[]): WorkerOutput {
  const config = tracer._tracer._config;
  const results = cases.map(({ headers }) => {
    const ctx = tracer.extract('text_map', headers);
    const baggage = { ...tracer.getAllBaggageItems() };
    const extracted = ctx ? describeContext(ctx) : null;
    const span = tracer.startSpan('child', ctx ? { childOf: ctx } : {});
    const injected: Record<string, string> = {};
    tracer.inject(span, 'text_map', injected);
    const child = span.context();
    // Trace tags land on the local trace the child belongs to.
    const childBaggageTags: Record<string, string> = {};
    for (const key of Object.keys(child._trace.tags)) {
      if (key.startsWith('baggage.')) {
        childBaggageTags[key] = String(child._trace.tags[key]);
      }
    }
    return {
      childBaggageTags,
      extracted,
      baggage,
      injected,
      child: {
        traceId: child.toTraceId(true),
        spanId: child.toSpanId(true),
      },
    };
  });
  return {
    config: {
      extract: config.tracePropagationStyle.extract,
      inject: config.tracePropagationStyle.inject,
      extractFirst: config.DD_TRACE_PROPAGATION_EXTRACT_FIRST,
      extractBehavior: config.DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT,
      tagsMaxLength: config.DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH,
      baggageMaxItems: config.baggageMaxItems,
      baggageMaxBytes: config.baggageMaxBytes,
      baggageTagKeys: config.baggageTagKeys,
    },
    results,
  };
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => (input += chunk));
process.stdin.on('end', () => {
  const output = run(JSON.parse(input) as WorkerCase[]);
  process.stdout.write(JSON.stringify(output), () => process.exit(0));
});
