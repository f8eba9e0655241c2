/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// EventBridge to SQS: the SQS body is the EventBridge event, whose
// `detail._datadog` object is the carrier.

import type { Context, TextMapPropagator } from '@opentelemetry/api';
import { own, ownObject, type PlainObject } from '../internal/plainData';
import { extractFromDatadogCarrier } from './carrier';

/** True for a parsed SQS body that is an EventBridge event. */
export function isEventBridgeEnvelope(body: PlainObject | undefined): boolean {
  return own(body, 'detail-type') !== undefined;
}

/** Context of an SQS record holding an EventBridge event. */
export function extractFromEventBridgeSqsRecord(
  body: PlainObject,
  propagator: TextMapPropagator
): Context | undefined {
  return extractFromDatadogCarrier(
    own(ownObject(body, 'detail'), '_datadog'),
    propagator
  );
}
