/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The fields Datadog links logs to traces with, the way dd-trace's log
// injection writes them: `dd.trace_id`, `dd.span_id`, `dd.service`,
// `dd.env`, `dd.version`.

import { isSpanContextValid, trace, type Span } from '@opentelemetry/api';
import { defaultEnvironment, type Environment } from './config';
import { hexIdToDecimal } from './ids';

/** What goes under `dd` in a log record. */
export interface DatadogLogFields {
  /** 32 hex for a 128-bit trace (when enabled), else the low 64 bits in decimal. */
  trace_id: string;
  /** The span id in decimal. */
  span_id: string;
  service?: string;
  env?: string;
  version?: string;
}

/** Options of {@link createDatadogLogContext}. */
export interface DatadogLogContextOptions {
  /**
   * Write 128-bit trace ids as 32 hex. Default:
   * `DD_TRACE_128_BIT_TRACEID_LOGGING_ENABLED`, else true (as dd-trace).
   */
  traceId128?: boolean;
  /** Default: `DD_SERVICE`, else the span's resource `service.name`. */
  service?: string;
  /** Default: `DD_ENV`, else the resource `deployment.environment(.name)`. */
  env?: string;
  /** Default: `DD_VERSION`, else the resource `service.version`. */
  version?: string;
  /** Where settings are read. Default `process.env`. */
  environment?: Environment;
}

const ZERO_16 = '0000000000000000';

/** The resource of an SDK span, when the span has one (duck-typed). */
function resourceAttribute(span: Span, ...keys: string[]): string | undefined {
  const attributes = (
    span as { resource?: { attributes?: Record<string, unknown> } }
  ).resource?.attributes;
  if (attributes === undefined) return undefined;
  for (const key of keys) {
    const value = attributes[key];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return undefined;
}

/**
 * Returns a function that gives the `dd` log fields of the active span (or
 * of the span passed to it), or `undefined` outside a valid span. Settings
 * are read once, here, not on every log line.
 */
export function createDatadogLogContext(
  options: DatadogLogContextOptions = {}
): (span?: Span) => DatadogLogFields | undefined {
  const environment = options.environment ?? defaultEnvironment();
  const logging128 = environment.DD_TRACE_128_BIT_TRACEID_LOGGING_ENABLED;
  const traceId128 =
    options.traceId128 ??
    !(logging128 !== undefined && /^(false|0)$/i.test(logging128.trim()));
  const service = options.service ?? (environment.DD_SERVICE || undefined);
  const env = options.env ?? (environment.DD_ENV || undefined);
  const version = options.version ?? (environment.DD_VERSION || undefined);

  return (span = trace.getActiveSpan()) => {
    if (span === undefined) return undefined;
    const spanContext = span.spanContext();
    if (!isSpanContextValid(spanContext)) return undefined;
    const traceId = spanContext.traceId;
    const is128 = traceId.slice(0, 16) !== ZERO_16;
    const fields: DatadogLogFields = {
      trace_id:
        traceId128 && is128 ? traceId : (hexIdToDecimal(traceId, 16) ?? ''),
      span_id: hexIdToDecimal(spanContext.spanId) ?? '',
    };
    const spanService = service ?? resourceAttribute(span, 'service.name');
    const spanEnv =
      env ??
      resourceAttribute(
        span,
        'deployment.environment.name',
        'deployment.environment'
      );
    const spanVersion = version ?? resourceAttribute(span, 'service.version');
    if (spanService !== undefined) fields.service = spanService;
    if (spanEnv !== undefined) fields.env = spanEnv;
    if (spanVersion !== undefined) fields.version = spanVersion;
    return fields;
  };
}
