/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import type {
  Baggage,
  BaggageEntry,
  Context,
  TextMapGetter,
  TextMapPropagator,
  TextMapSetter,
} from '@opentelemetry/api';
import { diag, isTracingSuppressed, propagation } from './internal/deps';
import { resolveBaggageLimits } from './config';
import { BAGGAGE_HEADER } from './constants';
import { parseBaggage, serializeBaggage } from './internal/baggage';
import { HeaderReader } from './internal/HeaderReader';
import type { Environment } from '@otel-dd/propagator-datadog';

const FIELDS: readonly string[] = [BAGGAGE_HEADER];

/** Options of {@link DatadogBaggagePropagator}. */
export interface DatadogBaggagePropagatorConfig {
  /** Default: `DD_TRACE_BAGGAGE_MAX_ITEMS`, else 64. */
  maxItems?: number;
  /** Default: `DD_TRACE_BAGGAGE_MAX_BYTES`, else 8192. */
  maxBytes?: number;
  /** Where settings the options leave out are read. Default `process.env`. */
  env?: Environment;
}

/**
 * W3C Baggage (`baggage` header) through the OpenTelemetry baggage API,
 * with dd-trace's rules: 64 items and 8192 bytes by default, one malformed
 * member discards the whole header, values percent-decoded (invalid UTF-8
 * becomes U+FFFD) and written with `encodeURIComponent`, properties
 * ignored.
 *
 * Based on: https://www.w3.org/TR/baggage/ and dd-trace-js.
 */
export class DatadogBaggagePropagator implements TextMapPropagator {
  private readonly _maxItems: number;
  private readonly _maxBytes: number;

  constructor(config: DatadogBaggagePropagatorConfig = {}) {
    const limits = resolveBaggageLimits(
      config.maxItems,
      config.maxBytes,
      config.env
    );
    this._maxItems = limits.maxItems;
    this._maxBytes = limits.maxBytes;
  }

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    try {
      if (isTracingSuppressed(context)) return;
      this.injectBaggage(propagation.getBaggage(context), carrier, setter);
    } catch (error) {
      diag.debug('DatadogBaggagePropagator: inject failed', error);
    }
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    try {
      const baggage = this.extractBaggage(new HeaderReader(carrier, getter));
      return baggage === undefined
        ? context
        : propagation.setBaggage(context, baggage);
    } catch (error) {
      diag.debug('DatadogBaggagePropagator: extract failed', error);
      return context;
    }
  }

  fields(): string[] {
    return FIELDS.slice();
  }

  /** @internal */
  injectBaggage(
    baggage: Baggage | undefined,
    carrier: unknown,
    setter: TextMapSetter
  ): void {
    if (baggage === undefined) return;
    const entries = baggage.getAllEntries();
    if (entries.length === 0) return;
    const header = serializeBaggage(
      entryValues(entries),
      this._maxItems,
      this._maxBytes
    );
    if (header.length > 0) setter.set(carrier, BAGGAGE_HEADER, header);
  }

  /** @internal Reads baggage, or `undefined` when absent or malformed. */
  extractBaggage(reader: HeaderReader): Baggage | undefined {
    const header = readBaggageHeader(
      reader.get(BAGGAGE_HEADER),
      this._maxBytes
    );
    if (header === undefined) return undefined;
    const entries = parseBaggage(header, this._maxItems, this._maxBytes);
    if (entries === undefined) {
      diag.debug('DatadogBaggagePropagator: malformed baggage header ignored');
      return undefined;
    }
    // No prototype: a `__proto__` key stays an ordinary entry.
    const record: Record<string, BaggageEntry> = Object.create(null);
    for (let i = 0; i < entries.length; i += 2) {
      record[entries[i]] = { value: entries[i + 1] };
    }
    return propagation.createBaggage(record);
  }
}

function* entryValues(
  entries: ReadonlyArray<[string, BaggageEntry]>
): Iterable<readonly [string, string]> {
  for (const [key, entry] of entries) yield [key, entry.value];
}

/** The header, arrays joined with `,`, never longer than parsing reads. */
function readBaggageHeader(
  value: unknown,
  maxBytes: number
): string | undefined {
  const limit = maxBytes + 1;
  if (typeof value === 'string') {
    return value.length > limit ? value.slice(0, limit) : value;
  }
  if (!Array.isArray(value)) return undefined;
  let joined: string | undefined;
  for (const item of value) {
    if (typeof item !== 'string') continue;
    joined = joined === undefined ? item : joined + ',' + item;
    if (joined.length > limit) return joined.slice(0, limit);
  }
  return joined;
}
