/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The measurement loop run inside a group process. See bench/README.md
// ("Method").

import * as v8 from 'node:v8';
import type { BenchCase, CaseSamples } from './types';

export interface MeasureSettings {
  /** Warm-up time per case, in milliseconds. */
  warmupMs: number;
  /** Timed rounds; each round runs one batch of every case. */
  rounds: number;
  /** Target duration of one batch, in milliseconds. */
  batchMs: number;
  /** Measure heap bytes allocated per operation (one batch per sample). */
  allocation: boolean;
}

export const FULL_SETTINGS: MeasureSettings = {
  warmupMs: 400,
  rounds: 40,
  batchMs: 15,
  allocation: true,
};

export const QUICK_SETTINGS: MeasureSettings = {
  warmupMs: 25,
  rounds: 5,
  batchMs: 2,
  allocation: true,
};

// Results are stored here so that they stay reachable: an operation whose
// result nobody can observe could be optimised away.
const SINK_SIZE = 16;
const sink: unknown[] = new Array(SINK_SIZE).fill(undefined);
let sinkIndex = 0;

function runBatch(fn: () => unknown, n: number): void {
  let index = sinkIndex;
  for (let i = 0; i < n; i++) {
    sink[index] = fn();
    index = (index + 1) & (SINK_SIZE - 1);
  }
  sinkIndex = index;
}

/** Nanoseconds taken by `n` calls of `fn`. */
function timeBatch(fn: () => unknown, n: number): number {
  const start = process.hrtime.bigint();
  runBatch(fn, n);
  return Number(process.hrtime.bigint() - start);
}

/** The batch size that should take `targetNs`, from one timed batch. */
function nextBatch(n: number, elapsedNs: number, targetNs: number): number {
  const factor = elapsedNs <= 0 ? 10 : Math.min(10, targetNs / elapsedNs);
  return Math.max(1, Math.round(n * factor));
}

/**
 * Warm-up, then `rounds` rounds in which every case runs one batch of its
 * own size (about `batchMs`); the order of the cases rotates from round to
 * round so that slow and fast moments of the machine hit all of them alike.
 */
export function measureCases(
  cases: readonly BenchCase[],
  settings: MeasureSettings
): CaseSamples[] {
  const count = cases.length;
  const targetNs = settings.batchMs * 1e6;
  const warmupNs = settings.warmupMs * 1e6;
  const batch = cases.map(() => 1);
  const spent = cases.map(() => 0);

  // Warm-up, interleaved so that shared code sees every case before timing,
  // and calibration of each case's batch size.
  for (let pending = count; pending > 0;) {
    pending = 0;
    for (let i = 0; i < count; i++) {
      if (spent[i] >= warmupNs) continue;
      const elapsed = timeBatch(cases[i].fn, batch[i]);
      spent[i] += elapsed;
      batch[i] = nextBatch(batch[i], elapsed, targetNs);
      if (spent[i] < warmupNs) pending++;
    }
  }

  // Start the timed rounds from a clean heap (the runner passes --expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
  const rounds: number[][] = cases.map(() => []);
  for (let round = 0; round < settings.rounds; round++) {
    for (let k = 0; k < count; k++) {
      const i = (round + k) % count;
      rounds[i].push(timeBatch(cases[i].fn, batch[i]) / batch[i]);
    }
  }

  return cases.map((benchCase, i) => ({
    name: benchCase.name,
    batch: batch[i],
    rounds: rounds[i],
    bytesPerOp: settings.allocation
      ? allocatedBytesPerOp(benchCase.fn, batch[i])
      : undefined,
  }));
}

/**
 * Heap bytes allocated by `n` calls of `fn`: the growth of the used heap
 * plus what every garbage collection in between freed (which a GC profiler
 * reports). Exact to the byte even across many scavenges, so samples can be
 * long; `--expose-gc` is not needed.
 */
function allocatedBytes(fn: () => unknown, n: number): number {
  const profiler = new v8.GCProfiler();
  profiler.start();
  const before = process.memoryUsage().heapUsed;
  runBatch(fn, n);
  const after = process.memoryUsage().heapUsed;
  let freed = 0;
  for (const gc of profiler.stop().statistics) {
    freed +=
      gc.beforeGC.heapStatistics.usedHeapSize -
      gc.afterGC.heapStatistics.usedHeapSize;
  }
  return after - before + freed;
}

const nothing = (): unknown => undefined;
const ALLOCATION_SAMPLES = 3;

/**
 * Median heap bytes allocated per call of `fn` (already optimised by the
 * timed rounds), less the harness's own allocations, over samples of `n`
 * calls.
 */
export function allocatedBytesPerOp(fn: () => unknown, n: number): number {
  const perOp: number[] = [];
  for (let s = 0; s < ALLOCATION_SAMPLES; s++) {
    perOp.push((allocatedBytes(fn, n) - allocatedBytes(nothing, n)) / n);
  }
  return Math.max(0, median(perOp));
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = values.slice().sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The value at fraction `q` (0..1) of the sorted values, interpolated. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = values.slice().sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}
