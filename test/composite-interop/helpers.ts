/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import { spawn } from 'node:child_process';
import * as path from 'node:path';
import {
  ROOT_CONTEXT,
  defaultTextMapGetter,
  defaultTextMapSetter,
  propagation,
  trace,
  type Context,
  type Span,
  type SpanContext,
} from '@opentelemetry/api';
import type {
  IdGenerator,
  ReadableSpan,
  Sampler,
} from '@opentelemetry/sdk-trace-base';
import {
  DatadogCompositePropagator,
  DatadogSpanLinksProcessor,
  getDatadogState,
  getExtractedSpanLinks,
} from '@otel-dd/propagator-composite';
import { hexIdToDecimal } from '@otel-dd/propagator-datadog';
import type {
  DdExtracted,
  Headers,
  LinkDescription,
  WorkerOutput,
  WorkerResult,
} from './protocol';
import type * as OtelSdk from '../support/otelSdk';

// The SDK of the installed OpenTelemetry line (2.x, or 3.x in the compat
// job); compiled, this file is one folder deeper than its source.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const otelSdk = require('../../support/otelSdk') as typeof OtelSdk;

const WORKER = path.join(__dirname, 'ddWorker.js');

/** The environment of the worker: ours without DD_/OTEL_ settings. */
function workerEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('DD_') && !key.startsWith('OTEL_')) clean[key] = value;
  }
  return {
    ...clean,
    DD_TRACE_STARTUP_LOGS: 'false',
    DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'false',
    DD_REMOTE_CONFIGURATION_ENABLED: 'false',
    ...env,
  };
}

/** Runs dd-trace with `env` over `cases` in a child process. */
export function runDdTrace(
  env: Record<string, string>,
  cases: Headers[]
): Promise<WorkerOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER], {
      env: workerEnv(env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', chunk => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk));
    child.on('error', reject);
    child.on('close', code => {
      try {
        if (code !== 0) throw new Error(`worker exited ${code}: ${stderr}`);
        resolve(JSON.parse(stdout) as WorkerOutput);
      } catch (error) {
        reject(error);
      }
    });
    child.stdin.end(JSON.stringify(cases.map(headers => ({ headers }))));
  });
}

/** What one side did with one case, in comparable form. */
export interface Outcome {
  context: {
    traceId: string;
    spanId: string | null;
    priority: number | null;
    origin: string | null;
    tags: Array<[string, string]>;
    parentId: string | null;
  } | null;
  links: LinkDescription[];
  baggage: Record<string, string>;
  baggageTags: Record<string, string>;
  child: { traceId: string; spanId: string };
  injected: Record<string, string>;
}

export function ddOutcome(result: WorkerResult): Outcome {
  const extracted: DdExtracted | null = result.extracted;
  let context: Outcome['context'] = null;
  if (extracted !== null) {
    let parentId: string | null = null;
    const tags: Array<[string, string]> = [];
    for (const [key, value] of extracted.tags) {
      if (key === '_dd.parent_id') parentId = value;
      else if (key.startsWith('_dd.p.') && value) tags.push([key, value]);
    }
    context = {
      traceId: extracted.traceId,
      spanId: extracted.spanId,
      priority: extracted.priority,
      origin: extracted.origin,
      tags,
      parentId,
    };
  }
  return {
    context,
    links: extracted?.links ?? [],
    baggage: result.baggage,
    baggageTags: result.childBaggageTags,
    child: result.child,
    injected: result.injected,
  };
}

function describeSpanContext(spanContext: SpanContext): Outcome['context'] {
  const state = getDatadogState(spanContext);
  return {
    traceId: spanContext.traceId,
    spanId: spanContext.spanId,
    priority: state.samplingPriority,
    origin: state.origin ?? null,
    tags: state.tags,
    parentId: state.lastParentId ?? null,
  };
}

/** Records spans of dropped traces too, so their links can be compared. */
const recordOnly: Sampler = {
  shouldSample: () => ({ decision: otelSdk.SamplingDecision.RECORD }),
  toString: () => 'RecordOnly',
};

