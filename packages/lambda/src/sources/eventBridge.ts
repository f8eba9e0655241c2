/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// EventBridge events delivered to Lambda directly: dd-trace puts the
// carrier in the event's detail, as `detail._datadog`.

import type { Context, TextMapPropagator } from '@opentelemetry/api';
import { own, ownObject } from '../internal/plainData';
import { extractFromDatadogCarrier } from './carrier';

/**
 * True when the event has a `detail-type` key (scheduled events match too;
 * they carry no context).
 */
export function isEventBridgeEvent(event: unknown): boolean {
  return own(event, 'detail-type') !== undefined;
}

/** Context of an EventBridge event. */
export function extractFromEventBridgeEvent(
  event: unknown,
  propagator: TextMapPropagator
): Context | undefined {
  return extractFromDatadogCarrier(
    own(ownObject(event, 'detail'), '_datadog'),
    propagator
  );
}
