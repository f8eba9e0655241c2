/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import type { TraceState } from '@opentelemetry/api';
import { DATADOG_TRACE_STATE_KEY } from './constants';

/** W3C limit on tracestate list members. */
export const MAX_TRACE_STATE_MEMBERS = 32;
/** W3C and dd-trace limit on one member's value. */
export const MAX_TRACE_STATE_VALUE_LENGTH = 256;
/** Longest tracestate header we read at all (32 members of 512 characters). */
export const MAX_TRACE_STATE_HEADER_LENGTH = 16384;

const SIMPLE_KEY = /^[a-z0-9][_0-9a-z\-*/]{0,255}$/;
const TENANT_KEY = /^[a-z0-9][_0-9a-z\-*/]{0,240}@[a-z][_0-9a-z\-*/]{0,13}$/;

// One character outside the range (a search for one character class: no
// backtracking), far faster than a loop over the characters.
const NOT_PRINTABLE = /[^\x20-\x7e]/;
const NOT_VISIBLE = /[^\x21-\x7e]/;

/** True when every character is printable ASCII from `min` (0x20 or 0x21) to 0x7E. */
function isPrintable(text: string, min: 0x20 | 0x21): boolean {
  return !(min === 0x21 ? NOT_VISIBLE : NOT_PRINTABLE).test(text);
}

/** Printable ASCII but space: never whitespace that trim removes. */
function isVisible(code: number): boolean {
  return code > 0x20 && code < 0x7f;
}

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

/** The value list of a lone member built on first use (see `_setLazy`). */
const PENDING_VALUE: readonly string[] = [''];
const DATADOG_KEYS: readonly string[] = [DATADOG_TRACE_STATE_KEY];
/** The key list of the last such member, shared by all of them. */
let lazyKeys: readonly string[] = [DATADOG_TRACE_STATE_KEY];

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
    /** Replaced (never changed in place) once a pending value is built. */
    private _values: readonly string[]
  ) {}

  /** An empty trace state. */
  static empty(): W3CTraceState {
    return W3CTraceState._empty;
  }

  /**
   * Parses a `tracestate` header the way dd-trace does: at most 32 members,
   * each split at its first `=`; members with an empty or blank-containing
   * key, or an empty, over-long or tab-containing value, are skipped, and
   * so are members with characters outside printable ASCII (control
   * characters, CR/LF, non-ASCII): they would be written back into headers.
   * Whitespace around members is removed. A header over 16384 characters is
   * ignored as a whole.
   */
  static parse(header: string): W3CTraceState {
    if (header.length === 0 || header.length > MAX_TRACE_STATE_HEADER_LENGTH) {
      return W3CTraceState._empty;
    }
    // One `dd` member, as Datadog tracers send it: the loop's checks on
    // its value alone, and the key list shared (no instance changes it).
    if (
      header.charCodeAt(0) === 0x64 &&
      header.charCodeAt(1) === 0x64 &&
      header.charCodeAt(2) === 0x3d &&
      header.indexOf(',') === -1
    ) {
      const value = isVisible(header.charCodeAt(header.length - 1))
        ? header.slice(3)
        : header.slice(3).trimEnd();
      return value.length > 0 &&
        value.length <= MAX_TRACE_STATE_VALUE_LENGTH &&
        isPrintable(value, 0x20)
        ? new W3CTraceState(DATADOG_KEYS, [value])
        : W3CTraceState._empty;
    }
    const keys: string[] = [];
    const values: string[] = [];
    let start = 0;
    let segments = 0;
    // The next `=` at or after `start`, searched again only once passed: a
    // search per member would be quadratic in members without one.
    let equals = header.indexOf('=');
    while (start <= header.length && segments < MAX_TRACE_STATE_MEMBERS) {
      let end = header.indexOf(',', start);
      if (end === -1) end = header.length;
      segments++;
      if (equals !== -1 && equals < start) equals = header.indexOf('=', start);
      if (equals !== -1 && equals < end) {
        // Trimming changes nothing when the ends are printable (the usual
        // case): no trimmed copies then.
        const key =
          isVisible(header.charCodeAt(start)) &&
          isVisible(header.charCodeAt(equals - 1))
            ? header.slice(start, equals)
            : header.slice(start, equals).trim();
        const value = isVisible(header.charCodeAt(end - 1))
          ? header.slice(equals + 1, end)
          : header.slice(equals + 1, end).trimEnd();
        if (
          key.length > 0 &&
          isPrintable(key, 0x21) &&
          value.length > 0 &&
          value.length <= MAX_TRACE_STATE_VALUE_LENGTH &&
          isPrintable(value, 0x20) &&
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
    // Alone in an empty state (the usual case): no copying, and lists
    // shared until the value is built (no instance changes them).
    let traceState: W3CTraceState;
    if (this._keys.length === 0) {
      if (lazyKeys[0] !== key) lazyKeys = [key];
      traceState = new W3CTraceState(lazyKeys, PENDING_VALUE);
    } else {
      traceState = this.setUnchecked(key, '');
    }
    traceState._pending = build;
    traceState._attached = attached;
    return traceState;
  }

  /** The member values, with a value left for later built now. */
  private _resolvedValues(): readonly string[] {
    const build = this._pending;
    if (build !== undefined) {
      this._pending = undefined;
      const values = this._values.slice();
      values[0] = build(this._attached);
      this._values = values;
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
