/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import {
  diag,
  ROOT_CONTEXT as API_ROOT_CONTEXT,
  trace as traceApi,
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
  X_DATADOG_ORIGIN,
  X_DATADOG_PARENT_ID,
  X_DATADOG_SAMPLING_PRIORITY,
  X_DATADOG_TAGS,
  X_DATADOG_TRACE_ID,
} from './constants';
import {
  datadogMemberLength,
  parseDatadogMember,
  serializeDatadogMember,
} from './datadogMember';
import {
  parseDatadogTags,
  scanDatadogTags,
  serializeDatadogTags,
} from './datadogTags';
import {
  datadogToOtelSpanId,
  decimalIdToHex,
  otelToDatadogSpanId,
  isValidSpanContext,
  otelToDatadogTraceId,
  scanHex,
} from './ids';
import { PendingRoot, setPendingRoot } from './pendingRoot';
import { parsePriority, reconcilePriority } from './priority';
import {
  attachRawValues,
  getRawValues,
  type RawDatadogValues,
} from './rawValues';
import { isTracingSuppressed } from './tracingSuppression';
import { MAX_TRACE_STATE_VALUE_LENGTH, W3CTraceState } from './W3CTraceState';

const FIELDS: readonly string[] = [
  X_DATADOG_TRACE_ID,
  X_DATADOG_PARENT_ID,
  X_DATADOG_SAMPLING_PRIORITY,
  X_DATADOG_ORIGIN,
  X_DATADOG_TAGS,
];
const ZERO_16 = '0000000000000000';
const NO_TAGS: readonly string[] = [];
// Read once: `@opentelemetry/api` re-exports through getters on an object
// that V8 keeps in dictionary mode, so that each `api.trace` of compiled code
// is a lookup and a call (a few percent of an extract + inject).
const trace = traceApi;
const ROOT_CONTEXT = API_ROOT_CONTEXT;
const SAMPLED = TraceFlags.SAMPLED;
const NOT_SAMPLED = TraceFlags.NONE;

/**
 * What extraction attaches to the trace state: the Datadog values, and the
 * trace id they arrived with in both forms, so that inject (of this span
 * context or of any child, which shares the trace state) converts nothing
 * but the span id. The tag list is parsed from the received header only if
 * something asks for it.
 */
class ExtractedValues implements RawDatadogValues {
  constructor(
    readonly priority: number | undefined,
    readonly origin: string | undefined,
    /** Undefined: parse `tagsHeader` when asked. */
    private _tags: readonly string[] | undefined,
    /** The trace id built at extraction (32 lowercase hex). */
    readonly traceId: string,
    /** Its low 64 bits in decimal, as received (no leading zeros). */
    readonly traceIdLow: string | undefined,
    /** `x-datadog-tags` as received, when writing the tags back gives it. */
    readonly tagsHeader: string | undefined
  ) {}

  /** The trace id's upper 64 bits (16 lowercase hex); undefined when zero. */
  get traceIdHigh(): string | undefined {
    const traceId = this.traceId;
    return traceId.startsWith(ZERO_16) ? undefined : traceId.slice(0, 16);
  }

  get tags(): readonly string[] {
    if (this._tags === undefined) {
      const header = this.tagsHeader;
      // Validated at extraction, so this succeeds.
      this._tags =
        (header === undefined
          ? undefined
          : parseDatadogTags(header, header.length)) ?? NO_TAGS;
    }
    return this._tags;
  }
}

/**
 * isValidSpanContext, faster for a span context of a trace that
 * DatadogPropagator extracted: it validated the trace id then, so only the
 * span id is left to check. Exposed for composite propagators.
 */
