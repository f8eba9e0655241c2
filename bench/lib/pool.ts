/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// One group's samples from several fresh processes, as if one process had
// run all their rounds.

import { median } from './measure';
import type { CaseSamples, GroupSamples } from './types';

/**
 * The rounds of every process, in process order. Rounds stay paired: each
 * process times every case once per round, so round k of one case and
 * round k of its reference still ran side by side. Allocations: the median
 * of the processes' figures. Throws when the processes disagree on the
 * cases (they all load the same group file, so they should not).
 */
export function poolSamples(processes: readonly GroupSamples[]): GroupSamples {
  const first = processes[0];
  if (first === undefined) throw new Error('no samples to pool');
  const cases: CaseSamples[] = first.cases.map((benchCase, index) => {
    const rounds: number[] = [];
    const bytes: number[] = [];
    for (const samples of processes) {
      const same = samples.cases[index];
      if (
        samples.cases.length !== first.cases.length ||
        same?.name !== benchCase.name
      ) {
        throw new Error(`group processes ran different cases (${first.name})`);
      }
      rounds.push(...same.rounds);
      if (same.bytesPerOp !== undefined) bytes.push(same.bytesPerOp);
    }
    return {
      name: benchCase.name,
      batch: benchCase.batch,
      rounds,
      bytesPerOp: bytes.length === 0 ? undefined : median(bytes),
    };
  });
  return { ...first, cases };
}
