/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// SQS records: `_datadog` message attribute (String, or Binary when SNS
// forwarded its own attribute with raw message delivery), else a Datadog
// trace in the X-Ray `AWSTraceHeader` system attribute.

import type { Context, TextMapPropagator } from '@opentelemetry/api';
import { parseBase64JsonObject, parseJsonObject } from '../internal/json';
import {
  MAX_BASE64_CARRIER_LENGTH,
  MAX_CARRIER_LENGTH,
  MAX_PAYLOAD_LENGTH,
} from '../internal/limits';
import {
  own,
  ownObject,
  ownString,
  type PlainObject,
} from '../internal/plainData';
import { extractFromDatadogCarrier } from './carrier';
import { contextFromDatadogTraceHeader } from './xray';

/** True for an SQS record. */
export function isSqsRecord(record: unknown): boolean {
  return own(record, 'eventSource') === 'aws:sqs';
}

/** The `_datadog` message attribute of an SQS record, parsed. */
export function sqsAttributeCarrier(record: unknown): PlainObject | undefined {
  const attribute = own(ownObject(record, 'messageAttributes'), '_datadog');
  const text = own(attribute, 'stringValue');
  if (text) return parseJsonObject(text, MAX_CARRIER_LENGTH);
  const binary = own(attribute, 'binaryValue');
  return binary
    ? parseBase64JsonObject(binary, MAX_BASE64_CARRIER_LENGTH)
    : undefined;
}

/**
 * The body of an SQS record parsed as JSON, when it may be an SNS or
 * EventBridge envelope. Plain bodies are not parsed: only one that names
 * an envelope key can be one.
 */
export function parseEnvelopeBody(record: unknown): PlainObject | undefined {
  const body = ownString(record, 'body');
  if (
    body === undefined ||
    // Bounded before it is searched, not only before it is parsed.
    body.length > MAX_PAYLOAD_LENGTH ||
    (body.indexOf('"TopicArn"') === -1 && body.indexOf('"detail-type"') === -1)
  ) {
    return undefined;
  }
  return parseJsonObject(body, MAX_PAYLOAD_LENGTH);
}

/** A Datadog trace in the record's `AWSTraceHeader` system attribute. */
export function extractFromAwsTraceHeader(
  record: unknown
): Context | undefined {
  return contextFromDatadogTraceHeader(
    own(ownObject(record, 'attributes'), 'AWSTraceHeader')
  );
}

/** Context of an SQS record sent directly to the queue. */
export function extractFromSqsRecord(
  record: unknown,
  propagator: TextMapPropagator
): Context | undefined {
  return (
    extractFromDatadogCarrier(sqsAttributeCarrier(record), propagator) ??
    extractFromAwsTraceHeader(record)
  );
}
