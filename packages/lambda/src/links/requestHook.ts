/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import {
  diag,
  type Link,
  type Span,
  type SpanContext,
  type TextMapPropagator,
} from '@opentelemetry/api';
import { defaultEnvironment } from '@otel-dd/propagator-datadog';
import { readBoolean } from '../config';
import { own } from '../internal/plainData';
import { resolvePropagator } from '../propagation';
import type {
  LambdaContextLike,
  RequestHook,
  RequestHookOptions,
} from '../types';
import { batchLinks } from './batchLinks';
import type * as SpanPointersModule from './spanPointers';

/** The SDK's default limit on links per span. */
const DEFAULT_MAX_BATCH_LINKS = 128;

let spanPointersModule: typeof SpanPointersModule | undefined;

/** Loaded on first use: it needs `node:crypto`. */
function loadSpanPointers(): typeof SpanPointersModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./spanPointers') as typeof SpanPointersModule;
}

/** True when the first record may give span pointers (S3 or DynamoDB). */
function mayHavePointers(event: unknown): boolean {
  const records = own(event, 'Records');
  if (!Array.isArray(records) || records.length === 0) return false;
  return (
    own(records[0], 's3') !== undefined ||
    own(records[0], 'dynamodb') !== undefined
  );
}

function maxLinksOption(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_BATCH_LINKS;
  if (Number.isInteger(value) && value >= 0) return value;
  diag.warn(
    `maxBatchLinks=${String(value)} is not a non-negative integer; using ${DEFAULT_MAX_BATCH_LINKS}`
  );
  return DEFAULT_MAX_BATCH_LINKS;
}

/**
 * The parent of the invocation span (the context the event context
 * extractor returned), so that no link repeats it. The API has no such
 * field; SDK spans expose `parentSpanContext` (2.x) or `parentSpanId`
 * (1.x, of the span's own trace).
 */
function parentOf(span: Span): SpanContext | undefined {
  const sdkSpan = span as {
    parentSpanContext?: SpanContext;
    parentSpanId?: unknown;
  };
  const parent = sdkSpan.parentSpanContext;
  if (typeof parent === 'object' && parent !== null) return parent;
  const spanId = sdkSpan.parentSpanId;
  return typeof spanId === 'string'
    ? { ...span.spanContext(), spanId, isRemote: true }
    : undefined;
}

function addLinks(span: Span, links: Link[]): void {
  // `addLinks` is in the API since 1.9; one call per link keeps working
  // with spans that only implement `addLink`.
  for (const link of links) span.addLink(link);
}

/**
 * Creates a `requestHook` for `@opentelemetry/instrumentation-aws-lambda`
 * that adds batch links and Datadog span pointers to the invocation span,
 * then runs your own hook (`options.requestHook`).
 */
export function createRequestHook<TContext = LambdaContextLike>(
  options: RequestHookOptions<TContext> = {}
): RequestHook<TContext> {
  let settings:
    | {
        propagator: TextMapPropagator;
        batchLinks: boolean;
        maxBatchLinks: number;
        spanPointers: boolean;
      }
    | undefined;
  const userHook = options.requestHook;
  return function datadogRequestHook(span, hookInfo) {
    try {
      if (settings === undefined) {
        const env = options.env ?? defaultEnvironment();
        settings = {
          propagator: resolvePropagator(options.propagator, options.env),
          batchLinks: options.batchLinks ?? true,
          maxBatchLinks: maxLinksOption(options.maxBatchLinks),
          spanPointers:
            options.spanPointers ??
            readBoolean(env, 'DD_TRACE_AWS_ADD_SPAN_POINTERS', true),
        };
      }
      const event: unknown = hookInfo?.event;
      if (settings.batchLinks && settings.maxBatchLinks > 0) {
        addLinks(
          span,
          batchLinks(
            event,
            settings.propagator,
            parentOf(span),
            settings.maxBatchLinks
          )
        );
      }
      if (settings.spanPointers && mayHavePointers(event)) {
        spanPointersModule ??= loadSpanPointers();
        addLinks(span, spanPointersModule.spanPointers(event));
      }
    } catch (error) {
      diag.debug('datadog request hook failed', error);
    }
    if (userHook !== undefined) userHook(span, hookInfo);
  };
}

/** The request hook with default settings (environment variables). */
export const datadogRequestHook: RequestHook = createRequestHook();
