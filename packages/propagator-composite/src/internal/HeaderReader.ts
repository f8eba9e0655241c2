/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import type { TextMapGetter } from '@opentelemetry/api';
import {
  X_DATADOG_ORIGIN,
  X_DATADOG_PARENT_ID,
  X_DATADOG_SAMPLING_PRIORITY,
  X_DATADOG_TAGS,
  X_DATADOG_TRACE_ID,
} from '@otel-dd/propagator-datadog';
import {
  B3_CONTEXT_HEADER,
  BAGGAGE_HEADER,
  TRACE_PARENT_HEADER,
  TRACE_STATE_HEADER,
  X_AMZN_TRACE_ID,
  X_AWS_SQSD_ATTR_DATADOG,
  X_B3_FLAGS,
  X_B3_SAMPLED,
  X_B3_SPAN_ID,
  X_B3_TRACE_ID,
} from '../constants';

/** Every header any style reads. */
const READ_HEADERS: readonly string[] = [
  X_DATADOG_TRACE_ID,
  X_DATADOG_PARENT_ID,
  X_DATADOG_SAMPLING_PRIORITY,
  X_DATADOG_ORIGIN,
  X_DATADOG_TAGS,
  TRACE_PARENT_HEADER,
  TRACE_STATE_HEADER,
  B3_CONTEXT_HEADER,
  X_B3_TRACE_ID,
  X_B3_SPAN_ID,
  X_B3_SAMPLED,
  X_B3_FLAGS,
  BAGGAGE_HEADER,
  X_AMZN_TRACE_ID,
  X_AWS_SQSD_ATTR_DATADOG,
];

const READ_SET: ReadonlySet<string> = new Set(READ_HEADERS);
/** At most this many carrier keys are scanned for a case-insensitive match. */
const MAX_SCANNED_KEYS = 1024;
const NO_KEYS: string[] = [];

function hasUppercase(key: string): boolean {
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code >= 65 && code <= 90) return true;
  }
  return false;
}

/**
 * Reads headers by their lowercase names. A carrier that holds none of
 * them in lowercase (API Gateway REST events keep the client's spelling)
 * has its keys scanned once, case-insensitively, for every header we read;
 * once a lowercase name is found the carrier is taken to use lowercase.
 */
export class HeaderReader {
  private _names: Map<string, string> | undefined | null = null;
  private _lowercase = false;
  private _getter: TextMapGetter | undefined;

  constructor(
    private readonly _carrier: unknown,
    private readonly _source: TextMapGetter
  ) {}

  get(name: string): unknown {
    const value = this._source.get(this._carrier, name);
    if (value !== undefined) {
      this._lowercase = true;
      return value;
    }
    if (this._names === null) {
      if (this._lowercase) return undefined;
      this._names = this._scan();
    }
    const key = this._names?.get(name);
    return key === undefined ? undefined : this._source.get(this._carrier, key);
  }

  private _scan(): Map<string, string> | undefined {
    const keys = this._source.keys(this._carrier);
    if (!Array.isArray(keys)) return undefined;
    let found: Map<string, string> | undefined;
    const limit = Math.min(keys.length, MAX_SCANNED_KEYS);
    for (let i = 0; i < limit; i++) {
      const key: unknown = keys[i];
      // All-lowercase keys were looked up directly already.
      if (typeof key !== 'string' || key.length > 64 || !hasUppercase(key)) {
        continue;
      }
      const lower = key.toLowerCase();
      if (!READ_SET.has(lower)) continue;
      found ??= new Map();
      if (!found.has(lower)) found.set(lower, key);
    }
    return found;
  }

  /**
   * A getter over this reader for propagators that take one. It lists no
   * keys: the reader already matched names case-insensitively.
   */
  asGetter(): TextMapGetter {
    if (this._getter === undefined) {
      this._getter = {
        get: (_carrier, key) => {
          const value = this.get(key);
          return typeof value === 'string' || Array.isArray(value)
            ? (value as string | string[])
            : undefined;
        },
        keys: () => NO_KEYS,
      };
    }
    return this._getter;
  }
}
