/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import type { SpanContext, TextMapSetter } from '@opentelemetry/api';
import {
  DATADOG_TRACE_STATE_KEY,
  diag,
  HEX_UPPERCASE,
  hexDigitValue,
  joinedString,
  reconcilePriority,
  scanHex,
  W3CTraceState,
} from './internal/deps';
import { TRACE_PARENT_HEADER, TRACE_STATE_HEADER } from './constants';
import { ExtractedContext, getAttached } from './internal/context';
import type { HeaderReader } from './internal/HeaderReader';
import { StylePropagator } from './internal/StylePropagator';
import {
  buildOutgoingMember,
  isSampled,
  readInjectState,
  type InjectState,
} from './internal/state';
import { normalizeOtelMember } from './internal/otelMember';
import { pairMember } from './internal/pairInject';
import { rewriteWireMember } from './internal/wireMember';

const FIELDS: readonly string[] = [TRACE_PARENT_HEADER, TRACE_STATE_HEADER];
const ZERO_16 = '0000000000000000';
/** Longest traceparent read (future versions may append fields). */
const MAX_TRACE_PARENT_LENGTH = 512;
/** @internal Longest tracestate read: 32 members of 512 characters. */
export const MAX_TRACE_STATE_LENGTH = 16384;

/** A parsed `traceparent`. */
export interface TraceParent {
  version: string;
  traceId: string;
  spanId: string;
  sampled: boolean;
}

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/**
 * Parses `traceparent` as dd-trace does, in one pass and without a regular
 * expression: `vv-<32 hex>-<16 hex>-ff`, optionally followed by
 * `-<anything>` for versions other than `00`; hex in either case;
 * surrounding blanks ignored. Rejects version `ff` and all-zero ids.
 */
export function parseTraceParent(value: string): TraceParent | undefined {
  let start = 0;
  let end = value.length;
  if (end > MAX_TRACE_PARENT_LENGTH) return undefined;
  while (start < end && isBlank(value.charCodeAt(start))) start++;
  while (end > start && isBlank(value.charCodeAt(end - 1))) end--;
  const length = end - start;
  if (length < 55 || (length > 55 && value.charCodeAt(start + 55) !== 0x2d)) {
    return undefined;
  }
  if (
    value.charCodeAt(start + 2) !== 0x2d ||
    value.charCodeAt(start + 35) !== 0x2d ||
    value.charCodeAt(start + 52) !== 0x2d
  ) {
    return undefined;
  }
  const versionScan = scanHex(value, start, 2);
  const traceIdScan = scanHex(value, start + 3, 32);
  const spanIdScan = scanHex(value, start + 36, 16);
  const flagsScan = scanHex(value, start + 53, 2);
  // -1: not hex; 0: all zeros.
  if (traceIdScan < 1 || spanIdScan < 1 || versionScan < 0 || flagsScan < 0) {
    return undefined;
  }
  let header =
    start === 0 && length === 55 ? value : value.slice(start, start + 55);
  if (
    ((versionScan | traceIdScan | spanIdScan | flagsScan) & HEX_UPPERCASE) !==
    0
  ) {
    header = header.toLowerCase();
  }
  const version = header.slice(0, 2);
  if (version === 'ff' || (version === '00' && length > 55)) {
    return undefined;
  }
  return {
    version,
    traceId: header.slice(3, 35),
    spanId: header.slice(36, 52),
    sampled: (hexDigitValue(header.charCodeAt(54)) & 1) === 1,
  };
}

/**
 * The tracestate header for a local span whose trace state is ours with a
 * `dd` member as received (or none), or `undefined` for the general path.
 */
function fastTraceState(
  spanContext: SpanContext,
  spanId: string,
  sampled: boolean,
  traceId: string
): string | undefined {
  const traceState = spanContext.traceState;
  if (!(traceState instanceof W3CTraceState)) {
    if (traceState !== undefined) return undefined;
    const high = traceId.slice(0, 16);
    const prefix = high === ZERO_16 ? '' : 't.tid:' + high + ';';
    return 'dd=' + prefix + 's:' + (sampled ? 1 : 0) + ';p:' + spanId;
  }
  const attached = getAttached(traceState);
  if (attached !== undefined && attached.upstream?.stateForm !== false) {
    // Values attached at extraction: the common case in one pass too.
    if (attached.upstream === undefined) return undefined;
    const member = pairMember(
      attached,
      traceId,
      spanId,
      reconcilePriority(sampled, attached.priority)
    );
    return member === undefined
      ? undefined
      : withDatadogMember(traceState, member);
  }
  const member = traceState.get(DATADOG_TRACE_STATE_KEY);
  if (member === undefined) return undefined;
  const rest = afterFirstDatadogMember(traceState, member);
  if (rest === undefined) return undefined;
  const rewritten = rewriteWireMember(
    member,
    spanId,
    sampled,
    traceId.slice(0, 16)
  );
  return rewritten === undefined ? undefined : 'dd=' + rewritten + rest;
}

/**
 * The serialized members after `dd` (`,a=1,...`, or empty) when `dd` is
 * first (as Datadog tracers send it), else `undefined`.
 */
