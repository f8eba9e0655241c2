/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import { runConvert } from './commands/convert';
import { runIds } from './commands/ids';
import { runInspect } from './commands/inspect';
import type { CommandIO } from './io';
import { UsageError } from './UsageError';

export const MAIN_HELP = `Usage: otel-dd <command> [options]

Convert and inspect trace context in mixed OpenTelemetry / Datadog fleets.

Commands:
  convert   convert headers between propagation styles
  inspect   decode headers into a readable table
  ids       convert one trace or span id between hex and Datadog decimal

Run otel-dd <command> --help for the options of each command.
`;

/** Runs a command; resolves to its exit code (0 when void). */
type Command = (
  argv: readonly string[],
  io: CommandIO
) => Promise<number | void>;

const commands: Record<string, Command> = {
  convert: runConvert,
  inspect: runInspect,
  ids: runIds,
};

/** Runs the command line; returns the exit code. */
export async function main(
  argv: readonly string[],
  io: CommandIO
): Promise<number> {
  const [name, ...rest] = argv;
  if (
    name === undefined ||
    name === '--help' ||
    name === '-h' ||
    name === 'help'
  ) {
    if (name === undefined) {
      io.stderr(MAIN_HELP);
      return 2;
    }
    io.stdout(MAIN_HELP);
    return 0;
  }
  const command = Object.prototype.hasOwnProperty.call(commands, name)
    ? commands[name]
    : undefined;
  try {
    if (command === undefined)
      throw new UsageError(
        `unknown command ${JSON.stringify(name)} (try otel-dd --help)`
      );
    return (await command(rest, io)) ?? 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`otel-dd: ${error.message}\n`);
      return 2;
    }
    io.stderr(
      `otel-dd: unexpected error: ${(error as Error)?.message ?? String(error)}\n`
    );
    return 1;
  }
}
