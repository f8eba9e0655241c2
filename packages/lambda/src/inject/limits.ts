/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Size limits of AWS requests. Some were raised over time (SQS messages and
// EventBridge entries from 256 KiB to 1 MiB); a queue or account may still
// use the old one, so injection never takes a payload across any of them.

import { diag } from '@opentelemetry/api';

export const KIB = 1024;
export const MIB = 1024 * KIB;

/** True (and says so) when growing `before` to `after` bytes crosses a limit. */
export function crossesLimit(
  before: number,
  after: number,
  limits: readonly number[],
  operation: string
): boolean {
  for (const limit of limits) {
    if (before <= limit && after > limit) {
      diag.debug(
        `${operation}: trace context would take the request past ${limit} bytes; input left unchanged`
      );
      return true;
    }
  }
  return false;
}

/** UTF-8 size of a string, 0 for anything else. */
export function utf8Length(value: unknown): number {
  return typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0;
}

/** Size of a byte array or a string, 0 for anything else. */
export function dataLength(value: unknown): number {
  if (value instanceof Uint8Array) return value.byteLength;
  return utf8Length(value);
}

/**
 * `injected` unless it takes the message past a limit, then `input`: the
 * last step of every single-message inject helper.
 */
export function withinLimits<T>(
  input: T,
  injected: T,
  length: (message: T) => number,
  limits: readonly number[],
  operation: string
): T {
  return injected !== input &&
    crossesLimit(length(input), length(injected), limits, operation)
    ? input
    : injected;
}

/**
 * Injects into the first `count` entries of a batch; `undefined` when no
 * entry took the context or the whole batch would pass a limit.
 */
export function injectEntries<E>(
  entries: readonly E[],
  count: number,
  inject: (entry: E) => E,
  length: (entry: E) => number,
  limits: readonly number[],
  operation: string
): E[] | undefined {
  const injected = entries.slice();
  let changed = false;
  for (let i = 0; i < count; i++) {
    injected[i] = inject(entries[i]);
    changed ||= injected[i] !== entries[i];
  }
  if (!changed) return undefined;
  let before = 0;
  let after = 0;
  for (let i = 0; i < entries.length; i++) {
    before += length(entries[i]);
    after += length(injected[i]);
  }
  return crossesLimit(before, after, limits, operation) ? undefined : injected;
}
