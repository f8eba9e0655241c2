/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/** Rows of label and value, printed as a table on a TTY, plain text otherwise. */
export type Rows = Array<[string, string]>;

/** A table with aligned columns, for people. */
export function formatTable(rows: Rows): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return (
    rows
      .map(([label, value]) => `${label.padEnd(width)}  ${value}`)
      .join('\n') + '\n'
  );
}

/** `label: value` lines, for pipes and scripts. */
export function formatPlain(rows: Rows): string {
  return rows.map(([label, value]) => `${label}: ${value}`).join('\n') + '\n';
}

export function formatRows(rows: Rows, isTTY: boolean): string {
  return rows.length === 0 ? '' : isTTY ? formatTable(rows) : formatPlain(rows);
}
