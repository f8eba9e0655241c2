/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Turns the samples of each group into figures, a table and JSON.

import * as os from 'node:os';
import type { ColdStartReport } from './coldstart';
import { comparisonsOf } from './group';
import { median, quantile } from './measure';
import type { GroupSamples } from './types';

export interface CaseResult {
  name: string;
  /** Median of the rounds' ns/op. */
  nsPerOp: number;
  /** Half the interquartile range of the rounds, as a % of the median. */
  spreadPct: number;
  opsPerSec: number;
  bytesPerOp?: number;
  batch: number;
  rounds: number;
}

export interface ComparisonResult {
  case: string;
  reference: string;
  /** Median of the per-round ratios case/reference (rounds are paired). */
  ratio: number;
  budget?: number;
  /** Whether the ratio is within the budget; undefined without a budget. */
  pass?: boolean;
  primary: boolean;
}

export interface GroupResult {
  name: string;
  file: string;
  reference?: string;
  cases: CaseResult[];
  comparisons: ComparisonResult[];
  /** Set when the group could not be measured. */
  error?: string;
  seconds: number;
  /** Fresh processes whose rounds were pooled. */
  processes?: number;
}

export interface Machine {
  node: string;
  platform: string;
  arch: string;
  cpus: number;
  cpuModel: string;
}

export interface Report {
  mode: 'full' | 'quick';
  machine: Machine;
  seconds: number;
  groups: GroupResult[];
  /** Cold start and bundle sizes; absent when not selected. */
  coldStart?: ColdStartReport;
  /** Comparisons over their budget, as `group: case vs reference`. */
  missed: string[];
  /** Groups (or `coldstart`) that failed to run. */
  failed: string[];
}

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpus:
      typeof os.availableParallelism === 'function'
        ? os.availableParallelism()
        : cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
  };
}

export function summarize(
  samples: GroupSamples,
  file: string,
  seconds: number,
  processes = 1
): GroupResult {
  const byName = new Map(samples.cases.map(c => [c.name, c]));
  const cases = samples.cases.map(c => {
    const ns = median(c.rounds);
    const spread = (quantile(c.rounds, 0.75) - quantile(c.rounds, 0.25)) / 2;
    return {
      name: c.name,
      nsPerOp: ns,
      spreadPct: (spread / ns) * 100,
      opsPerSec: 1e9 / ns,
      bytesPerOp: c.bytesPerOp,
      batch: c.batch,
      rounds: c.rounds.length,
    };
  });
  const comparisons = comparisonsOf(samples).map(comparison => {
    const subject = byName.get(comparison.case)!.rounds;
    const reference = byName.get(comparison.reference)!.rounds;
    const ratios = subject.map((ns, round) => ns / reference[round]);
    const ratio = median(ratios);
    return {
      ...comparison,
      ratio,
      pass:
        comparison.budget === undefined
          ? undefined
          : ratio <= comparison.budget,
    };
  });
  return {
    name: samples.name,
    file,
    reference: samples.reference,
    cases,
    comparisons,
    seconds,
    processes,
  };
}

