/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Lambda durable executions replay their checkpoints; dd-trace's durable
// plugin saves the trace context as operations named `_datadog_<N>`, and the
// one with the largest N is the latest.

import type { Context, TextMapPropagator } from '@opentelemetry/api';
import { parseJsonObject } from '../internal/json';
import { MAX_CARRIER_LENGTH } from '../internal/limits';
import { own, ownObject } from '../internal/plainData';
import { extractHeaderMap } from '../propagation';

const CHECKPOINT_PREFIX = '_datadog_';
/** Operations scanned for checkpoints, at most. */
const MAX_OPERATIONS = 100_000;

/** True for a durable execution event. */
export function isDurableExecutionEvent(event: unknown): boolean {
  return typeof own(event, 'DurableExecutionArn') === 'string';
}

/** N of an operation named `_datadog_<N>` (N written canonically), or -1. */
function checkpointNumber(name: unknown): number {
  if (typeof name !== 'string' || !name.startsWith(CHECKPOINT_PREFIX)) {
    return -1;
  }
  const suffix = name.slice(CHECKPOINT_PREFIX.length);
  const n = Number.parseInt(suffix, 10);
  return Number.isSafeInteger(n) && n >= 0 && String(n) === suffix ? n : -1;
}

/** Context of the latest trace checkpoint of a durable execution. */
export function extractFromDurableExecution(
  event: unknown,
  propagator: TextMapPropagator
): Context | undefined {
  const operations = own(
    ownObject(event, 'InitialExecutionState'),
    'Operations'
  );
  if (!Array.isArray(operations)) return undefined;
  let latest: unknown;
  let latestNumber = -1;
  const count = Math.min(operations.length, MAX_OPERATIONS);
  for (let i = 0; i < count; i++) {
    const n = checkpointNumber(own(operations[i], 'Name'));
    if (n > latestNumber) {
      latestNumber = n;
      latest = operations[i];
    }
  }
  if (latest === undefined) return undefined;
  const payload =
    own(latest, 'Payload') ?? own(ownObject(latest, 'StepDetails'), 'Result');
  return extractHeaderMap(
    propagator,
    parseJsonObject(payload, MAX_CARRIER_LENGTH)
  );
}
