/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import {
  diag,
  isSpanContextValid,
  trace,
  TraceFlags,
  type Context,
  type SpanContext,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
  type TraceState,
} from '@opentelemetry/api';
import { findKeysIgnoringCase, joinedString, lastString } from './carrier';
import { resolveTagsMaxLength, type Environment } from './config';
import {
  DATADOG_TRACE_STATE_KEY,
  MAX_ORIGIN_LENGTH,
  TRACE_ID_HIGH_TAG,
  X_DATADOG_ORIGIN,
  X_DATADOG_PARENT_ID,
  X_DATADOG_SAMPLING_PRIORITY,
  X_DATADOG_TAGS,
  X_DATADOG_TRACE_ID,
} from './constants';
import {
  isKeyLossless,
  isValueLossless,
  parseDatadogMember,
  serializeDatadogMember,
} from './datadogMember';
import { getTag, parseDatadogTags, serializeDatadogTags } from './datadogTags';
import {
  datadogToOtelSpanId,
  decimalIdToHex,
  otelToDatadogSpanId,
  otelToDatadogTraceId,
} from './ids';
import { parsePriority, reconcilePriority } from './priority';
import { attachRawValues, getRawValues } from './rawValues';
import { isTracingSuppressed } from './tracingSuppression';
import { W3CTraceState } from './W3CTraceState';

const FIELDS: readonly string[] = [
  X_DATADOG_TRACE_ID,
  X_DATADOG_PARENT_ID,
  X_DATADOG_SAMPLING_PRIORITY,
  X_DATADOG_ORIGIN,
  X_DATADOG_TAGS,
];
const ZERO_16 = '0000000000000000';
const NO_TAGS: readonly string[] = [];

/** Options of {@link DatadogPropagator}. */
export interface DatadogPropagatorConfig {
  /**
   * Longest `x-datadog-tags` value read or written; 0 disables the header.
   * Default: `DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH`, else 512.
   */
  tagsMaxLength?: number;
  /** Where settings the options leave out are read. Default `process.env`. */
  env?: Environment;
}

/**
 * Propagates trace context in Datadog's `x-datadog-*` headers, as dd-trace
 * reads and writes them: decimal ids (the upper 64 bits of a 128-bit trace
 * id in `_dd.p.tid`), sampling priority, origin and propagated `_dd.p.*`
 * tags. Datadog state rides in the span context's `dd` tracestate member,
 * so it follows the trace through the process and out over W3C headers.
 *
 * Based on dd-trace-js `opentracing/propagation/text_map.js` behaviour.
 */
export class DatadogPropagator implements TextMapPropagator {
  private readonly _tagsMaxLength: number;