function formatNumber(value: number, digits: number): string {
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

function formatNs(ns: number): string {
  return formatNumber(ns, ns < 100 ? 2 : ns < 10000 ? 1 : 0);
}

/** The table printed by `npm run bench`. */
export function formatTable(report: Report): string {
  const header = [
    'group',
    'case',
    'ns/op',
    '±',
    'ops/s',
    'B/op',
    'vs',
    'ratio',
    'budget',
    'result',
  ];
  const rows: string[][] = [];
  for (const group of report.groups) {
    if (group.error !== undefined) {
      rows.push([
        group.name,
        '(failed: see below)',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        'ERROR',
      ]);
      continue;
    }
    for (const c of group.cases) {
      const own = group.comparisons.filter(x => x.case === c.name);
      const stats = [
        formatNs(c.nsPerOp),
        formatNumber(c.spreadPct, 1) + '%',
        formatNumber(c.opsPerSec, 0),
        c.bytesPerOp === undefined ? '-' : formatNumber(c.bytesPerOp, 0),
      ];
      const primary = own.find(x => x.primary);
      const rest = own.filter(x => x !== primary);
      if (primary === undefined) {
        rows.push([group.name, c.name, ...stats, '(reference)', '', '', '']);
      } else {
        rows.push([group.name, c.name, ...stats, ...comparisonCells(primary)]);
      }
      for (const extra of rest) {
        rows.push([
          group.name,
          c.name,
          '',
          '',
          '',
          '',
          ...comparisonCells(extra),
        ]);
      }
    }
  }
  const numeric = new Set([2, 3, 4, 5, 7, 8]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map(row => row[i].length))
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) =>
        numeric.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])
      )
      .join('  ')
      .trimEnd();
  return [
    line(header),
    line(widths.map(w => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n');
}

function comparisonCells(comparison: ComparisonResult): string[] {
  return [
    comparison.reference,
    formatNumber(comparison.ratio, comparison.ratio < 10 ? 3 : 1),
    comparison.budget === undefined ? '' : '<= ' + comparison.budget,
    comparison.pass === undefined ? '' : comparison.pass ? 'pass' : 'MISSED',
  ];
}

/** Lines after the table: machine, budgets, failures. */
export function formatSummary(report: Report): string {
  const m = report.machine;
  const lines = [
    '',
    `${report.mode} run in ${formatNumber(report.seconds, 1)} s on node ${m.node}, ` +
      `${m.platform}/${m.arch}, ${m.cpus} CPUs (${m.cpuModel})`,
  ];
  const measured = report.groups.find(g => g.error === undefined);
  if (measured !== undefined && measured.cases.length > 0) {
    const processes = measured.processes ?? 1;
    const rounds = measured.cases[0].rounds / processes;
    lines.push(
      `each group: ${processes} fresh process${processes === 1 ? '' : 'es'} ` +
        `of ${rounds} rounds, pooled`
    );
  }
  const budgets: Array<{ pass?: boolean }> = report.groups.flatMap(g =>
    g.comparisons.filter(c => c.pass !== undefined)
  );
  const cold = report.coldStart;
  if (cold !== undefined && cold.error === undefined) {
    budgets.push(
      ...cold.requires.filter(r => r.pass !== undefined),
      ...cold.bundles.filter(b => b.pass !== undefined)
    );
  }
  const met = budgets.filter(c => c.pass).length;
  if (budgets.length > 0) {
    lines.push(`budgets: ${met} met, ${budgets.length - met} missed`);
  }
  for (const missed of report.missed) {
    lines.push(`MISSED ${missed}`);
  }
  if (report.mode === 'quick' && report.missed.length > 0) {
    lines.push(
      '(quick mode: figures are rough and misses do not fail the run)'
    );
  }
  for (const group of report.groups) {
    if (group.error !== undefined) {
      lines.push(
        '',
        `ERROR in group ${group.name} (${group.file}):`,
        group.error
      );
    }
  }
  if (cold?.error !== undefined) {
    lines.push('', 'ERROR in cold start and size:', cold.error);
  }
  return lines.join('\n');
}

/** The cold start and size section, printed after the groups' table. */
export function formatColdStart(cold: ColdStartReport): string {
  if (cold.error !== undefined)
    return 'cold start and size: (failed: see below)';
  const header = ['cold start and size', 'value', 'vs api', 'budget', 'result'];
  const rows: string[][] = [];
  const verdict = (pass: boolean | undefined): string =>
    pass === undefined ? '' : pass ? 'pass' : 'MISSED';
  for (const r of cold.requires) {
    rows.push([
      `require ${r.name}`,
      formatNumber(r.cpuMs, 2) + ' ms',
      formatNumber(r.ratio, 3),
      r.budget === undefined ? '' : '<= ' + r.budget,
      verdict(r.pass),
    ]);
  }
  for (const b of cold.bundles) {
    rows.push([
      `bundle ${b.name} (minified, API external)`,
      formatNumber(b.bytes / 1024, 1) + ' KiB',
      '',
      b.budgetBytes === undefined ? '' : `<= ${b.budgetBytes / 1024} KiB`,
      verdict(b.pass),
    ]);
  }
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map(row => row[i].length))
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) =>
        i === 1 || i === 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])
      )
      .join('  ')
      .trimEnd();
  const lambda = cold.bundles.find(b => b.budgetBytes !== undefined);
  const parts =
    lambda === undefined
      ? []
      : [
          '',
          `${lambda.name} bundle by package: ` +
            Object.entries(lambda.byPackage)
              .sort((a, b) => b[1] - a[1])
              .map(
                ([name, bytes]) =>
                  `${name} ${formatNumber(bytes / 1024, 1)} KiB`
              )
              .join(', '),
          'largest files: ' +
            lambda.largest
              .map(f => `${f.file} ${formatNumber(f.bytes / 1024, 1)} KiB`)
              .join(', '),
        ];
  return [
    line(header),
    line(widths.map(w => '-'.repeat(w))),
    ...rows.map(line),
    `(CPU time of require() in a fresh process, median of ${cold.runs} runs; ` +
      'vs api: median ratio to require of @opentelemetry/api)',
    ...parts,
  ].join('\n');
}

export function missedBudgets(
  groups: readonly GroupResult[],
  cold?: ColdStartReport
): string[] {
  const missed = groups.flatMap(g =>
    g.comparisons
      .filter(c => c.pass === false)
      .map(
        c =>
          `${g.name}: ${c.case} vs ${c.reference} = ${formatNumber(c.ratio, 3)} (budget <= ${c.budget})`
      )
  );
  if (cold !== undefined && cold.error === undefined) {
    for (const r of cold.requires) {
      if (r.pass === false) {
        missed.push(
          `coldstart: require ${r.name} vs @opentelemetry/api = ${formatNumber(r.ratio, 3)} (budget <= ${r.budget})`
        );
      }
    }
    for (const b of cold.bundles) {
      if (b.pass === false) {
        missed.push(
          `coldstart: bundle ${b.name} = ${formatNumber(b.bytes / 1024, 1)} KiB (budget <= ${(b.budgetBytes ?? 0) / 1024} KiB)`
        );
      }
    }
  }
  return missed;
}
