/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Reading the Datadog state of a span context for inject (one parse of the
// `dd` member for every style), and writing what dd-trace writes.

import type { SpanContext, TextMapSetter } from '@opentelemetry/api';
import {
  DATADOG_TRACE_STATE_KEY,
  DECISION_MAKER_TAG,
  escapeMemberKey,
  escapeMemberValue,
  hexIdToDecimal,
  MAX_TRACE_STATE_VALUE_LENGTH,
  parsePriority,
  PROPAGATED_TAG_PREFIX,
  reconcilePriority,
  serializeDatadogTags,
  TRACE_ID_HIGH_TAG,
  TraceFlags,
  W3CTraceState,
  X_DATADOG_ORIGIN,
  X_DATADOG_PARENT_ID,
  X_DATADOG_SAMPLING_PRIORITY,
  X_DATADOG_TAGS,
  X_DATADOG_TRACE_ID,
} from './deps';
import {
  deriveWireState,
  getAttached,
  isOptionalSubkey,
  type DatadogState,
} from './context';
import {
  parseSubkeys,
  serializeSubkeys,
  setSubkey,
  type SubkeyList,
} from './subkeys';
import { rewriteMember } from './wireMember';

const ZERO_16 = '0000000000000000';

/** The Datadog view of a span context about to be injected. */
export interface InjectState {
  /** Priority reconciled with the sampled flag (the flag wins). */
  priority: number;
  origin: string | undefined;
  /** Propagated tags in dd-trace's order. */
  tags: readonly string[];
  /** The last Datadog parent. */
  parentId: string | undefined;
  traceState: W3CTraceState;
  /** The `dd` member to update in place. */
  upstreamMember: string | undefined;
  /** The same, parsed, when it was. */
  upstreamList: SubkeyList | undefined;
  /** traceparent version received with this context, if not `00`. */
  version: string | undefined;
  /** The trace id arrived as 128 bits. */
  traceId128: boolean;
}

export function isSampled(spanContext: SpanContext): boolean {
  return (spanContext.traceFlags & TraceFlags.SAMPLED) !== 0;
}

/**
 * True when the trace state holds Datadog state with its exact values
 * attached (as DatadogPropagator reads them), rather than a `dd` member as
 * received in W3C headers.
 */
export function hasAttachedState(spanContext: SpanContext): boolean {
  const attached = getAttached(spanContext.traceState);
  return attached !== undefined && attached.upstream?.stateForm !== false;
}

/** The sampling priority to write, without reading anything else. */
export function readPriority(spanContext: SpanContext): number {
  const sampled = isSampled(spanContext);
  const traceState = spanContext.traceState;
  if (traceState === undefined) return sampled ? 1 : 0;
  const attached = getAttached(traceState);
  if (attached !== undefined) {
    return reconcilePriority(sampled, attached.priority);
  }
  const member = traceState.get(DATADOG_TRACE_STATE_KEY);
  if (member === undefined) return sampled ? 1 : 0;
  return deriveWireState(parseSubkeys(member), sampled, spanContext.traceId)
    .priority as number;
}

export function readInjectState(spanContext: SpanContext): InjectState {
  const sampled = isSampled(spanContext);
  const traceState = W3CTraceState.from(spanContext.traceState);
  const attached = getAttached(spanContext.traceState);
  const record = attached?.upstream;
  let state: DatadogState;
  let upstreamMember: string | undefined;
  let upstreamList: SubkeyList | undefined;
  if (attached !== undefined && record?.stateForm !== false) {
    // Values attached at extraction (ours, or DatadogPropagator's with
    // nothing received in W3C headers).
    state = {
      priority: attached.priority,
      origin: attached.origin,
      tags: attached.tags,
      parentId: attached.parentId,
    };
    upstreamMember = record?.member;
  } else {
    // The `dd` member as received (or some other trace state).
    upstreamMember = traceState.get(DATADOG_TRACE_STATE_KEY);
    upstreamList = parseSubkeys(upstreamMember);
    state = deriveWireState(
      upstreamList,
      sampled,
      spanContext.traceId.toLowerCase()
    );
  }
  return {
    priority: reconcilePriority(sampled, state.priority),
    origin: state.origin,
    tags: state.tags,
    parentId: state.parentId,
    traceState,
    upstreamMember,
    upstreamList,
    version: record?.version,
    traceId128: record?.traceId128 === true,
  };
}

/**
 * Writes the `x-datadog-*` headers as DatadogPropagator does (decimal low
 * 64 bits, upper half in `_dd.p.tid`, tags left out as a whole when
 * invalid or too long), from an already-read state: for a `dd` member as
 * received in W3C headers, which DatadogPropagator would read in its own
 * form.
 */
export function injectDatadogHeaders(
  spanContext: SpanContext,
  state: InjectState,
  tagsMaxLength: number,
  carrier: unknown,
  setter: TextMapSetter
): void {
  const traceId = spanContext.traceId.toLowerCase();
  const low = hexIdToDecimal(traceId, 16);
  const parent = hexIdToDecimal(spanContext.spanId);
  // A zero low half is no Datadog trace id.
  if (low === undefined || parent === undefined || low === '0') return;
  setter.set(carrier, X_DATADOG_TRACE_ID, low);
  setter.set(carrier, X_DATADOG_PARENT_ID, parent);
  setter.set(carrier, X_DATADOG_SAMPLING_PRIORITY, String(state.priority));
  if (state.origin) setter.set(carrier, X_DATADOG_ORIGIN, state.origin);
  const high = traceId.slice(0, 16);
  const tags = serializeDatadogTags(
    state.tags,
    tagsMaxLength,
    high === ZERO_16 ? undefined : high
  );
  if (tags !== undefined) setter.set(carrier, X_DATADOG_TAGS, tags);
}

/**
 * The outgoing `dd` member: the upstream member updated in place, with new
 * subkeys put first in the order dd-trace adds them (`p`, `s`, `t.dm`, `o`,
 * then `t.*` in tag order). Over 256 characters, optional `t.*` subkeys are
 * dropped from the left; `undefined` when that is not enough.
 *
 * @param traceIdHigh upper 16 hex digits of the trace id; authoritative
 *   for `t.tid`.
 */
export function buildOutgoingMember(
  state: InjectState,
  parentId: string | undefined,
  traceIdHigh: string
): string | undefined {
  const { priority, origin } = state;
  const tid = traceIdHigh === ZERO_16 ? undefined : traceIdHigh;
  const tags = placeTraceIdHigh(state.tags, tid);
  const mechanism = decisionMaker(tags);
  if (state.upstreamList === undefined) {
    const fast = rewriteMember(
      state.upstreamMember,
      parentId,
      priority,
      mechanism,
      origin,
      tags
    );
    if (fast !== undefined) return fast;
  }
  const list = state.upstreamList ?? parseSubkeys(state.upstreamMember);
  if (parentId !== undefined) setSubkey(list, 'p', parentId);
  setSubkey(list, 's', String(priority));
  if (mechanism !== undefined) setSubkey(list, 't.dm', '-' + mechanism);
  if (origin) setSubkey(list, 'o', escapeMemberValue(origin));
  for (let i = 0; i < tags.length; i += 2) {
    const value = tags[i + 1];
    if (!value) continue;
    setSubkey(
      list,
      't.' + escapeMemberKey(tags[i].slice(PROPAGATED_TAG_PREFIX.length)),
      escapeMemberValue(value)
    );
  }
  return fit(list);
}

/**
 * Tags with `_dd.p.tid` valued from the trace id (authoritative), first
 * when missing (a trace started here: dd-trace sets it before other tags),
 * and left out for 64-bit trace ids; non-`_dd.p.` keys dropped.
 */
function placeTraceIdHigh(
  tags: readonly string[],
  tid: string | undefined
): readonly string[] {
  let result: string[] | undefined;
  let found = false;
  for (let i = 0; i < tags.length; i += 2) {
    const key = tags[i];
    if (key === TRACE_ID_HIGH_TAG) {
      found = true;
      if (tags[i + 1] === tid) continue;
      result ??= tags.slice(0, i);
      if (tid !== undefined) result.push(key, tid);
    } else if (!key.startsWith(PROPAGATED_TAG_PREFIX)) {
      result ??= tags.slice(0, i);
    } else if (result !== undefined) {
      result.push(key, tags[i + 1]);
    }
  }
  if (!found && tid !== undefined) {
    return [TRACE_ID_HIGH_TAG, tid, ...(result ?? tags)];
  }
  return result ?? tags;
}

/** dd-trace's mechanism from `_dd.p.dm` (`-4` → 4); none for 0 or junk. */
function decisionMaker(tags: readonly string[]): number | undefined {
  for (let i = 0; i < tags.length; i += 2) {
    if (tags[i] !== DECISION_MAKER_TAG) continue;
    const value = parsePriority(tags[i + 1]);
    return value === undefined || value === 0 ? undefined : Math.abs(value);
  }
  return undefined;
}

function fit(list: SubkeyList): string | undefined {
  let value = serializeSubkeys(list);
  for (
    let i = 0;
    i < list.keys.length && value.length > MAX_TRACE_STATE_VALUE_LENGTH;
  ) {
    if (isOptionalSubkey(list.keys[i])) {
      list.keys.splice(i, 1);
      list.values.splice(i, 1);
      value = serializeSubkeys(list);
    } else {
      i++;
    }
  }
  if (value.length === 0 || value.length > MAX_TRACE_STATE_VALUE_LENGTH) {
    return undefined;
  }
  return value;
}
