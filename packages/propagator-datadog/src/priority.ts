/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/** Datadog sampling priorities. */
export const SamplingPriority = {
  USER_REJECT: -1,
  AUTO_REJECT: 0,
  AUTO_KEEP: 1,
  USER_KEEP: 2,
} as const;

/**
 * Combines a W3C sampled flag with a Datadog priority the way dd-trace does
 * for W3C contexts: the flag decides keep or drop, and the priority is kept
 * only when it agrees with the flag.
 */
export function reconcilePriority(
  sampled: boolean,
  priority: number | undefined
): number {
  if (sampled) {
    return priority !== undefined && priority > 0 ? priority : 1;
  }
  return priority !== undefined && priority <= 0 ? priority : 0;
}

/**
 * Parses a priority written as a plain integer (`-1`, `0`, `1`, `2`, ...).
 * Anything else, including dd-trace's lenient prefixes such as `2.7`, is
 * rejected.
 */
export function parsePriority(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const length = value.length;
  if (length === 0 || length > 4) return undefined;
  let index = value.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  if (index === length) return undefined;
  let result = 0;
  for (; index < length; index++) {
    const digit = value.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return undefined;
    result = result * 10 + digit;
  }
  return value.charCodeAt(0) === 45 ? -result : result;
}
