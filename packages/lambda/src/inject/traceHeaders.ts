/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import {
  context as contextApi,
  diag,
  type Context,
  type TextMapSetter,
} from '@opentelemetry/api';
import { resolvePropagator } from '../propagation';
import type { InjectOptions } from '../types';

const headerSetter: TextMapSetter<Record<string, string>> = {
  set(carrier, key, value) {
    carrier[key] = value;
  },
};

/**
 * The trace context of `context` (default: the active one) as the header map
 * Datadog consumers read from a `_datadog` value: `x-datadog-*` and, with the
 * default styles, `traceparent`/`tracestate` (and `baggage` when there is
 * any). Empty when the context holds no valid span context.
 */
export function getTraceHeaders(
  context?: Context,
  options: Omit<InjectOptions, 'context'> = {}
): Record<string, string> {
  const headers: Record<string, string> = {};
  try {
    resolvePropagator(options.propagator, options.env).inject(
      context ?? contextApi.active(),
      headers,
      headerSetter
    );
  } catch (error) {
    diag.debug('getTraceHeaders: inject failed', error);
  }
  return headers;
}

/**
 * Headers for an inject helper, or undefined (with the reason at debug
 * level) when there is no trace context to send.
 */
export function headersToInject(
  options: InjectOptions,
  operation: string
): Record<string, string> | undefined {
  const headers = getTraceHeaders(options.context, options);
  for (const _key in headers) return headers;
  diag.debug(
    `${operation}: no valid span context (or no inject style); input left unchanged`
  );
  return undefined;
}
