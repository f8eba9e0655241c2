/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

export { DatadogCompositePropagator } from './DatadogCompositePropagator';
export { DatadogSpanLinksProcessor } from './DatadogSpanLinksProcessor';
export { getPropagatorFromEnv } from './getPropagatorFromEnv';
export { getExtractedSpanLinks } from './extraction';
export { getDatadogState } from './getDatadogState';
export type { DatadogTraceState } from './getDatadogState';
export {
  DatadogTraceContextPropagator,
  parseTraceParent,
} from './DatadogTraceContextPropagator';
export type { TraceParent } from './DatadogTraceContextPropagator';
export { DatadogB3SinglePropagator } from './DatadogB3SinglePropagator';
export { DatadogB3MultiPropagator } from './DatadogB3MultiPropagator';
export { DatadogBaggagePropagator } from './DatadogBaggagePropagator';
export type { DatadogBaggagePropagatorConfig } from './DatadogBaggagePropagator';
export { XRayPropagator } from './XRayPropagator';
export {
  resolvePropagationConfig,
  resolveBaggageLimits,
  isPropagationStyleName,
} from './config';
export { convertHeaders } from './convertHeaders';
export type { ConvertHeadersOptions } from './convertHeaders';
export {
  TRACE_PARENT_HEADER,
  TRACE_STATE_HEADER,
  B3_CONTEXT_HEADER,
  X_B3_TRACE_ID,
  X_B3_SPAN_ID,
  X_B3_PARENT_SPAN_ID,
  X_B3_SAMPLED,
  X_B3_FLAGS,
  BAGGAGE_HEADER,
  X_AMZN_TRACE_ID,
  X_AWS_SQSD_ATTR_DATADOG,
  DEFAULT_PROPAGATION_STYLES,
  DEFAULT_BAGGAGE_MAX_ITEMS,
  DEFAULT_BAGGAGE_MAX_BYTES,
  DEFAULT_BAGGAGE_TAG_KEYS,
} from './constants';
export type {
  DatadogCompositePropagatorOptions,
  ExtractBehavior,
  PropagationConfig,
  PropagationStyle,
  PropagationStyleName,
} from './types';
