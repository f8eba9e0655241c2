/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Events and parsed payloads are read through their own properties only, so
// that keys such as `__proto__` or `constructor` in untrusted JSON never reach
// anything inherited from `Object.prototype`.

/** A JSON object (or any object) read through its own properties. */
export type PlainObject = Readonly<Record<string, unknown>>;

const hasOwnProperty = Object.prototype.hasOwnProperty;

/** True for non-null objects that are not arrays. */
export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `object[key]` when `key` is an own property of the object, else undefined. */
export function own(object: unknown, key: string): unknown {
  if (typeof object !== 'object' || object === null) return undefined;
  return hasOwnProperty.call(object, key)
    ? (object as PlainObject)[key]
    : undefined;
}

/** An own property that is a string, else undefined. */
export function ownString(object: unknown, key: string): string | undefined {
  const value = own(object, key);
  return typeof value === 'string' ? value : undefined;
}

/** An own property that is a plain object, else undefined. */
export function ownObject(
  object: unknown,
  key: string
): PlainObject | undefined {
  const value = own(object, key);
  return isPlainObject(value) ? value : undefined;
}

/** The first element of an own array property, else undefined. */
export function firstRecord(event: unknown): unknown {
  const records = own(event, 'Records');
  return Array.isArray(records) && records.length > 0 ? records[0] : undefined;
}
