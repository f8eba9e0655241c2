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

// One statement per name (not one destructuring of the namespace): bundlers
// then keep only the names used.
export const DATADOG_TRACE_STATE_KEY = datadog.DATADOG_TRACE_STATE_KEY;
export const DECISION_MAKER_TAG = datadog.DECISION_MAKER_TAG;
export const HEX_UPPERCASE = datadog.HEX_UPPERCASE;
export const MAX_TRACE_STATE_VALUE_LENGTH =
  datadog.MAX_TRACE_STATE_VALUE_LENGTH;
export const PROPAGATED_TAG_PREFIX = datadog.PROPAGATED_TAG_PREFIX;
export const TRACE_ID_HIGH_TAG = datadog.TRACE_ID_HIGH_TAG;
export const X_DATADOG_ORIGIN = datadog.X_DATADOG_ORIGIN;
export const X_DATADOG_PARENT_ID = datadog.X_DATADOG_PARENT_ID;
export const X_DATADOG_SAMPLING_PRIORITY = datadog.X_DATADOG_SAMPLING_PRIORITY;
export const X_DATADOG_TAGS = datadog.X_DATADOG_TAGS;
export const X_DATADOG_TRACE_ID = datadog.X_DATADOG_TRACE_ID;
export const attachRawValues = datadog.attachRawValues;
export const decimalIdToHex = datadog.decimalIdToHex;
export const escapeMemberKey = datadog.escapeMemberKey;
export const escapeMemberValue = datadog.escapeMemberValue;
export const getRawValues = datadog.getRawValues;
export const getTag = datadog.getTag;
export const hexDigitValue = datadog.hexDigitValue;
export const hexIdToDecimal = datadog.hexIdToDecimal;
export const isHex = datadog.isHex;
export const isTracingSuppressed = datadog.isTracingSuppressed;
export const isValidSpanContextFast = datadog.isValidSpanContextFast;
export const isValidSpanContext = datadog.isValidSpanContext;
export const joinedString = datadog.joinedString;
export const lastString = datadog.lastString;
export const parseDatadogMember = datadog.parseDatadogMember;
export const parsePriority = datadog.parsePriority;
export const reconcilePriority = datadog.reconcilePriority;
export const sameText = datadog.sameText;
export const scanHex = datadog.scanHex;
export const serializeDatadogTags = datadog.serializeDatadogTags;
export const setPendingRoot = datadog.setPendingRoot;
export const setTag = datadog.setTag;
export const unescapeMemberValue = datadog.unescapeMemberValue;

export const DatadogPropagator = datadog.DatadogPropagator;
export type DatadogPropagator = datadog.DatadogPropagator;
export const W3CTraceState = datadog.W3CTraceState;
export type W3CTraceState = datadog.W3CTraceState;
