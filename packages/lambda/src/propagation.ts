/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The one place that decides how a header map becomes a context and back:
// Datadog's multi-style rules, through the composite propagator.

import {
  ROOT_CONTEXT as API_ROOT_CONTEXT,
  trace as traceApi,
  type Context,
  type TextMapGetter,
  type TextMapPropagator,
} from '@opentelemetry/api';
import { DatadogCompositePropagator } from '@otel-dd/propagator-composite';
import {
  DatadogPropagator,
  defaultEnvironment,
  isValidSpanContextFast as isValid,
  type Environment,
} from '@otel-dd/propagator-datadog';
import { headerMapGetter } from './internal/headerGetter';

// Read once: the packages' entry points re-export through getters on
// objects that V8 keeps in dictionary mode, so that each `api.trace` of
// compiled code is a lookup and a call.
const ROOT_CONTEXT = API_ROOT_CONTEXT;
const trace = traceApi;
const isValidSpanContext = isValid;

let defaultPropagator: TextMapPropagator | undefined;

/**
 * The propagator for `_datadog` header maps: the configured one, else the
 * composite propagator configured from `env` (dd-trace's styles and
 * defaults). The default environment's propagator is built once.
 */
export function resolvePropagator(
  propagator: TextMapPropagator | undefined,
  env: Environment | undefined
): TextMapPropagator {
  if (propagator !== undefined) return propagator;
  if (env !== undefined) return createPropagator(env);
  defaultPropagator ??= createPropagator(defaultEnvironment());
  return defaultPropagator;
}

function createPropagator(env: Environment): TextMapPropagator {
  return new DatadogCompositePropagator({ env });
}

/**
 * Extracts a header map (any object) into a fresh context; undefined when
 * no valid span context comes out of it. Other values the propagator sets
 * (baggage, links for conflicting contexts) stay in the returned context.
 */
export function extractHeaderMap(
  propagator: TextMapPropagator,
  carrier: unknown,
  getter: TextMapGetter = headerMapGetter
): Context | undefined {
  if (typeof carrier !== 'object' || carrier === null) return undefined;
  const context = propagator.extract(ROOT_CONTEXT, carrier, getter);
  const spanContext = trace.getSpanContext(context);
  return spanContext !== undefined && isValidSpanContext(spanContext)
    ? context
    : undefined;
}

/** Datadog ids of a context found outside any header map. */
export interface DatadogIds {
  /** Low 64 bits of the trace id, unsigned decimal. */
  traceId: string;
  /** Span id, unsigned decimal. */
  parentId: string;
  /** Sampling priority; undefined when unknown. */
  priority?: number;
  /** Upper 64 bits of the trace id, 16 hex digits. */
  tid?: string;
}

// Fixed tag limit: the ids built here must keep their `_dd.p.tid` whatever
// DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH says about headers on the wire.
let idsPropagator: DatadogPropagator | undefined;

/**
 * Builds a remote context from Datadog ids (Step Functions, X-Ray, custom
 * extractors) through the Datadog propagator, so that it carries the same
 * `dd` trace state as a context read from headers.
 */
export function contextFromDatadogIds(ids: DatadogIds): Context | undefined {
  const headers: Record<string, string> = {
    'x-datadog-trace-id': ids.traceId,
    'x-datadog-parent-id': ids.parentId,
  };
  if (ids.priority !== undefined) {
    headers['x-datadog-sampling-priority'] = String(ids.priority);
  }
  if (ids.tid !== undefined) headers['x-datadog-tags'] = `_dd.p.tid=${ids.tid}`;
  idsPropagator ??= new DatadogPropagator({ tagsMaxLength: 512, env: {} });
  return extractHeaderMap(idsPropagator, headers);
}
