/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// `key:value;key:value` lists inside a tracestate member (`dd`, `ot`), read
// and updated the way dd-trace does so that re-serialised members match its
// output byte for byte: updated keys keep their place, new keys go first.

/** Keys and values in wire order. */
export interface SubkeyList {
  keys: string[];
  values: string[];
}

/**
 * Parses a member value. Keys are trimmed; parts with an empty key, a key
 * holding a space or tab, or an empty value are skipped. When a key repeats,
 * its first value is kept at the place of its last occurrence (dd-trace
 * builds a map from the reversed list).
 */
export function parseSubkeys(value: string | undefined): SubkeyList {
  const list: SubkeyList = { keys: [], values: [] };
  if (value === undefined) return list;
  let start = 0;
  while (start < value.length) {
    let end = value.indexOf(';', start);
    if (end === -1) end = value.length;
    const colon = value.indexOf(':', start);
    if (colon !== -1 && colon < end) {
      const key = value.slice(start, colon).trim();
      const part = value.slice(colon + 1, end).trimEnd();
      if (
        key.length > 0 &&
        part.length > 0 &&
        key.indexOf(' ') === -1 &&
        key.indexOf('\t') === -1
      ) {
        const index = list.keys.indexOf(key);
        if (index === -1) {
          list.keys.push(key);
          list.values.push(part);
        } else {
          const first = list.values[index];
          list.keys.splice(index, 1);
          list.values.splice(index, 1);
          list.keys.push(key);
          list.values.push(first);
        }
      }
    }
    start = end + 1;
  }
  return list;
}

/**
 * The value `parseSubkeys` would give `key` (its first occurrence), without
 * building the list.
 */
export function findSubkey(
  value: string | undefined,
  key: string
): string | undefined {
  if (value === undefined) return undefined;
  let start = 0;
  while (start < value.length) {
    let end = value.indexOf(';', start);
    if (end === -1) end = value.length;
    const colon = value.indexOf(':', start);
    if (colon !== -1 && colon < end) {
      const part = value.slice(start, colon);
      if (part === key || part.trim() === key) {
        const found = value.slice(colon + 1, end).trimEnd();
        if (found.length > 0) return found;
      }
    }
    start = end + 1;
  }
  return undefined;
}

/** Updates `key` in place, or puts it first when new. */
export function setSubkey(list: SubkeyList, key: string, value: string): void {
  const index = list.keys.indexOf(key);
  if (index === -1) {
    list.keys.unshift(key);
    list.values.unshift(value);
  } else {
    list.values[index] = value;
  }
}

/** Removes `key`; true when it was there. */
export function deleteSubkey(list: SubkeyList, key: string): boolean {
  const index = list.keys.indexOf(key);
  if (index === -1) return false;
  list.keys.splice(index, 1);
  list.values.splice(index, 1);
  return true;
}

export function getSubkey(list: SubkeyList, key: string): string | undefined {
  const index = list.keys.indexOf(key);
  return index === -1 ? undefined : list.values[index];
}

export function serializeSubkeys(list: SubkeyList): string {
  let result = '';
  for (let i = 0; i < list.keys.length; i++) {
    if (i > 0) result += ';';
    result += list.keys[i] + ':' + list.values[i];
  }
  return result;
}
