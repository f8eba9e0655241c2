/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// One extracted trace context in Datadog's terms, and its translation into
// an OpenTelemetry SpanContext. Datadog state lives in the span context's
// trace state, which the SDK hands (the same object) to every child span:
// - a context taken from W3C headers keeps `tracestate` as received; its
//   state is what dd-trace derives from the `dd` member, and inject updates
//   that member in place, as dd-trace does. Trace states we did not build
//   are read the same way;
// - a context taken from other headers has its exact Datadog values
//   attached to the trace state object (DatadogPropagator's own mechanism:
//   it reads them back), with an UpstreamRecord naming the `dd` member
//   received in W3C headers, if any, for inject to update in place. The
//   trace state's own `dd` member then holds either that received member or
//   the state in Datadog's encoding; readers use the attached values.

import type { SpanContext, TraceState } from '@opentelemetry/api';
import type { RawDatadogValues } from '@otel-dd/propagator-datadog';
import {
  attachRawValues,
  DATADOG_TRACE_STATE_KEY,
  DECISION_MAKER_TAG,
  escapeMemberKey,
  escapeMemberValue,
  getRawValues,
  isHex,
  MAX_TRACE_STATE_VALUE_LENGTH,
  parseDatadogMember,
  parsePriority,
  PROPAGATED_TAG_PREFIX,
  setTag,
  TRACE_ID_HIGH_TAG,
  TraceFlags,
  unescapeMemberValue,
  W3CTraceState,
} from './deps';
import { findSubkey, parseSubkeys, type SubkeyList } from './subkeys';

const ZERO_16 = '0000000000000000';
const NO_TAGS: readonly string[] = [];

/** Datadog's view of a trace context. */
export interface DatadogState {
  /** Sampling priority; `undefined` when the sender decided nothing. */
  priority: number | undefined;
  origin: string | undefined;
  /** `_dd.p.*` tags as alternating key and value, in dd-trace's order. */
  tags: readonly string[];
  /** The last Datadog parent (`_dd.parent_id`, tracestate `p`), 16 hex. */
  parentId: string | undefined;
}

/** Notes kept with a trace state built at extraction. */
export interface UpstreamRecord {
  /**
   * The attached values are the state (else they are only what the `dd`
   * member as received says, kept with the two notes below).
   */
  stateForm: boolean;
  /** With `stateForm`: the `dd` member received in W3C headers, if any. */
  member: string | undefined;
  /** traceparent version to echo when the remote context is injected. */
  version: string | undefined;
  /**
   * The trace id arrived as 128 bits: B3 then writes all 32 hex digits
   * even when the upper half is zero, as dd-trace does.
   */
  traceId128: boolean;
  /**
   * Whether `member` already says what the attached state says, as the
   * first inject found it for a priority (see pairMember): later children
   * of the trace reuse it. Undefined until then. One record per attached
   * state.
   */
  pairChecked: number | undefined;
}

/**
 * What is attached to a trace state we build: the exact Datadog values
 * (read by DatadogPropagator too, as its own attached values) and our
 * notes. Attached values without notes are DatadogPropagator's: state form,
 * nothing received in W3C headers.
 */
export interface AttachedState extends RawDatadogValues {
  parentId?: string;
  upstream?: UpstreamRecord;
}

export function getAttached(
  traceState: TraceState | undefined
): AttachedState | undefined {
  return getRawValues(traceState) as AttachedState | undefined;
}

export function getUpstream(
  traceState: TraceState | undefined
): UpstreamRecord | undefined {
  return getAttached(traceState)?.upstream;
}

function attach(
  traceState: TraceState,
  state: DatadogState,
  upstream: UpstreamRecord
): void {
  const attached: AttachedState = {
    priority: state.priority,
    origin: state.origin,
    tags: state.tags,
    parentId: state.parentId,
    upstream,
  };
  attachRawValues(traceState, attached);
}

