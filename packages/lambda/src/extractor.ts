/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The event context extractor: every place Datadog's Lambda library looks
// for a parent, in its order, and the first context found wins.

import {
  diag,
  ROOT_CONTEXT as API_ROOT_CONTEXT,
  type Context,
  type TextMapPropagator,
} from '@opentelemetry/api';
import {
  defaultEnvironment,
  type Environment,
} from '@otel-dd/propagator-datadog';
import { readBoolean, readString } from './config';
import { firstRecord } from './internal/plainData';
import { resolvePropagator } from './propagation';
import { extractFromAppSyncEvent, isAppSyncEvent } from './sources/appSync';
import { extractFromClientContext } from './sources/clientContext';
import { extractWithCustomExtractor } from './sources/customExtractor';
import type * as LoaderModule from './sources/customExtractorLoader';
import {
  extractFromDurableExecution,
  isDurableExecutionEvent,
} from './sources/durableExecution';
import {
  extractFromEventBridgeEvent,
  isEventBridgeEvent,
} from './sources/eventBridge';
import {
  extractFromEventBridgeSqsRecord,
  isEventBridgeEnvelope,
} from './sources/eventBridgeSqs';
import { extractFromHttpEvent, isHttpEvent } from './sources/http';
import { extractFromKinesisRecord, isKinesisRecord } from './sources/kinesis';
import { extractFromSnsEvent, isSnsRecord } from './sources/sns';
import { extractFromSnsSqsRecord, isSnsEnvelope } from './sources/snsSqs';
import {
  extractFromSqsRecord,
  isSqsRecord,
  parseEnvelopeBody,
} from './sources/sqs';
import { extractFromStepFunctions } from './sources/stepFunctions';
import { contextFromXrayTraceHeader } from './sources/xray';
import type {
  CustomTraceExtractor,
  EventContextExtractor,
  EventContextExtractorOptions,
  LambdaContextLike,
} from './types';

// Read once: `@opentelemetry/api` re-exports through getters on an object
// that V8 keeps in dictionary mode (a lookup and a call at each use).
const ROOT_CONTEXT = API_ROOT_CONTEXT;

/** Settings resolved once, on the first invocation. */
interface ExtractorSettings {
  propagator: TextMapPropagator;
  env: Environment;
  customExtractor: CustomTraceExtractor | undefined;
  decodeAuthorizerContext: boolean;
  mergeXrayTraces: boolean;
}

/** Loaded only when configured: it pulls in `fs` and `path`. */
function loadCustomExtractorLoader(): typeof LoaderModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./sources/customExtractorLoader') as typeof LoaderModule;
}

function resolveSettings(
  options: EventContextExtractorOptions
): ExtractorSettings {
  const env = options.env ?? defaultEnvironment();
  let customExtractor = options.customExtractor;
  const handlerString =
    customExtractor === undefined
      ? readString(env, 'DD_TRACE_EXTRACTOR')
      : undefined;
  if (handlerString !== undefined) {
    customExtractor = loadCustomExtractorLoader().loadCustomExtractor(
      handlerString,
      readString(env, 'LAMBDA_TASK_ROOT')
    );
  }
  return {
    propagator: resolvePropagator(options.propagator, options.env),
    env,
    customExtractor,
    decodeAuthorizerContext:
      options.decodeAuthorizerContext ??
      readBoolean(env, 'DD_DECODE_AUTHORIZER_CONTEXT', true),
    mergeXrayTraces:
      options.mergeXrayTraces ??
      readBoolean(env, 'DD_MERGE_XRAY_TRACES', false),
  };
}

/**
 * The context of the event's source, when Datadog has an extractor for it
 * (detection in Datadog's order; only the first record of a batch).
 */
function extractFromEventSource(
  event: object,
  settings: ExtractorSettings
): Context | undefined {
  const { propagator } = settings;
  if (isDurableExecutionEvent(event)) {
    return extractFromDurableExecution(event, propagator);
  }
  if (isHttpEvent(event)) {
    return extractFromHttpEvent(
      event,
      propagator,
      settings.decodeAuthorizerContext
    );
  }
  const record = firstRecord(event);
  if (record !== undefined && isSnsRecord(record)) {
    return extractFromSnsEvent(record, propagator, settings.env);
  }
  const sqs = record !== undefined && isSqsRecord(record);
  if (sqs) {
    const body = parseEnvelopeBody(record);
    if (body !== undefined && isSnsEnvelope(body)) {
      return extractFromSnsSqsRecord(record, body, propagator);
    }
    if (body !== undefined && isEventBridgeEnvelope(body)) {
      return extractFromEventBridgeSqsRecord(body, propagator);
    }
  }
  if (isAppSyncEvent(event)) return extractFromAppSyncEvent(event, propagator);
  if (sqs) return extractFromSqsRecord(record, propagator);
  if (record !== undefined && isKinesisRecord(record)) {
    return extractFromKinesisRecord(record, propagator);
  }
  if (isEventBridgeEvent(event)) {
    return extractFromEventBridgeEvent(event, propagator);
  }
  return undefined;
}

function extract(
  event: unknown,
  lambdaContext: LambdaContextLike | undefined,
  settings: ExtractorSettings
): Context | undefined {
  if (settings.customExtractor !== undefined) {
    const custom = extractWithCustomExtractor(
      settings.customExtractor,
      event,
      lambdaContext,
      settings.propagator,
      settings.mergeXrayTraces
    );
    if (custom !== undefined) return custom;
  }
  if (typeof event === 'object' && event !== null) {
    const context =
      extractFromEventSource(event, settings) ??
      extractFromStepFunctions(event);
    if (context !== undefined) return context;
  }
  const context = extractFromClientContext(lambdaContext, settings.propagator);
  if (context !== undefined) return context;
  return settings.mergeXrayTraces
    ? contextFromXrayTraceHeader(settings.env._X_AMZN_TRACE_ID)
    : undefined;
}

/**
 * Creates an `eventContextExtractor` for
 * `@opentelemetry/instrumentation-aws-lambda` that finds the Datadog (or
 * W3C) trace context of the invocation's event wherever Datadog's Lambda
 * library would. Settings are read on the first invocation.
 */
export function createEventContextExtractor(
  options: EventContextExtractorOptions = {}
): EventContextExtractor {
  let settings: ExtractorSettings | undefined;
  return function datadogEventContextExtractor(
    event: unknown,
    lambdaContext?: LambdaContextLike
  ): Context {
    try {
      settings ??= resolveSettings(options);
      const context = extract(event, lambdaContext, settings);
      return context ?? ROOT_CONTEXT;
    } catch (error) {
      // The instrumentation fails the invocation when an extractor throws.
      diag.debug('datadog event context extractor failed', error);
      return ROOT_CONTEXT;
    }
  };
}

/** The extractor with default settings (environment variables). */
export const datadogEventContextExtractor: EventContextExtractor =
  createEventContextExtractor();
