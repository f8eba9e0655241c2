/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/** W3C Trace Context headers. */
export const TRACE_PARENT_HEADER = 'traceparent';
export const TRACE_STATE_HEADER = 'tracestate';

/** B3 single-header and multi-header names (always lowercase). */
export const B3_CONTEXT_HEADER = 'b3';
export const X_B3_TRACE_ID = 'x-b3-traceid';
export const X_B3_SPAN_ID = 'x-b3-spanid';
export const X_B3_PARENT_SPAN_ID = 'x-b3-parentspanid';
export const X_B3_SAMPLED = 'x-b3-sampled';
export const X_B3_FLAGS = 'x-b3-flags';

/** W3C Baggage header. */
export const BAGGAGE_HEADER = 'baggage';

/** AWS X-Ray trace header. */
export const X_AMZN_TRACE_ID = 'x-amzn-trace-id';

/**
 * Elastic Beanstalk worker (SQS daemon) attribute holding Datadog headers as
 * JSON; read only when no style found a context.
 */
export const X_AWS_SQSD_ATTR_DATADOG = 'x-aws-sqsd-attr-_datadog';

/** dd-trace's default for `DD_TRACE_PROPAGATION_STYLE`. */
export const DEFAULT_PROPAGATION_STYLES = [
  'datadog',
  'tracecontext',
  'baggage',
] as const;

/** dd-trace's defaults for the W3C baggage limits. */
export const DEFAULT_BAGGAGE_MAX_ITEMS = 64;
export const DEFAULT_BAGGAGE_MAX_BYTES = 8192;
/** dd-trace's default for `DD_TRACE_BAGGAGE_TAG_KEYS`. */
export const DEFAULT_BAGGAGE_TAG_KEYS = ['user.id', 'session.id', 'account.id'];

/** Span link attributes Datadog uses for contexts it did not continue. */
export const LINK_REASON_TERMINATED_CONTEXT = 'terminated_context';
export const LINK_REASON_PROPAGATION_BEHAVIOR_EXTRACT =
  'propagation_behavior_extract';
