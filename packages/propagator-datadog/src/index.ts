/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

export { DatadogPropagator, isValidSpanContextFast } from './DatadogPropagator';
export type { DatadogPropagatorConfig } from './DatadogPropagator';
export { DatadogIdGenerator } from './DatadogIdGenerator';
export { DatadogSampler } from './DatadogSampler';
export { PendingRoot, getPendingRoot, setPendingRoot } from './pendingRoot';
export {
  X_DATADOG_TRACE_ID,
  X_DATADOG_PARENT_ID,
  X_DATADOG_SAMPLING_PRIORITY,
  X_DATADOG_ORIGIN,
  X_DATADOG_TAGS,
  DEFAULT_TAGS_MAX_LENGTH,
  DATADOG_TRACE_STATE_KEY,
  PROPAGATED_TAG_PREFIX,
  TRACE_ID_HIGH_TAG,
  DECISION_MAKER_TAG,
} from './constants';
export {
  decimalIdToHex,
  hexIdToDecimal,
  datadogToOtelTraceId,
  otelToDatadogTraceId,
  datadogToOtelSpanId,
  otelToDatadogSpanId,
  isHex,
  isValidSpanContext,
  scanHex,
  hexDigitValue,
  HEX_NON_ZERO,
  HEX_UPPERCASE,
} from './ids';
export type { DatadogTraceId } from './ids';
export { SamplingPriority, reconcilePriority, parsePriority } from './priority';
export {
  W3CTraceState,
  MAX_TRACE_STATE_MEMBERS,
  MAX_TRACE_STATE_VALUE_LENGTH,
  isValidTraceStateKey,
  isValidTraceStateValue,
} from './W3CTraceState';
export {
  parseDatadogMember,
  serializeDatadogMember,
  escapeMemberKey,
  escapeMemberValue,
  unescapeMemberValue,
  isKeyLossless,
  isValueLossless,
} from './datadogMember';
export type { DatadogMember } from './datadogMember';
export {
  parseDatadogTags,
  serializeDatadogTags,
  isValidTagKey,
  isValidTagValue,
  getTag,
  setTag,
  sameText,
} from './datadogTags';
export { lastString, joinedString, findKeysIgnoringCase } from './carrier';
export {
  resolveTagsMaxLength,
  readNonNegativeInteger,
  defaultEnvironment,
} from './config';
export type { Environment } from './config';
export { attachRawValues, getRawValues } from './rawValues';
export type { RawDatadogValues } from './rawValues';
export { isTracingSuppressed } from './tracingSuppression';
export { createDatadogLogContext } from './logCorrelation';
export type {
  DatadogLogFields,
  DatadogLogContextOptions,
} from './logCorrelation';
export { datadogPinoMixin, datadogWinstonFormat } from './logIntegrations';
export type { LogFormat } from './logIntegrations';