function randomHex(length: number): string {
  let hex = '';
  while (hex.length < length) {
    hex += Math.floor(Math.random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  }
  return hex.slice(0, length);
}

/**
 * Ids shaped like dd-trace's: a root span id equals the low 64 bits of its
 * trace id (the SDK draws the span id first), so new traces compare.
 */
export class DatadogLikeIdGenerator implements IdGenerator {
  private _lastSpanId = randomHex(16);

  generateSpanId(): string {
    this._lastSpanId = randomHex(16);
    return this._lastSpanId;
  }

  generateTraceId(): string {
    return randomHex(8) + '00000000' + this._lastSpanId;
  }
}

/** Runs our propagator with `env` over `cases`, in process. */
export function runOurs(
  env: Record<string, string>,
  cases: Headers[]
): Outcome[] {
  const propagator = new DatadogCompositePropagator({ env });
  const provider = new otelSdk.TracerProvider({
    spanProcessors: [new DatadogSpanLinksProcessor()],
    idGenerator: new DatadogLikeIdGenerator(),
    sampler: new otelSdk.ParentBasedSampler({
      root: new otelSdk.AlwaysOnSampler(),
      remoteParentNotSampled: recordOnly,
      localParentNotSampled: recordOnly,
    }),
  });
  const tracer = provider.getTracer('composite-interop');
  return cases.map(headers => {
    const context: Context = propagator.extract(
      ROOT_CONTEXT,
      headers,
      defaultTextMapGetter
    );
    const spanContext = trace.getSpanContext(context);
    const recorded = getExtractedSpanLinks(context);
    const span = tracer.startSpan(
      'child',
      {},
      context
    ) as unknown as ReadableSpan & Span;
    const injected: Record<string, string> = {};
    propagator.inject(
      trace.setSpan(context, span),
      injected,
      defaultTextMapSetter
    );
    const links = span.links.map(link => ({
      traceId: link.context.traceId,
      spanId: link.context.spanId,
      attributes: { ...link.attributes },
    }));
    // Under `restart` the extracted context is only the target of a link.
    const described =
      spanContext !== undefined
        ? describeSpanContext(spanContext)
        : recorded.length > 0 &&
            recorded[0].attributes?.reason === 'propagation_behavior_extract'
          ? describeSpanContext(recorded[0].context)
          : null;
    const baggage: Record<string, string> = {};
    for (const [key, entry] of propagation
      .getBaggage(context)
      ?.getAllEntries() ?? []) {
      baggage[key] = entry.value;
    }
    const baggageTags: Record<string, string> = {};
    for (const [key, value] of Object.entries(span.attributes)) {
      if (key.startsWith('baggage.')) baggageTags[key] = String(value);
    }
    const child = span.spanContext();
    span.end();
    return {
      context: described,
      links,
      baggage,
      baggageTags,
      child: { traceId: child.traceId, spanId: child.spanId },
      injected,
    };
  });
}

function replaceAll(
  value: string,
  search: string,
  replacement: string
): string {
  return search.length === 0 ? value : value.split(search).join(replacement);
}

/**
 * Replaces the child span's id (and, for a new trace, its trace id) by
 * placeholders, in every form the headers use.
 */
export function normalizeInjected(
  injected: Record<string, string>,
  child: { traceId: string; spanId: string },
  newTrace: boolean
): Record<string, string> {
  const result: Record<string, string> = {};
  const spanDecimal = hexIdToDecimal(child.spanId) as string;
  const high = child.traceId.slice(0, 16);
  const low = child.traceId.slice(16);
  const lowDecimal = hexIdToDecimal(low) as string;
  for (const key of Object.keys(injected).sort()) {
    let value = injected[key];
    if (newTrace) value = replaceAll(value, child.traceId, '{trace}');
    value = replaceAll(value, child.spanId, '{span}');
    if (newTrace) {
      value = replaceAll(value, high, '{trace.high}');
      value = replaceAll(value, low, '{trace.low}');
      value = replaceAll(value, lowDecimal, '{trace.low.dec}');
    }
    value = replaceAll(value, spanDecimal, '{span.dec}');
    result[key] = value;
  }
  return result;
}

/**
 * Removes what only a local dd-trace sampling decision writes (decision
 * maker `-0` and the `ot` member of a probability decision): an
 * OpenTelemetry sampler makes that decision on our side.
 */
export function withoutLocalDecision(
  injected: Record<string, string>
): Record<string, string> {
  const result = { ...injected };
  if (result['x-datadog-tags'] !== undefined) {
    const tags = result['x-datadog-tags']
      .split(',')
      .filter(tag => tag !== '_dd.p.dm=-0');
    if (tags.length > 0) result['x-datadog-tags'] = tags.join(',');
    else delete result['x-datadog-tags'];
  }
  if (result.tracestate !== undefined) {
    result.tracestate = result.tracestate
      .split(',')
      .filter(member => !member.startsWith('ot='))
      .map(member =>
        member.startsWith('dd=')
          ? 'dd=' +
            member
              .slice(3)
              .split(';')
              .filter(part => part !== 't.dm:-0')
              .join(';')
          : member
      )
      .join(',');
  }
  return result;
}