export function isValidSpanContextFast(spanContext: SpanContext): boolean {
  const raw = getRawValues(spanContext.traceState);
  if (
    !(raw instanceof ExtractedValues) ||
    raw.traceId !== spanContext.traceId
  ) {
    return isValidSpanContext(spanContext);
  }
  const spanId = spanContext.spanId;
  return (
    typeof spanId === 'string' &&
    spanId.length === 16 &&
    // -1: not hex; 0: all zeros.
    scanHex(spanId, 0, 16) > 0
  );
}

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
      // Ids are validated (hex, not zero) as they are converted.
      if (spanContext === undefined || isTracingSuppressed(context)) return;
      this.injectSpanContext(spanContext, carrier, setter);
    } catch (error) {
      diag.debug('DatadogPropagator: inject failed', error);
    }
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    try {
      // The root context (where servers extract) holds no span.
      const current =
        context === ROOT_CONTEXT ? undefined : trace.getSpanContext(context);
      const spanContext = this._extract(
        carrier,
        getter,
        current?.traceState,
        true
      );
      if (spanContext === undefined) return context;
      if (spanContext.spanId !== ZERO_16) {
        return trace.setSpanContext(context, spanContext);
      }
      // Parent id 0: a new root is pending, unless a span would be the parent.
      return current !== undefined && isValidSpanContext(current)
        ? context
        : setPendingRoot(context, toPendingRoot(spanContext));
    } catch (error) {
      diag.debug('DatadogPropagator: extract failed', error);
      return context;
    }
  }

  fields(): string[] {
    return FIELDS.slice();
  }

  /**
   * Writes the Datadog headers for a span context; nothing when its ids are
   * not valid (hex, non-zero span id, non-zero low 64 bits of the trace id).
   * Exposed for composite propagators; `inject` is the usual entry point.
   */
  injectSpanContext(
    spanContext: SpanContext,
    carrier: unknown,
    setter: TextMapSetter
  ): void {
    const traceState = spanContext.traceState;
    const raw = getRawValues(traceState);
    // The values extracted with this trace state, for the trace id they
    // came with (known valid): nothing to convert or serialize again.
    const extracted =
      raw instanceof ExtractedValues && raw.traceId === spanContext.traceId
        ? raw
        : undefined;
    let traceIdLow: string;
    /** Undefined when zero; read from `extracted` only if needed. */
    let traceIdHigh: string | undefined;
    if (extracted?.traceIdLow !== undefined) {
      traceIdLow = extracted.traceIdLow;
    } else {
      const traceId = otelToDatadogTraceId(spanContext.traceId);
      if (traceId === undefined) return;
      if (traceId.traceId === '0') {
        diag.debug(
          'DatadogPropagator: trace id has zero low 64 bits; not injected'
        );
        return;
      }
      traceIdLow = traceId.traceId;
      traceIdHigh = traceId.tid === ZERO_16 ? undefined : traceId.tid;
    }
    const spanId = otelToDatadogSpanId(spanContext.spanId);
    if (spanId === undefined || spanId === '0') return;
    let priority: number | undefined;
    let origin: string | undefined;
    let tags = NO_TAGS;
    const reusable =
      extracted?.tagsHeader !== undefined &&
      extracted.tagsHeader.length <= this._tagsMaxLength;
    if (raw !== undefined) {
      priority = raw.priority;
      origin = raw.origin;
      if (!reusable) tags = raw.tags;
    } else {
      const member = traceState?.get(DATADOG_TRACE_STATE_KEY);
      if (member !== undefined) {
        const parsed = parseDatadogMember(member);
        priority = parsed.priority;
        origin = parsed.origin;
        tags = parsed.tags;
      }
    }
    const sampled = (spanContext.traceFlags & SAMPLED) !== 0;
    setter.set(carrier, X_DATADOG_TRACE_ID, traceIdLow);
    setter.set(carrier, X_DATADOG_PARENT_ID, spanId);
    setter.set(
      carrier,
      X_DATADOG_SAMPLING_PRIORITY,
      priorityString(reconcilePriority(sampled, priority))
    );
    if (origin) setter.set(carrier, X_DATADOG_ORIGIN, origin);
    const header = reusable
      ? extracted.tagsHeader
      : serializeDatadogTags(
          tags,
          this._tagsMaxLength,
          extracted?.traceIdLow !== undefined
            ? extracted.traceIdHigh
            : traceIdHigh
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
    return this._extract(carrier, getter, baseTraceState, false);
  }

  /**
   * Reads a trace to continue with a new root span: valid Datadog headers
   * whose `x-datadog-parent-id` is exactly `0` (Datadog Synthetics), else
   * `undefined`. Exposed for composite propagators; `extract` records it.
   */
  extractPendingRoot(
    carrier: unknown,
    getter: TextMapGetter
  ): PendingRoot | undefined {
    const spanContext = this._extract(carrier, getter, undefined, true);
    return spanContext !== undefined && spanContext.spanId === ZERO_16
      ? toPendingRoot(spanContext)
      : undefined;
  }

  /** `zeroParent`: parent id `0` gives a span context with a zero span id. */
  private _extract(
    carrier: unknown,
    getter: TextMapGetter,
    baseTraceState: TraceState | undefined,
    zeroParent: boolean
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
    const parentValue = lastString(
      read(carrier, getter, names, X_DATADOG_PARENT_ID)
    );

    let tags: readonly string[] | undefined = NO_TAGS;
    let tagsHeader: string | undefined;
    let tagsMemberLength = 0;
    let traceIdHigh = ZERO_16;
    const tagsValue = joinedString(
      read(carrier, getter, names, X_DATADOG_TAGS),
      this._tagsMaxLength
    );
    if (tagsValue === null) {
      diag.debug('DatadogPropagator: x-datadog-tags over the limit; ignored');
    } else if (tagsValue !== undefined) {
      // Validated now; the list is built only if something needs it.
      const scanned = scanDatadogTags(tagsValue, this._tagsMaxLength);
      if (scanned !== undefined) {
        const tid = scanned.tidOffset;
        if (tid >= 0) {
          traceIdHigh = tagsValue.slice(tid, tid + 16);
          if (scanned.tidUppercase) traceIdHigh = traceIdHigh.toLowerCase();
        }
        if (scanned.exact && tagsValue.length > 0) {
          tags = undefined;
          tagsHeader = tagsValue;
          // In the `dd` member each `_dd.p.<key>=<value>` becomes the 4
          // characters shorter `t.<key>:<value>`, and `,` becomes `;`.
          tagsMemberLength = tagsValue.length - 4 * scanned.count;
        } else {
          tags = parseDatadogTags(tagsValue, this._tagsMaxLength) ?? NO_TAGS;
        }
      }
    }
    const low = decimalIdToHex(traceIdValue);
    if (low === undefined || low === ZERO_16) {
      diag.debug('DatadogPropagator: invalid x-datadog-trace-id');
      return undefined;
    }
    // The upper half from `_dd.p.tid`, the lower from the decimal.
    const traceId = traceIdHigh + low;
    let spanId =
      parentValue === undefined ? undefined : datadogToOtelSpanId(parentValue);
    if (spanId === undefined) {
      if (!zeroParent || parentValue !== '0') {
        diag.debug('DatadogPropagator: invalid or missing x-datadog-parent-id');
        return undefined;
      }
      spanId = ZERO_16;
    }

    const priority = parsePriority(
      lastString(read(carrier, getter, names, X_DATADOG_SAMPLING_PRIORITY))
    );
    let origin = lastString(read(carrier, getter, names, X_DATADOG_ORIGIN));
    if (
      origin !== undefined &&
      (origin.length === 0 ||
        origin.length > MAX_ORIGIN_LENGTH ||
        // Written back as a header value: printable ASCII only (no CR/LF).
        !isPrintableAscii(origin))
    ) {
      origin = undefined;
    }

    const values = new ExtractedValues(
      priority,
      origin,
      tags,
      traceId,
      // Written back as received when canonical (no leading zero).
      traceIdValue.charCodeAt(0) === 48 ? undefined : traceIdValue,
      tagsHeader
    );
    let memberLength: number;
    if (tags !== undefined) {
      memberLength = datadogMemberLength(priority, origin, tags);
    } else {
      const head = datadogMemberLength(priority, origin, NO_TAGS);
      memberLength = head + (head > 0 ? 1 : 0) + tagsMemberLength;
    }
    const traceState = buildTraceState(baseTraceState, values, memberLength);
    return {
      traceId,
      spanId,
      traceFlags:
        priority !== undefined && priority > 0 ? SAMPLED : NOT_SAMPLED,
      isRemote: true,
      traceState,
    };
  }
}