/**
 * dd-trace's reading of a `dd` member received in W3C headers: the sampled
 * flag wins over `s` when they disagree; `t.dm:4` becomes `_dd.p.dm=-4`;
 * `t.tid` is ignored (the trace id is authoritative) and the trace id's
 * upper half is the first tag; other `t.*` follow right to left.
 */
export function deriveWireState(
  list: SubkeyList,
  sampled: boolean,
  traceId: string
): DatadogState {
  let priority = sampled ? 1 : 0;
  let origin: string | undefined;
  let parentId: string | undefined;
  const high = traceId.slice(0, 16);
  const tags: string[] = high === ZERO_16 ? [] : [TRACE_ID_HIGH_TAG, high];
  const { keys, values } = list;
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i];
    const value = values[i];
    if (key === 'p') {
      if (isHex(value, 16)) parentId = value.toLowerCase();
    } else if (key === 's') {
      const s = parsePriority(value);
      if (s !== undefined && (sampled ? s > 0 : s < 0)) priority = s;
    } else if (key === 'o') {
      origin = unescapeMemberValue(value);
    } else if (key === 't.dm') {
      const mechanism = parsePriority(value);
      if (mechanism !== undefined) {
        setTag(tags, DECISION_MAKER_TAG, '-' + Math.abs(mechanism));
      }
    } else if (
      key.length > 2 &&
      key.charCodeAt(0) === 0x74 /* t */ &&
      key.charCodeAt(1) === 0x2e /* . */ &&
      key !== 't.tid'
    ) {
      setTag(
        tags,
        PROPAGATED_TAG_PREFIX + key.slice(2),
        unescapeMemberValue(value)
      );
    }
  }
  return { priority, origin, tags, parentId };
}

/**
 * A context read by one style, before it becomes a SpanContext. Its
 * Datadog state is read lazily: a W3C context keeps its `dd` member as
 * received, a Datadog one the member DatadogPropagator built.
 */
export class ExtractedContext {
  traceId: string;
  spanId: string;
  /** The W3C tracestate received with (or merged into) this context. */
  traceState: W3CTraceState | undefined;
  /** traceparent version, when not `00`. */
  version: string | undefined = undefined;
  /** True after a decision that is not probabilistic (B3 debug, conflict). */
  manual = false;
  /** The trace id arrived as 128 bits (even with a zero upper half). */
  traceId128 = true;
  /** A built span context, valid while nothing here changes. */
  spanContext: SpanContext | undefined = undefined;

  private readonly _sampled: boolean;
  /** The state, once read or set. */
  private _state: DatadogState | undefined;
  private _raw: RawDatadogValues | undefined;
  /** The state is derived from `traceState`'s `dd` as received. */
  private _wire: boolean;
  /** Quick priority read, before the state is. */
  private _priority: number | undefined;
  /** The trace state DatadogPropagator built, holding the state. */
  private _datadogTraceState: TraceState | undefined;
  /** Only ids and a priority (B3, X-Ray): tags follow from the trace id. */
  private _ids = false;
  /** The context whose tracestate was merged into this one. */
  private _traceStateSource: ExtractedContext | undefined;

  private constructor(
    traceId: string,
    spanId: string,
    sampled: boolean,
    wire: boolean
  ) {
    this.traceId = traceId;
    this.spanId = spanId;
    this._sampled = sampled;
    this._wire = wire;
  }

  /** From explicit values (B3, X-Ray). */
  static of(
    traceId: string,
    spanId: string,
    priority: number | undefined,
    traceId128: boolean
  ): ExtractedContext {
    const context = new ExtractedContext(
      traceId,
      spanId,
      priority !== undefined && priority > 0,
      false
    );
    context._ids = true;
    context._priority = priority;
    context.traceId128 = traceId128;
    return context;
  }

  /** From traceparent and tracestate; the `dd` member is read lazily. */
  static fromTraceContext(
    traceId: string,
    spanId: string,
    sampled: boolean,
    traceState: W3CTraceState | undefined
  ): ExtractedContext {
    const context = new ExtractedContext(traceId, spanId, sampled, true);
    context.traceState = traceState;
    return context;
  }

