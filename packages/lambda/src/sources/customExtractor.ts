/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Custom extractors written for Datadog's Lambda library keep working: they
// return Datadog ids (`traceId`/`parentId`, or the older `traceID`/
// `parentID`) or a header map.

import {
  diag,
  ROOT_CONTEXT,
  type Context,
  type TextMapPropagator,
} from '@opentelemetry/api';
import { parsePriority } from '@otel-dd/propagator-datadog';
import { isPlainObject, own } from '../internal/plainData';
import { contextFromDatadogIds, extractHeaderMap } from '../propagation';
import type { CustomTraceExtractor } from '../types';

let warnedAboutPromise = false;

/**
 * Runs a custom extractor. Returns the context it designates; `ROOT_CONTEXT`
 * when it designates one that must not parent the invocation (source other
 * than `event` without X-Ray merging: Datadog stops there too); undefined
 * when it found nothing, failed or returned a promise (then the built-in
 * sources are tried).
 */
export function extractWithCustomExtractor(
  extractor: CustomTraceExtractor,
  event: unknown,
  lambdaContext: unknown,
  propagator: TextMapPropagator,
  mergeXrayTraces: boolean
): Context | undefined {
  let result: unknown;
  try {
    result = extractor(event, lambdaContext);
  } catch (error) {
    diag.warn('custom trace extractor failed; ignored', error);
    return undefined;
  }
  try {
    return contextFromResult(result, propagator, mergeXrayTraces);
  } catch (error) {
    // A proxy or getter in the result that throws: the extractor failed.
    diag.warn('custom trace extractor result unreadable; ignored', error);
    return undefined;
  }
}

/** The context a custom extractor's result designates (see above). */
function contextFromResult(
  result: unknown,
  propagator: TextMapPropagator,
  mergeXrayTraces: boolean
): Context | undefined {
  if (isThenable(result)) {
    // Never leave a rejection unhandled: it would end the process.
    result.then(undefined, () => undefined);
    if (!warnedAboutPromise) {
      warnedAboutPromise = true;
      diag.warn(
        'custom trace extractor returned a promise; ignored (the Lambda instrumentation needs a synchronous extractor)'
      );
    }
    return undefined;
  }
  if (!isPlainObject(result)) return undefined;

  const traceIdValue = own(result, 'traceId') || own(result, 'traceID');
  const parentIdValue = own(result, 'parentId') || own(result, 'parentID');
  if (traceIdValue === undefined && parentIdValue === undefined) {
    return extractHeaderMap(propagator, result);
  }
  const traceId = decimalId(traceIdValue);
  const parentId = decimalId(parentIdValue);
  if (traceId === undefined || parentId === undefined) {
    diag.debug('custom trace extractor returned invalid ids; ignored');
    return undefined;
  }
  const source = own(result, 'source');
  if (source !== undefined && source !== 'event' && !mergeXrayTraces) {
    diag.debug(
      `custom trace context from source ${String(source)} does not parent without DD_MERGE_XRAY_TRACES`
    );
    return ROOT_CONTEXT;
  }
  return contextFromDatadogIds({
    traceId,
    parentId,
    priority: samplingPriority(own(result, 'sampleMode')),
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** A decimal id given as a string or a safe integer. */
function decimalId(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) {
    return String(value);
  }
  return undefined;
}

/** `sampleMode` as an integer priority; absent or invalid means AUTO_KEEP. */
function samplingPriority(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  const parsed =
    typeof value === 'string' ? parsePriority(value.trim()) : undefined;
  return parsed ?? 1;
}
