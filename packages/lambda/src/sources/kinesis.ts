/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Kinesis records: dd-trace adds `_datadog` to JSON record data, which
// Lambda delivers base64-encoded.

import type { Context, TextMapPropagator } from '@opentelemetry/api';
import { parseBase64JsonObject } from '../internal/json';
import { MAX_BASE64_PAYLOAD_LENGTH } from '../internal/limits';
import { own, ownObject } from '../internal/plainData';
import { extractHeaderMap } from '../propagation';

/** True for a Kinesis stream record. */
export function isKinesisRecord(record: unknown): boolean {
  return own(record, 'kinesis') !== undefined;
}

/** Context of one Kinesis record. */
export function extractFromKinesisRecord(
  record: unknown,
  propagator: TextMapPropagator
): Context | undefined {
  const data = own(ownObject(record, 'kinesis'), 'data');
  if (!data) return undefined;
  const payload = parseBase64JsonObject(data, MAX_BASE64_PAYLOAD_LENGTH);
  return extractHeaderMap(propagator, own(payload, '_datadog'));
}