  /** From a span context DatadogPropagator extracted. */
  static fromDatadog(spanContext: SpanContext): ExtractedContext {
    const context = new ExtractedContext(
      spanContext.traceId,
      spanContext.spanId,
      (spanContext.traceFlags & TraceFlags.SAMPLED) !== 0,
      false
    );
    context.traceId128 = false;
    const traceState = spanContext.traceState;
    if (traceState !== undefined) {
      // DatadogPropagator's trace state, used as it is when nothing else
      // is merged in: its attached values (or its `s`-only member) say
      // that `dd` is to be written from scratch.
      context._raw = getRawValues(traceState);
      context._datadogTraceState = traceState;
      context._priority =
        context._raw !== undefined
          ? context._raw.priority
          : leadingPriority(traceState.get(DATADOG_TRACE_STATE_KEY));
    } else {
      context._state = {
        priority: undefined,
        origin: undefined,
        tags: NO_TAGS,
        parentId: undefined,
      };
    }
    context.spanContext = spanContext;
    return context;
  }

  /** The sampled flag received (priority above 0). */
  get sampled(): boolean {
    return this._state !== undefined
      ? this._state.priority !== undefined && this._state.priority > 0
      : this._sampled;
  }

  get priority(): number | undefined {
    if (this._state !== undefined) return this._state.priority;
    if (this._wire) {
      // Only `s` matters here; the rest is read when needed.
      const s = parsePriority(
        findSubkey(this.traceState?.get(DATADOG_TRACE_STATE_KEY), 's')
      );
      const flag = this._sampled ? 1 : 0;
      return s !== undefined && (this._sampled ? s > 0 : s < 0) ? s : flag;
    }
    return this._priority;
  }

  /** The full state (read now if it was not yet). */
  state(): DatadogState {
    if (this._state === undefined) {
      if (this._wire) {
        this._state = deriveWireState(
          parseSubkeys(this.traceState?.get(DATADOG_TRACE_STATE_KEY)),
          this._sampled,
          this.traceId
        );
      } else if (this._ids) {
        const high = this.traceId.slice(0, 16);
        this._state = {
          priority: this._priority,
          origin: undefined,
          tags: high === ZERO_16 ? NO_TAGS : [TRACE_ID_HIGH_TAG, high],
          parentId: undefined,
        };
      } else if (this._raw !== undefined) {
        this._state = {
          priority: this._raw.priority,
          origin: this._raw.origin,
          tags: this._raw.tags,
          parentId: undefined,
        };
      } else {
        const member = this._datadogTraceState?.get(DATADOG_TRACE_STATE_KEY);
        const parsed =
          member === undefined ? undefined : parseDatadogMember(member);
        this._state = {
          priority: parsed?.priority,
          origin: parsed?.origin,
          tags: parsed?.tags ?? NO_TAGS,
          parentId: parsed?.parentId,
        };
      }
    }
    return this._state;
  }

  /** Replaces part of the state; the span context is built anew. */
  update(change: Partial<DatadogState>): void {
    const state = this.state();
    this._state = { ...state, ...change };
    this._wire = false;
    this._ids = false;
    this._datadogTraceState = undefined;
    this._raw = undefined;
    this.spanContext = undefined;
  }

  /**
   * Gives this context another received tracestate (that of `source`, when
   * merged from another context).
   */
  setTraceState(
    traceState: W3CTraceState | undefined,
    source?: ExtractedContext
  ): void {
    if (this._wire) this.state();
    this._wire = false;
    this.traceState = traceState;
    this._traceStateSource = source;
    this.spanContext = undefined;
  }

  /** True when the tracestate of `source` was merged into this context. */
  mergedFrom(source: ExtractedContext): boolean {
    return this._traceStateSource === source;
  }

  /** True when this context may keep `traceState` as its own object. */
  private _ownsTraceState(traceState: W3CTraceState): boolean {
    return (
      getAttached(traceState) === undefined &&
      this._traceStateSource?.spanContext?.traceState !== traceState
    );
  }