/** The pending root of a span context extracted with parent id `0`. */
function toPendingRoot(spanContext: SpanContext): PendingRoot {
  return new PendingRoot(
    spanContext.traceId,
    (spanContext.traceFlags & SAMPLED) !== 0,
    spanContext.traceState
  );
}

/** True when every character is printable ASCII (0x20-0x7E). */
function isPrintableAscii(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) return false;
  }
  return true;
}

const PRIORITY_STRINGS = ['-1', '0', '1', '2'];

/** String(priority), without the number-to-string conversion usually. */
function priorityString(priority: number): string {
  return priority >= -1 && priority <= 2
    ? PRIORITY_STRINGS[priority + 1]
    : String(priority);
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
 * and attaches the exact values to the new trace state: inject reads them
 * rather than parsing the member, which cannot hold every value.
 */
function buildTraceState(
  base: TraceState | undefined,
  values: ExtractedValues,
  memberLength: number
): TraceState | undefined {
  if (memberLength > 0 && memberLength <= MAX_TRACE_STATE_VALUE_LENGTH) {
    // The whole state fits in the member: built only if something reads it
    // (this propagator's inject reads the attached values instead).
    return W3CTraceState.from(base)._setLazy(
      DATADOG_TRACE_STATE_KEY,
      buildMember,
      values
    );
  }
  const { priority, origin, tags } = values;
  let member = serializeDatadogMember(priority, origin, tags);
  if (member === undefined && priority !== undefined) {
    member = serializeDatadogMember(priority, undefined, NO_TAGS);
  }
  let traceState = W3CTraceState.from(base);
  if (member !== undefined) {
    // A new object, so the values belong to this context alone.
    traceState = traceState.setUnchecked(DATADOG_TRACE_STATE_KEY, member);
    attachRawValues(traceState, values);
    return traceState;
  }
  traceState = traceState.unset(DATADOG_TRACE_STATE_KEY);
  if (traceState.size === 0) return undefined;
  // No member could hold the Datadog state: keep it beside the trace state.
  if (origin || tags.length > 0) attachRawValues(traceState, values);
  return traceState;
}

/** The `dd` member of values whose whole state fits in it. */
function buildMember(values: unknown): string {
  const { priority, origin, tags } = values as ExtractedValues;
  return serializeDatadogMember(priority, origin, tags) ?? '';
}
