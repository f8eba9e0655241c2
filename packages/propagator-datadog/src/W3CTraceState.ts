/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import type { TraceState } from '@opentelemetry/api';

/** W3C limit on tracestate list members. */
export const MAX_TRACE_STATE_MEMBERS = 32;
/** W3C and dd-trace limit on one member's value. */
export const MAX_TRACE_STATE_VALUE_LENGTH = 256;
/** Longest tracestate header we read at all (32 members of 512 characters). */
export const MAX_TRACE_STATE_HEADER_LENGTH = 16384;

const SIMPLE_KEY = /^[a-z0-9][_0-9a-z\-*/]{0,255}$/;
const TENANT_KEY = /^[a-z0-9][_0-9a-z\-*/]{0,240}@[a-z][_0-9a-z\-*/]{0,13}$/;

/** W3C key grammar (`vendor` or `tenant@vendor`). */
export function isValidTraceStateKey(key: string): boolean {
  return key.length <= 256 && (SIMPLE_KEY.test(key) || TENANT_KEY.test(key));
}

/** W3C value grammar: printable ASCII but `,` and `=`, no trailing space. */
export function isValidTraceStateValue(value: string): boolean {
  const length = value.length;
  if (length === 0 || length > MAX_TRACE_STATE_VALUE_LENGTH) return false;
  for (let i = 0; i < length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code > 0x7e || code === 0x2c || code === 0x3d) {
      return false;
    }
  }
  return value.charCodeAt(length - 1) !== 0x20;
}

/**
 * An immutable W3C `tracestate`, implementing OpenTelemetry's `TraceState`
 * interface without depending on `@opentelemetry/core` (which would pin one
 * OpenTelemetry release line). `set` puts the member first, as the W3C spec
 * asks of a vendor updating its own entry.
 */
export class W3CTraceState implements TraceState {
  private static readonly _empty = new W3CTraceState([], []);

  /**
   * Datadog values read together with this trace state, set once by the
   * extraction that created it (see `attachRawValues`). Internal.
   */
  _attached: unknown = undefined;

  /**
   * Builds the first member's value from `_attached` on first use (see
   * `_setLazy`); undefined once it is built.
   */
  private _pending: ((attached: unknown) => string) | undefined = undefined;

  private constructor(
    private readonly _keys: readonly string[],
    private readonly _values: readonly string[]
  ) {}

  /** An empty trace state. */
  static empty(): W3CTraceState {
    return W3CTraceState._empty;
  }

  /**
   * Parses a `tracestate` header the way dd-trace does: at most 32 members,
   * each split at its first `=`; members with an empty or blank-containing
   * key, or an empty, over-long or tab-containing value, are skipped.
   * Whitespace around members is removed. A header over 16384 characters is
   * ignored as a whole.
   */
  static parse(header: string): W3CTraceState {
    if (header.length === 0 || header.length > MAX_TRACE_STATE_HEADER_LENGTH) {
      return W3CTraceState._empty;
    }
    const keys: string[] = [];
    const values: string[] = [];
    let start = 0;
    let segments = 0;
    while (start <= header.length && segments < MAX_TRACE_STATE_MEMBERS) {
      let end = header.indexOf(',', start);
      if (end === -1) end = header.length;
      segments++;
      const equals = header.indexOf('=', start);
      if (equals !== -1 && equals < end) {
        const key = header.slice(start, equals).trim();
        const value = header.slice(equals + 1, end).trimEnd();
        if (
          key.length > 0 &&
          key.indexOf(' ') === -1 &&
          key.indexOf('\t') === -1 &&
          value.length > 0 &&
          value.length <= MAX_TRACE_STATE_VALUE_LENGTH &&
          value.indexOf('\t') === -1 &&
          keys.indexOf(key) === -1
        ) {
          keys.push(key);
          values.push(value);
        }
      }
      start = end + 1;
    }
    return keys.length === 0
      ? W3CTraceState._empty
      : new W3CTraceState(keys, values);
  }

  /**
   * Copies any `TraceState` implementation (for example the one from
   * `@opentelemetry/core`) into this class through its serialized form.
   */
  static from(traceState: TraceState | undefined): W3CTraceState {
    if (traceState === undefined) return W3CTraceState._empty;
    if (traceState instanceof W3CTraceState) return traceState;
    try {
      return W3CTraceState.parse(traceState.serialize());
    } catch {
      return W3CTraceState._empty;
    }
  }

  get size(): number {
    return this._keys.length;
  }

  get(key: string): string | undefined {
    const index = this._keys.indexOf(key);
    return index === -1 ? undefined : this._resolvedValues()[index];
  }

  /**
   * Returns a copy with `key` first. Invalid keys or values return this
   * instance unchanged. When the list would exceed 32 members the rightmost
   * member is dropped, as dd-trace does.
   */
  set(key: string, value: string): W3CTraceState {
    if (!isValidTraceStateKey(key) || !isValidTraceStateValue(value)) {
      return this;
    }
    return this.setUnchecked(key, value);
  }

  /** `set` for callers that built the key and value from valid parts. */
  setUnchecked(key: string, value: string): W3CTraceState {
    const keys = [key];
    const values = [value];
    const ownValues = this._resolvedValues();
    for (let i = 0; i < this._keys.length; i++) {
      if (this._keys[i] === key) continue;
      if (keys.length === MAX_TRACE_STATE_MEMBERS) break;
      keys.push(this._keys[i]);
      values.push(ownValues[i]);
    }
    return new W3CTraceState(keys, values);
  }

  /**
   * `setUnchecked` for a value that is costly to build and often never
   * read: `build(attached)` makes it on first use, from the `attached`
   * values, which are also attached to the result (see `_attached`). It must
   * return a valid value. Internal.
   */
  _setLazy(
    key: string,
    build: (attached: unknown) => string,
    attached: unknown
  ): W3CTraceState {
    const traceState = this.setUnchecked(key, '');
    traceState._pending = build;
    traceState._attached = attached;
    return traceState;
  }

  /** The member values, with a value left for later built now. */
  private _resolvedValues(): readonly string[] {
    const build = this._pending;
    if (build !== undefined) {
      this._pending = undefined;
      (this._values as string[])[0] = build(this._attached);
    }
    return this._values;
  }

  unset(key: string): W3CTraceState {
    const index = this._keys.indexOf(key);
    if (index === -1) return this;
    const keys = this._keys.slice();
    const values = this._resolvedValues().slice();
    keys.splice(index, 1);
    values.splice(index, 1);
    return keys.length === 0
      ? W3CTraceState._empty
      : new W3CTraceState(keys, values);
  }

  serialize(): string {
    const keys = this._keys;
    if (keys.length === 0) return '';
    const values = this._resolvedValues();
    let header = keys[0] + '=' + values[0];
    for (let i = 1; i < keys.length; i++) {
      header += ',' + keys[i] + '=' + values[i];
    }
    return header;
  }
}
