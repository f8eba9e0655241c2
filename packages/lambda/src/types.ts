/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import type { Context, Span, TextMapPropagator } from '@opentelemetry/api';
import type { Environment } from '@otel-dd/propagator-datadog';

/**
 * The parts of the AWS Lambda `context` argument this package reads. The
 * `Context` type of `@types/aws-lambda` is assignable to it.
 */
export interface LambdaContextLike {
  readonly functionName?: string;
  readonly awsRequestId?: string;
  readonly invokedFunctionArn?: string;
  readonly clientContext?: { readonly custom?: unknown } | null;
}

/**
 * An `eventContextExtractor` for `@opentelemetry/instrumentation-aws-lambda`:
 * synchronous, never throws, returns the parent context of the invocation
 * (`ROOT_CONTEXT` when the event carries none).
 */
export type EventContextExtractor = (
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  event: any,
  context?: LambdaContextLike
) => Context;

/**
 * A trace context as Datadog's custom extractors return it (the shape of
 * `TraceContext` in datadog-lambda-js): decimal Datadog ids.
 */
export interface DatadogTraceContext {
  /** Low 64 bits of the trace id, unsigned decimal. */
  traceId?: string;
  /** Span id of the parent, unsigned decimal. */
  parentId?: string;
  /** Deprecated spelling of `traceId`, still accepted. */
  traceID?: string;
  /** Deprecated spelling of `parentId`, still accepted. */
  parentID?: string;
  /** Sampling priority: -1, 0, 1 (default) or 2. */
  sampleMode?: number;
  /**
   * `event` (default) parents the invocation; `xray` and `ddtrace` only do
   * when `DD_MERGE_XRAY_TRACES` is true, as in Datadog.
   */
  source?: string;
}

/**
 * What a custom extractor may return: Datadog ids, a header map (for
 * example the `_datadog` object of a custom payload), or nothing.
 */
export type CustomExtractorResult =
  DatadogTraceContext | Readonly<Record<string, unknown>> | null | undefined;

/**
 * A custom extractor, tried before every built-in source (Datadog's
 * `traceExtractor` / `DD_TRACE_EXTRACTOR`). It must be synchronous: the
 * OpenTelemetry instrumentation cannot wait, so a returned promise is
 * ignored (with a warning). Errors are caught.
 */
export type CustomTraceExtractor = (
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  event: any,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  context: any
) => CustomExtractorResult | Promise<unknown>;

/** Options of `createEventContextExtractor`. */
export interface EventContextExtractorOptions {
  /**
   * Tried before the built-in sources. Default: the function named by
   * `DD_TRACE_EXTRACTOR` (`<file>.<export>` under `LAMBDA_TASK_ROOT`).
   */
  customExtractor?: CustomTraceExtractor;
  /**
   * Reads `_datadog` header maps and HTTP headers. Default: the composite
   * propagator configured from `env` (`DD_TRACE_PROPAGATION_STYLE_EXTRACT`,
   * ...; default styles `datadog,tracecontext,baggage`).
   */
  propagator?: TextMapPropagator;
  /**
   * Use the trace context a Datadog-traced Lambda authorizer returned.
   * Default: `DD_DECODE_AUTHORIZER_CONTEXT`, else true.
   */
  decodeAuthorizerContext?: boolean;
  /**
   * Fall back to the function's X-Ray trace (`_X_AMZN_TRACE_ID`, mapped as
   * Datadog does), and let custom contexts with source `xray` parent.
   * Default: `DD_MERGE_XRAY_TRACES`, else false.
   */
  mergeXrayTraces?: boolean;
  /** Where settings are read. Default: `process.env`. */
  env?: Environment;
}

/** The `requestHook` signature of `@opentelemetry/instrumentation-aws-lambda`. */
export type RequestHook<TContext = LambdaContextLike> = (
  span: Span,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  hookInfo: { event: any; context: TContext }
) => void;

/** Options of `createRequestHook`. */
export interface RequestHookOptions<TContext = LambdaContextLike> {
  /**
   * Link the invocation span to the context of every other record of an
   * SQS, SNS or Kinesis batch (Datadog parents on the first record only).
   * Default: true.
   */
  batchLinks?: boolean;
  /** Most links added for one batch. Default: 128 (the SDK's default limit). */
  maxBatchLinks?: number;
  /**
   * Add Datadog span pointers for S3 object and DynamoDB stream records.
   * Default: `DD_TRACE_AWS_ADD_SPAN_POINTERS`, else true.
   */
  spanPointers?: boolean;
  /** Reads record carriers. Default: as for the extractor. */
  propagator?: TextMapPropagator;
  /** Your own hook, run after this one (its errors are its own). */
  requestHook?: RequestHook<TContext>;
  /** Where settings are read. Default: `process.env`. */
  env?: Environment;
}

/** Options of `getTraceHeaders` and the inject helpers. */
export interface InjectOptions {
  /** Context to propagate. Default: the active context. */
  context?: Context;
  /**
   * Writes the headers. Default: the composite propagator configured from
   * `env` (`DD_TRACE_PROPAGATION_STYLE_INJECT`, ...).
   */
  propagator?: TextMapPropagator;
  /** Where settings are read. Default: `process.env`. */
  env?: Environment;
}

/** Options of the inject helpers for batch commands. */
export interface BatchInjectOptions extends InjectOptions {
  /**
   * Inject into every entry instead of the first only. Default:
   * `DD_TRACE_AWS_SDK_<SERVICE>_BATCH_PROPAGATION_ENABLED`, else
   * `DD_TRACE_AWS_SDK_BATCH_PROPAGATION_ENABLED`, else false (as dd-trace).
   */
  batchPropagation?: boolean;
}
