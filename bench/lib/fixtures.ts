/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Helpers for benchmark inputs.

/** Hands out the items of a list in turn, forever. */
export interface Fixture<T> {
  next(): T;
}

/**
 * Cycles through `items`. Benchmarks should cycle through many distinct
 * inputs rather than repeat one, so that no cache of repeated values (in
 * the code measured or in V8, such as its number-to-string cache) flatters
 * a case.
 */
export function cycle<T>(items: readonly T[]): Fixture<T> {
  if (items.length === 0) throw new Error('cycle() needs items');
  let index = 0;
  return {
    next(): T {
      const item = items[index];
      index = index + 1 === items.length ? 0 : index + 1;
      return item;
    },
  };
}

/**
 * A deep copy of JSON-like data whose strings are plain flat strings, like
 * header values from Node's HTTP parser. (Strings built with `+` or template
 * literals are rope strings, slower to read the first time.)
 */
export function fresh<T>(data: T): T {
  return JSON.parse(JSON.stringify(data)) as T;
}

/** A deterministic generator of unsigned 32-bit integers (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}
