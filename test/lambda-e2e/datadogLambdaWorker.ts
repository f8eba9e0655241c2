/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// datadog-lambda-js 12.143.0 with its peer dd-trace, in their own process:
// the parent Datadog's Lambda library picks for each event, through its
// real extractor (TraceContextExtractor.extract, as its listener calls it).

export interface DatadogLambdaRequest {
  invocations: Array<{ event: unknown; clientContext?: unknown }>;
}

/** What Datadog would parent `aws.lambda` on, or null. */
export interface DatadogLambdaParent {
  /** 32 hex: `_dd.p.tid` (as dd-trace stores it) and the low 64 bits. */
  traceId: string;
  /** Low 64 bits, decimal. */
  lowTraceId: string;
  /** 16 hex. */
  spanId: string;
  priority: number;
  source: string;
}

interface SpanContextWrapper {
  source: string;
  toTraceId(): string;
  toSpanId(): string;
  sampleMode(): number;
  spanContext: {
    toTraceId(full?: boolean): string;
    toSpanId(full?: boolean): string;
  };
}

async function main(input: string): Promise<void> {
  process.env.DD_TRACE_STARTUP_LOGS = 'false';
  process.env.DD_INSTRUMENTATION_TELEMETRY_ENABLED = 'false';
  process.env.DD_REMOTE_CONFIGURATION_ENABLED = 'false';
  /* eslint-disable @typescript-eslint/no-require-imports */
  require('dd-trace').init({ plugins: false, flushInterval: 1e9 });
  const {
    TraceContextExtractor,
  } = require('datadog-lambda-js/dist/trace/context/extractor');
  const {
    TracerWrapper,
  } = require('datadog-lambda-js/dist/trace/tracer-wrapper');
  const {
    StepFunctionContextService,
  } = require('datadog-lambda-js/dist/trace/step-function-service');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const request = JSON.parse(input) as DatadogLambdaRequest;
  const merge =
    (process.env.DD_MERGE_XRAY_TRACES ?? '').toLowerCase() === 'true';
  const extractor = new TraceContextExtractor(new TracerWrapper(), {
    decodeAuthorizerContext:
      (process.env.DD_DECODE_AUTHORIZER_CONTEXT ?? 'true').toLowerCase() ===
      'true',
    dataStreamsEnabled: false,
    traceExtractor: undefined,
  });
  const results: Array<DatadogLambdaParent | null> = [];
  for (const { event, clientContext } of request.invocations) {
    // The listener resets this per-invocation singleton when one completes.
    StepFunctionContextService.reset();
    const context = {
      functionName: 'f',
      awsRequestId: 'r',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f',
      clientContext:
        clientContext === undefined ? undefined : { custom: clientContext },
    };
    let wrapper: SpanContextWrapper | null;
    try {
      wrapper = await extractor.extract(event, context);
    } catch {
      wrapper = null;
    }
    // The listener parents aws.lambda only on `event` sources (or X-Ray when merging).
    if (wrapper === null || !(wrapper.source === 'event' || merge)) {
      results.push(null);
      continue;
    }
    results.push({
      traceId: wrapper.spanContext.toTraceId(true).padStart(32, '0'),
      lowTraceId: wrapper.toTraceId(),
      spanId: BigInt(wrapper.toSpanId()).toString(16).padStart(16, '0'),
      priority: Number(wrapper.sampleMode()),
      source: wrapper.source,
    });
  }
  process.stdout.write(JSON.stringify(results), () => process.exit(0));
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => (input += chunk));
process.stdin.on('end', () => void main(input));
