/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// SNS records: `_datadog` message attribute, a String holding JSON or a
// Binary (base64) one as dd-trace writes it.

import type { Context, TextMapPropagator } from '@opentelemetry/api';
import type { Environment } from '@otel-dd/propagator-datadog';
import { parseBase64JsonObject, parseJsonObject } from '../internal/json';
import {
  MAX_BASE64_CARRIER_LENGTH,
  MAX_CARRIER_LENGTH,
} from '../internal/limits';
import { own, ownObject, type PlainObject } from '../internal/plainData';
import { extractFromDatadogCarrier } from './carrier';
import { contextFromDatadogTraceHeader } from './xray';

/** True for an SNS record. */
export function isSnsRecord(record: unknown): boolean {
  return own(record, 'Sns') !== undefined;
}

/**
 * Parses an SNS message attribute (`{ Type, Value }`): String values are
 * JSON, any other type base64 JSON.
 */
export function snsAttributeCarrier(
  attribute: unknown
): PlainObject | undefined {
  const value = own(attribute, 'Value');
  if (!value) return undefined;
  return own(attribute, 'Type') === 'String'
    ? parseJsonObject(value, MAX_CARRIER_LENGTH)
    : parseBase64JsonObject(value, MAX_BASE64_CARRIER_LENGTH);
}

/** The `_datadog` carrier of an SNS record. */
export function snsRecordCarrier(record: unknown): PlainObject | undefined {
  const attributes = ownObject(ownObject(record, 'Sns'), 'MessageAttributes');
  return snsAttributeCarrier(own(attributes, '_datadog'));
}

/** Context of one SNS record. */
export function extractFromSnsRecord(
  record: unknown,
  propagator: TextMapPropagator
): Context | undefined {
  return extractFromDatadogCarrier(snsRecordCarrier(record), propagator);
}

/**
 * Context of the SNS event's first record; else, as Datadog does for
 * dd-trace-java publishers, a Datadog trace in the function's own X-Ray
 * header (right trace, approximate parent).
 */
export function extractFromSnsEvent(
  record: unknown,
  propagator: TextMapPropagator,
  env: Environment
): Context | undefined {
  return (
    extractFromSnsRecord(record, propagator) ??
    contextFromDatadogTraceHeader(env._X_AMZN_TRACE_ID)
  );
}
