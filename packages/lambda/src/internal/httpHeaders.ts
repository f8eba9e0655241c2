/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// HTTP event headers read as Datadog's Lambda library reads them: names in
// any case (API Gateway REST events keep the client's spelling), the first
// value of a multi-value header, strings only. Nothing is copied: names are
// looked up in place.

import type { TextMapGetter } from '@opentelemetry/api';
import { MAX_HEADER_COUNT } from './limits';
import { own, type PlainObject } from './plainData';

/** The headers of one event. */
export class HttpHeaders {
  /** Their names, listed on the first miss (one list per event). */
  names: string[] | undefined = undefined;

  constructor(readonly headers: object) {}
}

function firstString(value: unknown): string | undefined {
  if (Array.isArray(value)) value = value[0];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Whether `key` lowercases to `name` (lowercase, of the same length):
 * ASCII letters folded in place, without a lowercase copy of every key.
 */
function isSpellingOf(key: string, name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    let code = key.charCodeAt(i);
    if (code > 0x7f) return key.toLowerCase() === name;
    if (code >= 0x41 && code <= 0x5a) code += 0x20;
    if (code !== name.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * The value of the header `name` (lowercase), under that spelling or,
 * failing that, the last other spelling of it. `tried` was looked up
 * already.
 */
function lookUp(
  carrier: HttpHeaders,
  name: string,
  tried: string
): string | undefined {
  const headers = carrier.headers;
  const exact = name === tried ? undefined : own(headers, name);
  if (exact !== undefined) return firstString(exact);
  const names = (carrier.names ??= Object.keys(headers));
  const count = Math.min(names.length, MAX_HEADER_COUNT);
  let found: string | undefined;
  for (let i = 0; i < count; i++) {
    const key = names[i];
    if (key.length === name.length && isSpellingOf(key, name)) found = key;
  }
  return found === undefined
    ? undefined
    : firstString((headers as PlainObject)[found]);
}

/** Reads {@link HttpHeaders} case-insensitively. */
export const httpHeadersGetter: TextMapGetter<HttpHeaders> = {
  keys(carrier: HttpHeaders): string[] {
    return Object.keys(carrier.headers);
  },
  get(carrier: HttpHeaders, key: string): string | undefined {
    // Propagators ask in lowercase: a hit needs no lowercasing (which
    // costs more than the lookup).
    const exact = own(carrier.headers, key);
    return exact !== undefined
      ? firstString(exact)
      : lookUp(carrier, key.toLowerCase(), key);
  },
};
