/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The values this package uses from `@opentelemetry/api` and
// `@otel-dd/propagator-datadog`, read once. Both entry points re-export
// through getters on an object that V8 keeps in dictionary mode (it has too
// many accessor properties), so that every `datadog.x` of compiled code is
// a dictionary lookup and a getter call: they cost 10-15 % of the default
// composite's extract + inject (bench `composite` group). Import values from
// here, types from the packages.

import * as api from '@opentelemetry/api';
import * as datadog from '@otel-dd/propagator-datadog';

export const { diag, propagation, trace, TraceFlags } = api;

export const {
  DATADOG_TRACE_STATE_KEY,
  DECISION_MAKER_TAG,
  HEX_UPPERCASE,
  MAX_TRACE_STATE_VALUE_LENGTH,
  PROPAGATED_TAG_PREFIX,
  TRACE_ID_HIGH_TAG,
  X_DATADOG_ORIGIN,
  X_DATADOG_PARENT_ID,
  X_DATADOG_SAMPLING_PRIORITY,
  X_DATADOG_TAGS,
  X_DATADOG_TRACE_ID,
  attachRawValues,
  decimalIdToHex,
  escapeMemberKey,
  escapeMemberValue,
  getRawValues,
  getTag,
  hexDigitValue,
  hexIdToDecimal,
  isHex,
  isTracingSuppressed,
  isValidSpanContextFast,
  isValidSpanContext,
  joinedString,
  lastString,
  parseDatadogMember,
  parsePriority,
  reconcilePriority,
  sameText,
  scanHex,
  serializeDatadogTags,
  setPendingRoot,
  setTag,
  unescapeMemberValue,
} = datadog;

export const DatadogPropagator = datadog.DatadogPropagator;
export type DatadogPropagator = datadog.DatadogPropagator;
export const W3CTraceState = datadog.W3CTraceState;
export type W3CTraceState = datadog.W3CTraceState;
