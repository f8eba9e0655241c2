/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Entry point of a group process: `node --expose-gc worker.js <group file>
// <full|quick|describe>`. Loads one group, measures it and sends the samples
// to the runner over IPC, then exits (some libraries, such as dd-trace, keep
// a process alive).

import * as path from 'node:path';
import { loadGroup } from './group';
import { FULL_SETTINGS, QUICK_SETTINGS, measureCases } from './measure';
import type { GroupSamples } from './types';

export type WorkerMessage =
  | { kind: 'describe'; name: string }
  | { kind: 'result'; samples: GroupSamples }
  | { kind: 'error'; message: string };

function send(message: WorkerMessage, code: number): void {
  if (process.send === undefined) {
    console.log(JSON.stringify(message, null, 2));
    process.exit(code);
  }
  process.send(message, () => process.exit(code));
}

function run(file: string, mode: string): WorkerMessage {
  const group = loadGroup(path.resolve(file));
  if (mode === 'describe') return { kind: 'describe', name: group.name };
  for (const benchCase of group.cases) benchCase.setup?.();
  for (const benchCase of group.cases) {
    try {
      benchCase.fn();
    } catch (error) {
      throw new Error(`case ${JSON.stringify(benchCase.name)} throws`, {
        cause: error,
      });
    }
  }
  const settings = mode === 'quick' ? QUICK_SETTINGS : FULL_SETTINGS;
  return {
    kind: 'result',
    samples: {
      name: group.name,
      reference: group.reference,
      budgets: group.budgets ?? {},
      references: group.references ?? {},
      compare: group.compare ?? [],
      cases: measureCases(group.cases, settings),
    },
  };
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  let text = error.stack ?? error.message;
  if (error.cause !== undefined)
    text += '\nCaused by: ' + describeError(error.cause);
  return text;
}

const [file, mode = 'full'] = process.argv.slice(2);
try {
  if (file === undefined)
    throw new Error('usage: worker.js <group file> [full|quick|describe]');
  send(run(file, mode), 0);
} catch (error) {
  send({ kind: 'error', message: describeError(error) }, 1);
}
