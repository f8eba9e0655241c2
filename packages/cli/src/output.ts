/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/** Rows of label and value, printed as a table on a TTY, plain text otherwise. */
export type Rows = Array<[string, string]>;

/**
 * Control characters written as `\u001b` and so on: values come from
 * received headers (decoded baggage can hold anything), and escape
 * sequences must not reach the terminal.
 */
function visible(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f-\u009f]/g,
    char => '\\u' + char.charCodeAt(0).toString(16).padStart(4, '0')
  );
}

/** A table with aligned columns, for people. */
export function formatTable(rows: Rows): string {
  const width = Math.max(...rows.map(([label]) => visible(label).length));
  return (
    rows
      .map(
        ([label, value]) => `${visible(label).padEnd(width)}  ${visible(value)}`
      )
      .join('\n') + '\n'
  );
}

/** `label: value` lines, for pipes and scripts. */
export function formatPlain(rows: Rows): string {
  return (
    rows
      .map(([label, value]) => `${visible(label)}: ${visible(value)}`)
      .join('\n') + '\n'
  );
}

export function formatRows(rows: Rows, isTTY: boolean): string {
  return rows.length === 0 ? '' : isTTY ? formatTable(rows) : formatPlain(rows);
}
