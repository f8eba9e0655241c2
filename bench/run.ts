/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// `npm run bench`: runs every group in bench/groups, each in fresh
// processes, then the cold start and size measurements, and prints one
// report. See bench/README.md.
//
//   node bench/build/run.js [--quick] [--json] [--processes <n>] [--group <name>]...

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { measureColdStart, type ColdStartReport } from './lib/coldstart';
import { poolSamples } from './lib/pool';
import {
  formatColdStart,
  formatSummary,
  formatTable,
  machine,
  missedBudgets,
  summarize,
  type GroupResult,
  type Report,
} from './lib/report';
import type { GroupSamples } from './lib/types';
import type { WorkerMessage } from './lib/worker';

interface Options {
  quick: boolean;
  json: boolean;
  /** Processes per group; undefined: the mode's default. */
  processes: number | undefined;
  groups: string[];
}

const USAGE = `usage: node bench/build/run.js [--quick] [--json] [--processes <n>] [--group <name>]...
  --quick         few iterations, for CI smoke runs (budgets are not enforced)
  --json          print machine-readable results on stdout
  --processes <n> fresh processes per group, their rounds pooled (default 3;
                  2 with --quick)
  --group <name>  run only this group (file name or group name; repeatable);
                  \`coldstart\` names the cold start and size measurements`;

/** The cold start and size section, selectable like a group. */
const COLD_START = 'coldstart';
/** Fresh processes per cold start target. */
const COLD_START_RUNS = { full: 25, quick: 3 };
/**
 * Fresh processes per group. One process's JIT and heap layout can make a
 * case faster or slower than the next process's (by up to 12-15 % between
 * processes of the same build): pooling the rounds of several processes
 * makes the medians and ratios of one run repeatable.
 */
const PROCESSES = { full: 3, quick: 2 };
const MAX_PROCESSES = 20;

const GROUPS_DIR = path.join(__dirname, 'groups');
const WORKER = path.join(__dirname, 'lib', 'worker.js');
/** A group process taking longer than this is killed and reported. */
const TIMEOUT_MS = { full: 150_000, quick: 60_000 };

function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    quick: false,
    json: false,
    processes: undefined,
    groups: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--processes' || arg.startsWith('--processes=')) {
      const value =
        arg === '--processes' ? argv[++i] : arg.slice('--processes='.length);
      const count = Number(value);
      if (!Number.isInteger(count) || count < 1 || count > MAX_PROCESSES) {
        console.error(
          `--processes takes a whole number from 1 to ${MAX_PROCESSES}\n${USAGE}`
        );
        process.exit(2);
      }
      options.processes = count;
    } else if (arg === '--group' && i + 1 < argv.length) {
      options.groups.push(...argv[++i].split(','));
    } else if (arg.startsWith('--group=')) {
      options.groups.push(...arg.slice('--group='.length).split(','));
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
      process.exit(2);
    }
  }
  return options;
}

/** The compiled group modules, by file name without `.js`. */
function discoverGroups(): Map<string, string> {
  const files = fs.existsSync(GROUPS_DIR) ? fs.readdirSync(GROUPS_DIR) : [];
  return new Map(
    files
      .filter(file => file.endsWith('.js'))
      .sort()
      .map(file => [file.slice(0, -3), path.join(GROUPS_DIR, file)])
  );
}

interface WorkerOutcome {
  message?: WorkerMessage;
  error?: string;
  seconds: number;
}

