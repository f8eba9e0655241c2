/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Loading this module loads nothing else of the package: every part loads
// the first time it is used, so that `require('@otel-dd/lambda')` costs a
// Lambda cold start next to nothing.

import { diag, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import type * as ExtractorModule from './extractor';
import type * as InjectModule from './inject';
import type * as RequestHookModule from './links/requestHook';
import type {
  BatchInjectOptions,
  EventContextExtractor,
  EventContextExtractorOptions,
  InjectOptions,
  LambdaContextLike,
  RequestHook,
  RequestHookOptions,
} from './types';

export { composeRequestHooks } from './links/composeRequestHooks';
export type {
  BatchInjectOptions,
  CustomExtractorResult,
  CustomTraceExtractor,
  DatadogTraceContext,
  EventContextExtractor,
  EventContextExtractorOptions,
  InjectOptions,
  LambdaContextLike,
  RequestHook,
  RequestHookOptions,
} from './types';
export type {
  MessageAttributeValue,
  MessageAttributes,
} from './inject/messageAttributes';
export type {
  SqsSendMessageBatchInput,
  SqsSendMessageInput,
} from './inject/sqs';
export type { SnsPublishBatchInput, SnsPublishInput } from './inject/sns';
export type {
  EventBridgePutEventsEntry,
  EventBridgePutEventsInput,
} from './inject/eventBridge';
export type {
  KinesisPutRecordInput,
  KinesisPutRecordsInput,
} from './inject/kinesis';
export type { StepFunctionsStartExecutionInput } from './inject/stepFunctions';
export type { LambdaInvokeInput } from './inject/lambda';

let extractorModule: typeof ExtractorModule | undefined;
let requestHookModule: typeof RequestHookModule | undefined;
let injectModule: typeof InjectModule | undefined;

function loadExtractor(): typeof ExtractorModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./extractor') as typeof ExtractorModule;
}

function loadRequestHook(): typeof RequestHookModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./links/requestHook') as typeof RequestHookModule;
}

function loadInject(): typeof InjectModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (injectModule ??= require('./inject') as typeof InjectModule);
}

/**
 * Creates an `eventContextExtractor` for
 * `@opentelemetry/instrumentation-aws-lambda`: the invocation becomes the
 * child of the trace its event carries, wherever Datadog's tracers put it
 * (`_datadog` in SQS, SNS, EventBridge, Kinesis, Step Functions and durable
 * payloads, HTTP headers, authorizer and client contexts). Synchronous,
 * never throws; `ROOT_CONTEXT` when the event carries no context.
 */
export function createEventContextExtractor(
  options: EventContextExtractorOptions = {}
): EventContextExtractor {
  let extractor: EventContextExtractor | undefined;
  return function eventContextExtractor(
    event: unknown,
    lambdaContext?: LambdaContextLike
  ): Context {
    if (extractor === undefined) {
      try {
        extractorModule ??= loadExtractor();
        extractor = extractorModule.createEventContextExtractor(options);
      } catch (error) {
        diag.debug('datadog event context extractor unavailable', error);
        return ROOT_CONTEXT;
      }
    }
    return extractor(event, lambdaContext);
  };
}

/** The event context extractor configured from environment variables. */
export const datadogEventContextExtractor: EventContextExtractor =
  /* @__PURE__ */ createEventContextExtractor();

/**
 * Creates a `requestHook` for `@opentelemetry/instrumentation-aws-lambda`
 * that links the invocation span to the other records of a batch and adds
 * Datadog span pointers for S3 and DynamoDB records, then runs
 * `options.requestHook`.
 */
export function createRequestHook<TContext = LambdaContextLike>(
  options: RequestHookOptions<TContext> = {}
): RequestHook<TContext> {
  let hook: RequestHook<TContext> | undefined;
  return function requestHook(span, hookInfo) {
    if (hook === undefined) {
      try {
        requestHookModule ??= loadRequestHook();
        hook = requestHookModule.createRequestHook(options);
      } catch (error) {
        diag.debug('datadog request hook unavailable', error);
        options.requestHook?.(span, hookInfo);
        return;
      }
    }
    hook(span, hookInfo);
  };
}

/** The request hook configured from environment variables. */
export const datadogRequestHook: RequestHook =
  /* @__PURE__ */ createRequestHook();

/**
 * The trace context of `context` (default: the active one) as the header
 * map Datadog consumers read from `_datadog`. Empty without a valid span
 * context.
 */
export function getTraceHeaders(
  context?: Context,
  options?: Omit<InjectOptions, 'context'>
): Record<string, string> {
  try {
    return loadInject().getTraceHeaders(context, options);
  } catch (error) {
    diag.debug('getTraceHeaders failed', error);
    return {};
  }
}

/** Runs an inject helper; any failure leaves the input as it was. */
function safely<T, O>(
  name: keyof typeof InjectModule,
  input: T,
  options: O | undefined
): T {
  try {
    const helper = loadInject()[name] as unknown as (i: T, o?: O) => T;
    return helper(input, options);
  } catch (error) {
    diag.debug(`${name} failed; input left unchanged`, error);
    return input;
  }
}

/**
 * SQS `SendMessage` input with the trace context in
 * `MessageAttributes._datadog` (a copy; the input itself when it cannot).
 */
export const injectSqsSendMessage: typeof InjectModule.injectSqsSendMessage = (
  input,
  options?: InjectOptions
) => safely('injectSqsSendMessage', input, options);

/** SQS `SendMessageBatch` input with the trace context in its first entry. */
export const injectSqsSendMessageBatch: typeof InjectModule.injectSqsSendMessageBatch =
  (input, options?: BatchInjectOptions) =>
    safely('injectSqsSendMessageBatch', input, options);

/** SNS `Publish` input with the trace context in `MessageAttributes._datadog`. */
export const injectSnsPublish: typeof InjectModule.injectSnsPublish = (
  input,
  options?: InjectOptions
) => safely('injectSnsPublish', input, options);

/** SNS `PublishBatch` input with the trace context in its first entry. */
export const injectSnsPublishBatch: typeof InjectModule.injectSnsPublishBatch =
  (input, options?: BatchInjectOptions) =>
    safely('injectSnsPublishBatch', input, options);

/** EventBridge `PutEvents` input with `_datadog` in the first entry's `Detail`. */
export const injectEventBridgePutEvents: typeof InjectModule.injectEventBridgePutEvents =
  (input, options?: BatchInjectOptions) =>
    safely('injectEventBridgePutEvents', input, options);

/** Kinesis `PutRecord` input with `_datadog` in its JSON `Data`. */
export const injectKinesisPutRecord: typeof InjectModule.injectKinesisPutRecord =
  (input, options?: InjectOptions) =>
    safely('injectKinesisPutRecord', input, options);

/** Kinesis `PutRecords` input with `_datadog` in the first record's `Data`. */
export const injectKinesisPutRecords: typeof InjectModule.injectKinesisPutRecords =
  (input, options?: BatchInjectOptions) =>
    safely('injectKinesisPutRecords', input, options);

/** Step Functions `StartExecution` input with `_datadog` in its JSON `input`. */
export const injectStepFunctionsStartExecution: typeof InjectModule.injectStepFunctionsStartExecution =
  (input, options?: InjectOptions) =>
    safely('injectStepFunctionsStartExecution', input, options);

/** Lambda `Invoke` input with the trace context in `ClientContext.custom`. */
export const injectLambdaInvoke: typeof InjectModule.injectLambdaInvoke = (
  input,
  options?: InjectOptions
) => safely('injectLambdaInvoke', input, options);