  constructor(config: DatadogPropagatorConfig = {}) {
    this._tagsMaxLength = resolveTagsMaxLength(
      config.tagsMaxLength,
      config.env
    );
  }

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    try {
      const spanContext = trace.getSpanContext(context);
      if (
        spanContext === undefined ||
        !isSpanContextValid(spanContext) ||
        isTracingSuppressed(context)
      ) {
        return;
      }
      this.injectSpanContext(spanContext, carrier, setter);
    } catch (error) {
      diag.debug('DatadogPropagator: inject failed', error);
    }
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    try {
      const spanContext = this.extractSpanContext(
        carrier,
        getter,
        trace.getSpanContext(context)?.traceState
      );
      return spanContext === undefined
        ? context
        : trace.setSpanContext(context, spanContext);
    } catch (error) {
      diag.debug('DatadogPropagator: extract failed', error);
      return context;
    }
  }

  fields(): string[] {
    return FIELDS.slice();
  }

  /**
   * Writes the Datadog headers for a valid span context. Exposed for
   * composite propagators; `inject` is the usual entry point.
   */
  injectSpanContext(
    spanContext: SpanContext,
    carrier: unknown,
    setter: TextMapSetter
  ): void {
    const traceId = otelToDatadogTraceId(spanContext.traceId);
    const spanId = otelToDatadogSpanId(spanContext.spanId);
    if (traceId === undefined || spanId === undefined) return;
    if (traceId.traceId === '0') {
      diag.debug(
        'DatadogPropagator: trace id has zero low 64 bits; not injected'
      );
      return;
    }
    const traceState = spanContext.traceState;
    let priority: number | undefined;
    let origin: string | undefined;
    let tags = NO_TAGS;
    const raw = getRawValues(traceState);
    if (raw !== undefined) {
      priority = raw.priority;
      origin = raw.origin;
      tags = raw.tags;
    } else {
      const member = traceState?.get(DATADOG_TRACE_STATE_KEY);
      if (member !== undefined) {
        const parsed = parseDatadogMember(member);
        priority = parsed.priority;
        origin = parsed.origin;
        tags = parsed.tags;
      }
    }
    const sampled = (spanContext.traceFlags & TraceFlags.SAMPLED) !== 0;
    setter.set(carrier, X_DATADOG_TRACE_ID, traceId.traceId);
    setter.set(carrier, X_DATADOG_PARENT_ID, spanId);
    setter.set(
      carrier,
      X_DATADOG_SAMPLING_PRIORITY,
      String(reconcilePriority(sampled, priority))
    );
    if (origin) setter.set(carrier, X_DATADOG_ORIGIN, origin);
    const header = serializeDatadogTags(
      tags,
      this._tagsMaxLength,
      traceId.tid === ZERO_16 ? undefined : traceId.tid
    );
    if (header !== undefined) setter.set(carrier, X_DATADOG_TAGS, header);
  }

  /**
   * Reads a span context from Datadog headers, or `undefined`. Members of
   * `baseTraceState` other than `dd` are kept. Exposed for composite
   * propagators; `extract` is the usual entry point.
   */
  extractSpanContext(
    carrier: unknown,
    getter: TextMapGetter,
    baseTraceState?: TraceState
  ): SpanContext | undefined {
    let names: Map<string, string> | undefined;
    let traceIdValue = lastString(getter.get(carrier, X_DATADOG_TRACE_ID));
    if (traceIdValue === undefined) {
      // Not under its lowercase name: look for any spelling of the headers.
      names = findKeysIgnoringCase(carrier, getter, FIELDS);
      const key = names?.get(X_DATADOG_TRACE_ID);
      if (key === undefined) return undefined;
      traceIdValue = lastString(getter.get(carrier, key));
      if (traceIdValue === undefined) return undefined;
    }
    const low = decimalIdToHex(traceIdValue);
    if (low === undefined || low === ZERO_16) {
      diag.debug('DatadogPropagator: invalid x-datadog-trace-id');
      return undefined;
    }
    const parentValue = lastString(
      read(carrier, getter, names, X_DATADOG_PARENT_ID)
    );
    const spanId =
      parentValue === undefined ? undefined : datadogToOtelSpanId(parentValue);
    if (spanId === undefined) {
      diag.debug('DatadogPropagator: invalid or missing x-datadog-parent-id');
      return undefined;
    }

    let tags = NO_TAGS;
    const tagsValue = joinedString(
      read(carrier, getter, names, X_DATADOG_TAGS),
      this._tagsMaxLength
    );
    if (tagsValue === null) {
      diag.debug('DatadogPropagator: x-datadog-tags over the limit; ignored');
    } else if (tagsValue !== undefined) {
      tags = parseDatadogTags(tagsValue, this._tagsMaxLength) ?? NO_TAGS;
    }
    const tid = getTag(tags, TRACE_ID_HIGH_TAG);
    const traceId = (tid === undefined ? ZERO_16 : tid.toLowerCase()) + low;

    const priority = parsePriority(
      lastString(read(carrier, getter, names, X_DATADOG_SAMPLING_PRIORITY))
    );
    let origin = lastString(read(carrier, getter, names, X_DATADOG_ORIGIN));
    if (
      origin !== undefined &&
      (origin.length === 0 || origin.length > MAX_ORIGIN_LENGTH)
    ) {
      origin = undefined;
    }

    const traceState = buildTraceState(baseTraceState, priority, origin, tags);
    return {
      traceId,
      spanId,
      traceFlags:
        priority !== undefined && priority > 0
          ? TraceFlags.SAMPLED
          : TraceFlags.NONE,
      isRemote: true,
      traceState,
    };
  }
}

function read(
  carrier: unknown,
  getter: TextMapGetter,
  names: Map<string, string> | undefined,
  name: string
): unknown {
  return getter.get(carrier, names?.get(name) ?? name);
}

/**
 * Puts the Datadog state in the `dd` member (first) of the base trace state,
 * and keeps the exact values beside it when the member cannot hold them.
 */
function buildTraceState(
  base: TraceState | undefined,
  priority: number | undefined,
  origin: string | undefined,
  tags: readonly string[]
): TraceState | undefined {
  let member = serializeDatadogMember(priority, origin, tags);
  let lossless =
    member !== undefined ||
    (priority === undefined && !origin && tags.length === 0);
  if (member === undefined && priority !== undefined) {
    member = serializeDatadogMember(priority, undefined, NO_TAGS);
  }
  let expectedParts = (priority !== undefined ? 1 : 0) + (origin ? 1 : 0);
  if (origin !== undefined && !isValueLossless(origin)) lossless = false;
  for (let i = 0; i < tags.length && lossless; i += 2) {
    if (!tags[i + 1]) continue;
    expectedParts++;
    if (!isKeyLossless(tags[i].slice(6)) || !isValueLossless(tags[i + 1])) {
      lossless = false;
    }
  }
  if (
    lossless &&
    member !== undefined &&
    countParts(member) !== expectedParts
  ) {
    lossless = false;
  }

  let traceState = W3CTraceState.from(base);
  traceState =
    member === undefined
      ? traceState.unset(DATADOG_TRACE_STATE_KEY)
      : traceState.setUnchecked(DATADOG_TRACE_STATE_KEY, member);
  if (traceState.size === 0) return undefined;
  if (!lossless) attachRawValues(traceState, { priority, origin, tags });
  return traceState;
}

function countParts(member: string): number {
  let parts = 1;
  for (let i = member.indexOf(';'); i !== -1; i = member.indexOf(';', i + 1)) {
    parts++;
  }
  return parts;
}
