/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/** Header names written and read by the `datadog` style (always lowercase). */
export const X_DATADOG_TRACE_ID = 'x-datadog-trace-id';
export const X_DATADOG_PARENT_ID = 'x-datadog-parent-id';
export const X_DATADOG_SAMPLING_PRIORITY = 'x-datadog-sampling-priority';
export const X_DATADOG_ORIGIN = 'x-datadog-origin';
export const X_DATADOG_TAGS = 'x-datadog-tags';

/** dd-trace's default for `DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH`. */
export const DEFAULT_TAGS_MAX_LENGTH = 512;

/** Prefix of the trace tags Datadog propagates. */
export const PROPAGATED_TAG_PREFIX = '_dd.p.';
/** Trace tag holding the upper 64 bits of a 128-bit trace id (16 hex). */
export const TRACE_ID_HIGH_TAG = '_dd.p.tid';
/** Trace tag holding the decision maker, e.g. `-4`. */
export const DECISION_MAKER_TAG = '_dd.p.dm';

/** The tracestate member that carries Datadog state. */
export const DATADOG_TRACE_STATE_KEY = 'dd';

/** Longest `x-datadog-origin` we accept; the W3C limit of one tracestate value. */
export const MAX_ORIGIN_LENGTH = 256;
