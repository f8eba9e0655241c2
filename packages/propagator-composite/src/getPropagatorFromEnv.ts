/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import type { Environment } from '@otel-dd/propagator-datadog';
import { DatadogCompositePropagator } from './DatadogCompositePropagator';

/**
 * The propagator dd-trace would use in this environment: every setting
 * from `DD_TRACE_PROPAGATION_STYLE*`, `OTEL_PROPAGATORS`,
 * `DD_TRACE_PROPAGATION_EXTRACT_FIRST`, `DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT`,
 * `DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH` and `DD_TRACE_BAGGAGE_*`.
 *
 * The OpenTelemetry Node SDK cannot load a third-party propagator by name:
 * `OTEL_PROPAGATORS=datadog` on its own only logs a warning (and, if no
 * other name is known, registers no propagator at all). Pass this as
 * `textMapPropagator` to `NodeSDK`, or register it with
 * `propagation.setGlobalPropagator`.
 */
export function getPropagatorFromEnv(
  env?: Environment
): DatadogCompositePropagator {
  return new DatadogCompositePropagator({ env });
}