function afterFirstDatadogMember(
  traceState: W3CTraceState,
  member: string
): string | undefined {
  if (traceState.size === 1) return '';
  const serialized = traceState.serialize();
  return serialized.startsWith('dd=')
    ? serialized.slice(3 + member.length)
    : undefined;
}

/** The tracestate header with `member` as the `dd` member, first. */
function withDatadogMember(
  traceState: W3CTraceState,
  member: string | undefined
): string {
  const current = traceState.get(DATADOG_TRACE_STATE_KEY);
  if (member !== undefined && current !== undefined) {
    const rest = afterFirstDatadogMember(traceState, current);
    if (rest !== undefined) return 'dd=' + member + rest;
  }
  return (
    member === undefined
      ? traceState.unset(DATADOG_TRACE_STATE_KEY)
      : traceState.setUnchecked(DATADOG_TRACE_STATE_KEY, member)
  ).serialize();
}

/** @internal `traceparent` must be one string (or an array of exactly one). */
export function uniqueString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length === 1) {
    return typeof value[0] === 'string' ? value[0] : undefined;
  }
  return undefined;
}

/**
 * W3C Trace Context (`traceparent`, `tracestate`) with Datadog's `dd`
 * tracestate member, as dd-trace reads and writes it.
 *
 * Extract: the sampled flag and `dd`'s `s` are combined by Datadog's rule
 * (the flag wins when they disagree); `o`, `p` (last Datadog parent),
 * `t.dm` and other `t.*` tags are kept; other vendors' members are kept in
 * order.
 *
 * Inject: the `dd` member is rewritten with the current state (`p` = the
 * current span id, `s`, `o`, `t.dm`, `t.tid`, other `t.*`, Datadog's
 * escaping), put first, and capped at 256 characters by dropping optional
 * `t.*` subkeys; at most 32 members.
 *
 * Based on: https://www.w3.org/TR/trace-context/ and dd-trace-js.
 */
export class DatadogTraceContextPropagator extends StylePropagator {
  constructor() {
    super('DatadogTraceContextPropagator', FIELDS);
  }

  protected _injectValid(
    spanContext: SpanContext,
    carrier: unknown,
    setter: TextMapSetter
  ): void {
    this.injectSpanContext(spanContext, carrier, setter);
  }

  /**
   * @internal Writes both headers for a valid span context. `state`, when
   * given, is the already-read Datadog state.
   */
  injectSpanContext(
    spanContext: SpanContext,
    carrier: unknown,
    setter: TextMapSetter,
    state?: InjectState
  ): void {
    // Written as given, as OpenTelemetry's W3C propagator does: ids are
    // lowercase everywhere in OpenTelemetry.
    const traceId = spanContext.traceId;
    const spanId = spanContext.spanId;
    const remote = spanContext.isRemote === true;
    const sampled = isSampled(spanContext);
    if (state === undefined && !remote) {
      // A child of a context taken from W3C headers: one pass.
      const header = fastTraceState(spanContext, spanId, sampled, traceId);
      if (header !== undefined) {
        setter.set(
          carrier,
          TRACE_PARENT_HEADER,
          '00-' + traceId + '-' + spanId + (sampled ? '-01' : '-00')
        );
        if (header.length > 0) setter.set(carrier, TRACE_STATE_HEADER, header);
        return;
      }
    }
    state ??= readInjectState(spanContext);
    const version = remote && state.version ? state.version : '00';
    setter.set(
      carrier,
      TRACE_PARENT_HEADER,
      version + '-' + traceId + '-' + spanId + (sampled ? '-01' : '-00')
    );
    // An extracted context sent on as is keeps the last Datadog parent.
    const member = buildOutgoingMember(
      state,
      remote ? state.parentId : spanId,
      traceId.slice(0, 16)
    );
    const header = withDatadogMember(state.traceState, member);
    if (header.length > 0) setter.set(carrier, TRACE_STATE_HEADER, header);
  }

  /**
   * @internal Reads a context, or `undefined`. The `dd` member is kept as
   * received and read when needed.
   */
  extractContext(reader: HeaderReader): ExtractedContext | undefined {
    const traceParentValue = uniqueString(reader.get(TRACE_PARENT_HEADER));
    if (traceParentValue === undefined) return undefined;
    const traceParent = parseTraceParent(traceParentValue);
    if (traceParent === undefined) {
      diag.debug('DatadogTraceContextPropagator: invalid traceparent');
      return undefined;
    }
    let traceState: W3CTraceState | undefined;
    const traceStateValue = joinedString(
      reader.get(TRACE_STATE_HEADER),
      MAX_TRACE_STATE_LENGTH
    );
    if (typeof traceStateValue === 'string') {
      traceState = normalizeOtelMember(W3CTraceState.parse(traceStateValue));
      if (traceState.size === 0) traceState = undefined;
    }
    const context = ExtractedContext.fromTraceContext(
      traceParent.traceId,
      traceParent.spanId,
      traceParent.sampled,
      traceState
    );
    if (traceParent.version !== '00') context.version = traceParent.version;
    return context;
  }
}