  /** Builds (once) the span context. */
  toSpanContext(): SpanContext {
    if (this.spanContext !== undefined) return this.spanContext;
    this.spanContext = this._wire ? this._fromWire() : this._fromState();
    return this.spanContext;
  }

  /** The received tracestate is the trace state; nothing to rebuild. */
  private _fromWire(): SpanContext {
    let traceState = this.traceState;
    const upperZero = this.traceId.startsWith(ZERO_16);
    if (traceState === undefined && upperZero) {
      // No object to keep the 128-bit note on: build the state instead.
      this.state();
      this._wire = false;
      return this._fromState();
    }
    if (traceState !== undefined && getAttached(traceState) !== undefined) {
      // Taken by the context it was merged into (which attached its own
      // state): this one gets a copy.
      traceState = W3CTraceState.parse(traceState.serialize());
      this.traceState = traceState;
    }
    if (traceState !== undefined && (this.version !== undefined || upperZero)) {
      // The member stands for itself; only these two notes need keeping,
      // with the state as read (what DatadogPropagator would read).
      attach(traceState, this.state(), {
        stateForm: false,
        member: undefined,
        version: this.version,
        traceId128: this.traceId128,
        pairChecked: undefined,
      });
    }
    return {
      traceId: this.traceId,
      spanId: this.spanId,
      traceFlags: this._sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
      isRemote: true,
      traceState,
    };
  }

  private _fromState(): SpanContext {
    const received = this.traceState;
    if (this._ids) {
      const priority = this._priority;
      if (
        received === undefined &&
        this.version === undefined &&
        (priority === undefined || priority === 0 || priority === 1) &&
        !(this.traceId128 && this.traceId.startsWith(ZERO_16))
      ) {
        // The sampled flag and the trace id say it all; inject derives the
        // same `dd` member from them, so no trace state is needed.
        return {
          traceId: this.traceId,
          spanId: this.spanId,
          traceFlags: priority === 1 ? TraceFlags.SAMPLED : TraceFlags.NONE,
          isRemote: true,
        };
      }
      this.state();
    }
    const upstream: UpstreamRecord = {
      stateForm: true,
      member: received?.get(DATADOG_TRACE_STATE_KEY),
      version: this.version,
      traceId128: this.traceId128,
      pairChecked: undefined,
    };
    let traceState: W3CTraceState;
    let priority: number | undefined;
    if (this._state === undefined) {
      // DatadogPropagator's state, unchanged: its member on the received
      // trace state.
      priority = this._priority;
      if (
        received !== undefined &&
        upstream.member !== undefined &&
        this._ownsTraceState(received)
      ) {
        // Kept as received: its `dd` member is the upstream one, to update
        // at inject; the state is in the attached values.
        traceState = received;
      } else {
        const member = this._datadogTraceState?.get(DATADOG_TRACE_STATE_KEY);
        traceState = received ?? W3CTraceState.empty();
        traceState =
          member === undefined
            ? traceState.unset(DATADOG_TRACE_STATE_KEY)
            : traceState.setUnchecked(DATADOG_TRACE_STATE_KEY, member);
      }
      if (traceState.size > 0) {
        // DatadogPropagator's own values (it reads them back, with what it
        // kept of the headers), noted as having an upstream member.
        const attached: AttachedState = this._raw ?? {
          priority,
          tags: NO_TAGS,
        };
        attached.upstream = upstream;
        attachRawValues(traceState, attached);
      }
    } else {
      const state = this._state;
      priority = state.priority;
      if (isImplied(this, state)) {
        // The sampled flag and the trace id say it all; inject derives the
        // same `dd` member from them, so no trace state is needed.
        return {
          traceId: this.traceId,
          spanId: this.spanId,
          traceFlags: priority === 1 ? TraceFlags.SAMPLED : TraceFlags.NONE,
          isRemote: true,
        };
      }
      const member = serializeStateMember(state);
      traceState = received ?? W3CTraceState.empty();
      traceState =
        member === undefined
          ? traceState.unset(DATADOG_TRACE_STATE_KEY)
          : traceState.setUnchecked(DATADOG_TRACE_STATE_KEY, member);
      if (traceState.size > 0) attach(traceState, state, upstream);
    }
    return {
      traceId: this.traceId,
      spanId: this.spanId,
      traceFlags:
        priority !== undefined && priority > 0
          ? TraceFlags.SAMPLED
          : TraceFlags.NONE,
      isRemote: true,
      traceState: traceState.size > 0 ? traceState : undefined,
    };
  }
}

