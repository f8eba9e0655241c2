/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// `npm run bench`: runs every group in bench/groups, each in a fresh
// process, then the cold start and size measurements, and prints one
// report. See bench/README.md.
//
//   node bench/build/run.js [--quick] [--json] [--group <name>]...

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { measureColdStart, type ColdStartReport } from './lib/coldstart';
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
import type { WorkerMessage } from './lib/worker';

interface Options {
  quick: boolean;
  json: boolean;
  groups: string[];
}

const USAGE = `usage: node bench/build/run.js [--quick] [--json] [--group <name>]...
  --quick         few iterations, for CI smoke runs (budgets are not enforced)
  --json          print machine-readable results on stdout
  --group <name>  run only this group (file name or group name; repeatable);
                  \`coldstart\` names the cold start and size measurements`;

/** The cold start and size section, selectable like a group. */
const COLD_START = 'coldstart';
/** Fresh processes per cold start target. */
const COLD_START_RUNS = { full: 25, quick: 3 };

const GROUPS_DIR = path.join(__dirname, 'groups');
const WORKER = path.join(__dirname, 'lib', 'worker.js');
/** A group process taking longer than this is killed and reported. */
const TIMEOUT_MS = { full: 150_000, quick: 60_000 };

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { quick: false, json: false, groups: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--group' && i + 1 < argv.length) {
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

  // Micro-benchmark groups, one process each, one after the other (running
  // them side by side would make them compete for the CPUs).
  const groups: GroupResult[] = [];
  for (const [id, file] of selected) {
    if (!options.json) process.stderr.write(`${id}: running... `);
    const outcome = await runWorker(file, mode, TIMEOUT_MS[mode]);
    const message = outcome.message;
    let result: GroupResult;
    if (message?.kind === 'result') {
      result = summarize(message.samples, shown(file), outcome.seconds);
    } else {
      result = {
        name: id,
        file: shown(file),
        cases: [],
        comparisons: [],
        seconds: outcome.seconds,
        error:
          message?.kind === 'error'
            ? message.message
            : (outcome.error ?? 'unexpected message from the group process'),
      };
    }
    groups.push(result);
    if (!options.json) {
      process.stderr.write(
        `${result.error === undefined ? 'done' : 'FAILED'} in ${result.seconds.toFixed(1)} s\n`
      );
    }
  }

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
