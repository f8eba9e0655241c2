/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import type { BenchComparison, BenchGroup } from './types';

function fail(file: string, message: string): never {
  throw new Error(`${file}: ${message}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Loads a group module and checks its shape, with a clear error if wrong. */
export function loadGroup(file: string): BenchGroup {
  // Group modules are CommonJS built by tsc; `export default` lands on
  // `exports.default`.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded: unknown = require(file);
  const group: unknown =
    isRecord(loaded) && 'default' in loaded ? loaded.default : loaded;
  validateGroup(group, file);
  return group;
}

export function validateGroup(
  group: unknown,
  file: string
): asserts group is BenchGroup {
  if (!isRecord(group)) fail(file, 'the default export is not an object');
  if (typeof group.name !== 'string' || group.name === '') {
    fail(file, '`name` must be a non-empty string');
  }
  if (!Array.isArray(group.cases) || group.cases.length === 0) {
    fail(file, '`cases` must be a non-empty array');
  }
  const names = new Set<string>();
  for (const benchCase of group.cases as unknown[]) {
    if (!isRecord(benchCase) || typeof benchCase.name !== 'string') {
      fail(file, 'every case needs a string `name`');
    }
    if (names.has(benchCase.name)) {
      fail(file, `case ${JSON.stringify(benchCase.name)} appears twice`);
    }
    names.add(benchCase.name);
    if (typeof benchCase.fn !== 'function') {
      fail(file, `case ${JSON.stringify(benchCase.name)} has no \`fn\``);
    }
    if (
      benchCase.setup !== undefined &&
      typeof benchCase.setup !== 'function'
    ) {
      fail(
        file,
        `case ${JSON.stringify(benchCase.name)}: \`setup\` is not a function`
      );
    }
  }
  const known = (what: string, name: unknown): void => {
    if (typeof name !== 'string' || !names.has(name)) {
      fail(file, `${what} names no case: ${JSON.stringify(name)}`);
    }
  };
  known('`reference`', group.reference);
  if (group.budgets !== undefined) {
    if (!isRecord(group.budgets)) fail(file, '`budgets` must be an object');
    for (const [name, budget] of Object.entries(group.budgets)) {
      known('`budgets`', name);
      if (typeof budget !== 'number' || !(budget > 0)) {
        fail(
          file,
          `budget of ${JSON.stringify(name)} must be a positive number`
        );
      }
      const references = group.references as
        Record<string, unknown> | undefined;
      if ((references?.[name] ?? group.reference) === name) {
        fail(file, `budget of ${JSON.stringify(name)} compares it with itself`);
      }
    }
  }
  if (group.references !== undefined) {
    if (!isRecord(group.references))
      fail(file, '`references` must be an object');
    for (const [name, reference] of Object.entries(group.references)) {
      known('`references`', name);
      known(`\`references.${name}\``, reference);
    }
  }
  if (group.compare !== undefined) {
    if (!Array.isArray(group.compare)) fail(file, '`compare` must be an array');
    for (const entry of group.compare as unknown[]) {
      if (!isRecord(entry)) fail(file, '`compare` entries must be objects');
      known('`compare[].case`', entry.case);
      known('`compare[].reference`', entry.reference);
      if (
        entry.budget !== undefined &&
        (typeof entry.budget !== 'number' || !(entry.budget > 0))
      ) {
        fail(file, '`compare[].budget` must be a positive number');
      }
    }
  }
}

/** A ratio the report shows: a case against one reference. */
export interface Comparison extends BenchComparison {
  /** True for the case's own row (its reference from `references`/`reference`). */
  primary: boolean;
}

/** Every ratio of a group, in case order: own reference first, then `compare`. */
export function comparisonsOf(group: {
  reference: string;
  cases: readonly { name: string }[];
  budgets?: Record<string, number>;
  references?: Record<string, string>;
  compare?: readonly BenchComparison[];
}): Comparison[] {
  const result: Comparison[] = [];
  for (const { name } of group.cases) {
    const reference = group.references?.[name] ?? group.reference;
    if (reference !== name) {
      result.push({
        case: name,
        reference,
        budget: group.budgets?.[name],
        primary: true,
      });
    }
    for (const extra of group.compare ?? []) {
      if (extra.case === name) {
        result.push({
          case: name,
          reference: extra.reference,
          budget: extra.budget,
          primary: false,
        });
      }
    }
  }
  return result;
}
