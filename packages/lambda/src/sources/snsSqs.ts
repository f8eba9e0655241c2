/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// SNS to SQS without raw message delivery: the SQS body is the SNS
// notification envelope, whose `MessageAttributes._datadog` is the carrier.

import type { Context, TextMapPropagator } from '@opentelemetry/api';
import { parseJsonObject } from '../internal/json';
import { MAX_CARRIER_LENGTH } from '../internal/limits';
import { own, ownObject, type PlainObject } from '../internal/plainData';
import { extractFromDatadogCarrier } from './carrier';
import { snsAttributeCarrier } from './sns';
import { extractFromAwsTraceHeader } from './sqs';

/** True for a parsed SQS body that is an SNS notification. */
export function isSnsEnvelope(body: PlainObject | undefined): boolean {
  return own(body, 'Type') === 'Notification' && !!own(body, 'TopicArn');
}

/**
 * The envelope's `_datadog` attribute; without one, an SQS `_datadog`
 * String attribute on the record.
 */
function snsSqsCarrier(
  record: unknown,
  body: PlainObject
): PlainObject | undefined {
  const attribute = own(ownObject(body, 'MessageAttributes'), '_datadog');
  if (own(attribute, 'Value')) return snsAttributeCarrier(attribute);
  const text = own(
    own(ownObject(record, 'messageAttributes'), '_datadog'),
    'stringValue'
  );
  return text ? parseJsonObject(text, MAX_CARRIER_LENGTH) : undefined;
}

/** Context of an SQS record holding an SNS notification. */
export function extractFromSnsSqsRecord(
  record: unknown,
  body: PlainObject,
  propagator: TextMapPropagator
): Context | undefined {
  return (
    extractFromDatadogCarrier(snsSqsCarrier(record, body), propagator) ??
    extractFromAwsTraceHeader(record)
  );
}
