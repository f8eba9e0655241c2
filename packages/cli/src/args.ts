/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import { UsageError } from './UsageError';

/** Parsed command line: positional words and options. */
export interface ParsedArgs {
  positionals: string[];
  /** Options that take a value; repeated ones keep every value in order. */
  values: Map<string, string[]>;
  /** Options without a value. */
  flags: Set<string>;
}

/**
 * Parses `--name value`, `--name=value`, `-H value` and bare flags. Only the
 * options named in `valueOptions` take a value; anything unknown is an error.
 */
export function parseArgs(
  argv: readonly string[],
  valueOptions: Readonly<Record<string, string>>,
  flagOptions: readonly string[]
): ParsedArgs {
  const parsed: ParsedArgs = {
    positionals: [],
    values: new Map(),
    flags: new Set(),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      parsed.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      parsed.positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const raw = equals === -1 ? arg : arg.slice(0, equals);
    const name =
      valueOptions[raw] ?? (flagOptions.includes(raw) ? raw : undefined);
    if (name === undefined) throw new UsageError(`unknown option ${raw}`);
    if (flagOptions.includes(raw)) {
      if (equals !== -1) throw new UsageError(`option ${raw} takes no value`);
      parsed.flags.add(raw);
      continue;
    }
    let value: string | undefined;
    if (equals !== -1) value = arg.slice(equals + 1);
    else if (i + 1 < argv.length) value = argv[++i];
    if (value === undefined)
      throw new UsageError(`option ${raw} needs a value`);
    const list = parsed.values.get(name) ?? [];
    list.push(value);
    parsed.values.set(name, list);
  }
  return parsed;
}
