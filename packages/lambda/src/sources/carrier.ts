/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import type { Context, TextMapPropagator } from '@opentelemetry/api';
import { extractHeaderMap } from '../propagation';
import { extractFromStepFunctions } from './stepFunctions';

/**
 * A `_datadog` carrier from a message: a header map for the propagator or,
 * when a state machine published the message with a JSONata-built
 * `_datadog`, a Step Functions context object.
 */
export function extractFromDatadogCarrier(
  carrier: unknown,
  propagator: TextMapPropagator
): Context | undefined {
  if (typeof carrier !== 'object' || carrier === null) return undefined;
  return (
    extractHeaderMap(propagator, carrier) ?? extractFromStepFunctions(carrier)
  );
}