/** Runs one group process and waits for its one message. */
function runWorker(
  file: string,
  mode: 'full' | 'quick' | 'describe',
  timeoutMs: number
): Promise<WorkerOutcome> {
  const started = process.hrtime.bigint();
  return new Promise(resolve => {
    // The child's stdout goes to our stderr, so that `--json` output stays
    // clean whatever the measured libraries print.
    const child = spawn(process.execPath, ['--expose-gc', WORKER, file, mode], {
      stdio: ['ignore', 2, 'inherit', 'ipc'],
    });
    let message: WorkerMessage | undefined;
    let error: string | undefined;
    const timer = setTimeout(() => {
      error = `timed out after ${timeoutMs / 1000} s`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('message', received => {
      message = received as WorkerMessage;
    });
    child.on('error', spawnError => {
      error ??= String(spawnError);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (message === undefined && error === undefined) {
        error = `group process exited (${signal ?? `code ${code}`}) without results`;
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      resolve({ message, error, seconds });
    });
  });
}

/** A path as shown in reports: relative to the repository root. */
function shown(file: string): string {
  return path.relative(path.join(__dirname, '..', '..'), file);
}

async function selectGroups(
  all: Map<string, string>,
  wanted: readonly string[]
): Promise<Map<string, string>> {
  const coldStartOnly =
    wanted.length > 0 && wanted.every(n => n === COLD_START);
  if (coldStartOnly) return new Map();
  if (wanted.length === 0) return all;
  const names = wanted.filter(name => name !== COLD_START);
  const selected = new Map<string, string>();
  const unknown: string[] = [];
  for (const name of names) {
    const file = all.get(name);
    if (file !== undefined) selected.set(name, file);
    else unknown.push(name);
  }
  if (unknown.length > 0) {
    // Not a file name: ask each group process for its `name`.
    for (const [id, file] of all) {
      if (selected.has(id)) continue;
      const { message } = await runWorker(file, 'describe', 30_000);
      if (message?.kind === 'describe' && unknown.includes(message.name)) {
        selected.set(id, file);
        unknown.splice(unknown.indexOf(message.name), 1);
      }
    }
  }
  if (unknown.length > 0) {
    console.error(
      `no such group: ${unknown.join(', ')} (groups: ${[...all.keys()].join(', ')})`
    );
    process.exit(2);
  }
  return selected;
}

/** A group's result from the outcomes of its processes. */
function groupResult(
  id: string,
  file: string,
  outcomes: readonly WorkerOutcome[]
): GroupResult {
  const seconds = outcomes.reduce((sum, outcome) => sum + outcome.seconds, 0);
  const samples: GroupSamples[] = [];
  let error: string | undefined;
  for (const { message, error: failure } of outcomes) {
    if (message?.kind === 'result') samples.push(message.samples);
    else {
      error =
        message?.kind === 'error'
          ? message.message
          : (failure ?? 'unexpected message from the group process');
    }
  }
  if (error === undefined) {
    try {
      return summarize(poolSamples(samples), file, seconds, samples.length);
    } catch (poolError) {
      error = String(poolError);
    }
  }
  return { name: id, file, cases: [], comparisons: [], seconds, error };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const mode = options.quick ? 'quick' : 'full';
  const all = discoverGroups();
  if (all.size === 0) {
    console.error(
      `no groups in ${GROUPS_DIR}: build with \`npx tsc --build bench\``
    );
    process.exit(1);
  }
  const selected = await selectGroups(all, options.groups);
  const started = process.hrtime.bigint();

  // Micro-benchmark groups, one process at a time (side by side they would
  // compete for the CPUs). With several processes per group the groups take
  // turns, so that a slow spell of the machine hits all of them alike.
  const processes = options.processes ?? PROCESSES[mode];
  const outcomes = new Map<string, WorkerOutcome[]>();
  for (let pass = 1; pass <= processes; pass++) {
    for (const [id, file] of selected) {
      const done = outcomes.get(id) ?? [];
      outcomes.set(id, done);
      // A group that failed once is reported, not run again.
      if (done.some(outcome => outcome.message?.kind !== 'result')) continue;
      if (!options.json) {
        const which = processes > 1 ? ` (${pass}/${processes})` : '';
        process.stderr.write(`${id}${which}: running... `);
      }
      const outcome = await runWorker(file, mode, TIMEOUT_MS[mode]);
      done.push(outcome);
      if (!options.json) {
        const ok = outcome.message?.kind === 'result';
        process.stderr.write(
          `${ok ? 'done' : 'FAILED'} in ${outcome.seconds.toFixed(1)} s\n`
        );
      }
    }
  }
  const groups: GroupResult[] = [...selected].map(([id, file]) =>
    groupResult(id, shown(file), outcomes.get(id) ?? [])
  );

  // Cold start and size, in fresh processes of their own, after the groups
  // (which would otherwise compete with them for the CPUs).
  let coldStart: ColdStartReport | undefined;
  if (options.groups.length === 0 || options.groups.includes(COLD_START)) {
    if (!options.json) process.stderr.write(`${COLD_START}: running... `);
    const coldStarted = process.hrtime.bigint();
    try {
      coldStart = measureColdStart(COLD_START_RUNS[mode]);
    } catch (error) {
      coldStart = {
        runs: COLD_START_RUNS[mode],
        requires: [],
        bundles: [],
        seconds: Number(process.hrtime.bigint() - coldStarted) / 1e9,
        error:
          error instanceof Error
            ? (error.stack ?? error.message)
            : String(error),
      };
    }
    if (!options.json) {
      process.stderr.write(
        `${coldStart.error === undefined ? 'done' : 'FAILED'} in ${coldStart.seconds.toFixed(1)} s\n`
      );
    }
  }

  const failed = groups.filter(g => g.error !== undefined).map(g => g.name);
  if (coldStart?.error !== undefined) failed.push(COLD_START);
  const report: Report = {
    mode,
    machine: machine(),
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    groups,
    coldStart,
    missed: missedBudgets(groups, coldStart),
    failed,
  };
  if (options.json) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    if (groups.length > 0) console.log(formatTable(report));
    if (coldStart !== undefined) {
      console.log((groups.length > 0 ? '\n' : '') + formatColdStart(coldStart));
    }
    console.log(formatSummary(report));
  }
  // A missed budget is reported, never fatal; a group that cannot run is.
  process.exitCode = report.failed.length > 0 ? 1 : 0;
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
