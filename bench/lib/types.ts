/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The shape of a benchmark group module (`bench/groups/<name>.ts`, default
// export). See bench/README.md.

/** One measured operation. */
export interface BenchCase {
  /** Unique within the group; shown in the table and used by budgets. */
  name: string;
  /**
   * One operation. Return something that depends on all the work done (for
   * example the carrier written by inject), so it cannot be optimised away:
   * the harness keeps the returned values reachable.
   */
  fn: () => unknown;
  /** Runs once, before the group's warm-up (build fixtures, init a tracer). */
  setup?: () => void;
}

/** A further ratio to check: `case` against `reference`. */
export interface BenchComparison {
  case: string;
  reference: string;
  /** Highest allowed ratio; leave out to print the ratio only. */
  budget?: number;
}

export interface BenchGroup {
  /** Shown in the table; `--group` matches it or the module's file name. */
  name: string;
  /** Name of the case every other case is compared with by default. */
  reference: string;
  cases: BenchCase[];
  /** Highest allowed ratio of a case to its reference (see `references`). */
  budgets?: Record<string, number>;
  /** Per-case reference overriding `reference` for that case's ratio. */
  references?: Record<string, string>;
  /** Extra ratios, e.g. the same case against a second reference. */
  compare?: BenchComparison[];
}

/** Raw measurements of one case, as a group process reports them. */
export interface CaseSamples {
  name: string;
  /** Operations per timed batch. */
  batch: number;
  /** ns/op of each round, in round order (paired across cases). */
  rounds: number[];
  /** Heap bytes allocated per operation, or undefined when not measured. */
  bytesPerOp?: number;
}

/** What a group process sends back to the runner. */
export interface GroupSamples {
  name: string;
  reference: string;
  budgets: Record<string, number>;
  references: Record<string, string>;
  compare: BenchComparison[];
  cases: CaseSamples[];
}