/** `s` when it is the first part of a member (DatadogPropagator's form). */
function leadingPriority(member: string | undefined): number | undefined {
  if (member === undefined || !member.startsWith('s:')) return undefined;
  const end = member.indexOf(';');
  return parsePriority(member.slice(2, end === -1 ? member.length : end));
}

/**
 * True when the state is what a bare span context implies: priority 0 or 1
 * (or none) matching the sampled flag, no origin, no last parent, no tags
 * but the trace id's own upper half, nothing else received.
 */
function isImplied(context: ExtractedContext, state: DatadogState): boolean {
  const { priority, tags } = state;
  if (
    context.traceState !== undefined ||
    context.version !== undefined ||
    state.parentId !== undefined ||
    state.origin ||
    (priority !== undefined && priority !== 0 && priority !== 1)
  ) {
    return false;
  }
  const traceId = context.traceId;
  if (traceId.startsWith(ZERO_16)) {
    return tags.length === 0 && !context.traceId128;
  }
  return (
    tags.length === 2 &&
    tags[0] === TRACE_ID_HIGH_TAG &&
    tags[1].length === 16 &&
    traceId.startsWith(tags[1])
  );
}

/** True for `t.*` subkeys that may be dropped to fit 256 characters. */
export function isOptionalSubkey(key: string): boolean {
  return (
    key.length > 2 &&
    key.charCodeAt(0) === 0x74 /* t */ &&
    key.charCodeAt(1) === 0x2e /* . */ &&
    key !== 't.dm' &&
    key !== 't.ts'
  );
}

/**
 * The `dd` member holding Datadog state: `s`, `o`, `p`, then `t.*` in tag
 * order. Optional `t.*` parts are dropped from the right to fit 256
 * characters (the exact values stay attached to the trace state).
 */
export function serializeStateMember(state: DatadogState): string | undefined {
  const { priority, origin, parentId, tags } = state;
  let value = priority === undefined ? '' : 's:' + priority;
  if (origin) {
    value += (value.length > 0 ? ';o:' : 'o:') + escapeMemberValue(origin);
  }
  if (parentId !== undefined) {
    value += (value.length > 0 ? ';p:' : 'p:') + parentId;
  }
  const fixedLength = value.length;
  let tagParts: string[] | undefined;
  for (let i = 0; i < tags.length; i += 2) {
    const tagValue = tags[i + 1];
    if (!tagValue) continue;
    const part =
      't.' +
      escapeMemberKey(tags[i].slice(PROPAGATED_TAG_PREFIX.length)) +
      ':' +
      escapeMemberValue(tagValue);
    (tagParts ??= []).push(part);
    value += (value.length > 0 ? ';' : '') + part;
  }
  if (value.length > MAX_TRACE_STATE_VALUE_LENGTH && tagParts !== undefined) {
    let length = value.length;
    for (let i = tagParts.length - 1; i >= 0; i--) {
      if (length <= MAX_TRACE_STATE_VALUE_LENGTH) break;
      const part = tagParts[i];
      if (!isOptionalSubkey(part.slice(0, part.indexOf(':')))) continue;
      length -= part.length + 1;
      tagParts.splice(i, 1);
    }
    value = tagParts.reduce(
      (result, part) => (result.length > 0 ? result + ';' + part : part),
      value.slice(0, fixedLength)
    );
  }
  return value.length === 0 || value.length > MAX_TRACE_STATE_VALUE_LENGTH
    ? undefined
    : value;
}
