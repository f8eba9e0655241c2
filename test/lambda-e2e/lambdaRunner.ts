/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// An OpenTelemetry-instrumented Lambda function run locally, in its own
// process: the real @opentelemetry/instrumentation-aws-lambda wraps the
// handler named by LAMBDA_TASK_ROOT and _HANDLER (set by the parent), with
// @otel-dd/lambda's extractor and request hook, the OTel SDK (2.x, or 3.x in
// the compat job) and an in-memory exporter. Invokes the handler once per
// event read from stdin. ES module handlers (.mjs) are loaded with import(),
// as the Lambda runtime does; they are instrumented only when the parent
// starts this process with the instrumentation's ESM loader hook.

import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { SpanKind } from '@opentelemetry/api';
import { AwsLambdaInstrumentation } from '@opentelemetry/instrumentation-aws-lambda';
import {
  datadogEventContextExtractor,
  datadogRequestHook,
} from '@otel-dd/lambda';
import { DatadogSpanLinksProcessor } from '@otel-dd/propagator-composite';
import type * as OtelSdk from '../support/otelSdk';

// Compiled, this file is one folder deeper than its source.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const otelSdk = require('../../support/otelSdk') as typeof OtelSdk;

export interface LambdaRunRequest {
  invocations: Array<{ event: unknown; clientContext?: unknown }>;
}

export interface RecordedSpan {
  name: string;
  kind: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  links: Array<{
    traceId: string;
    spanId: string;
    attributes: Record<string, unknown>;
  }>;
  attributes: Record<string, unknown>;
}

export interface LambdaRunResult {
  /** What the handler returned (it reports the span it ran in). */
  result?: { ran: boolean; traceId?: string; spanId?: string };
  error?: string;
  spans: RecordedSpan[];
}

async function main(input: string): Promise<void> {
  const request = JSON.parse(input) as LambdaRunRequest;
  const exporter = new otelSdk.InMemorySpanExporter();
  const provider = otelSdk.registerTracerProvider({
    // Adds the links the composite propagator records (other traces in
    // the same carrier) to the invocation span.
    spanProcessors: [
      new DatadogSpanLinksProcessor(),
      otelSdk.simpleSpanProcessor(exporter),
    ],
  });
  const instrumentation = new AwsLambdaInstrumentation({
    eventContextExtractor: datadogEventContextExtractor,
    requestHook: datadogRequestHook,
  });
  instrumentation.setTracerProvider(provider);

  // Loaded after the instrumentation, as the Lambda runtime would: the
  // first of <module>.js, .mjs, .cjs (the instrumentation's order), an
  // ES module with import().
  const base = `${process.env.LAMBDA_TASK_ROOT}/${process.env._HANDLER?.split('.')[0]}`;
  const handlerPath = ['.js', '.mjs', '.cjs']
    .map(extension => base + extension)
    .find(file => fs.existsSync(file));
  if (handlerPath === undefined) throw new Error(`no handler at ${base}`);
  const { handler } = (
    handlerPath.endsWith('.mjs')
      ? await import(pathToFileURL(handlerPath).href)
      : // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(handlerPath)
  ) as {
    handler: (
      event: unknown,
      context: unknown
    ) => Promise<LambdaRunResult['result']>;
  };

  const results: LambdaRunResult[] = [];
  for (const [i, { event, clientContext }] of request.invocations.entries()) {
    exporter.reset();
    const context = {
      functionName: 'my-function',
      awsRequestId: `request-${i}`,
      invokedFunctionArn:
        'arn:aws:lambda:us-east-1:123456789012:function:my-function',
      clientContext:
        clientContext === undefined ? undefined : { custom: clientContext },
    };
    const outcome: LambdaRunResult = { spans: [] };
    try {
      outcome.result = await handler(event, context);
    } catch (error) {
      outcome.error = String(error);
    }
    outcome.spans = exporter.getFinishedSpans().map(span => ({
      name: span.name,
      kind: SpanKind[span.kind],
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
      parentSpanId: span.parentSpanContext?.spanId,
      links: span.links.map(link => ({
        traceId: link.context.traceId,
        spanId: link.context.spanId,
        attributes: { ...link.attributes },
      })),
      attributes: { ...span.attributes },
    }));
    results.push(outcome);
  }
  process.stdout.write(JSON.stringify(results), () => process.exit(0));
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => (input += chunk));
process.stdin.on('end', () => void main(input));
