/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import { IDS_HELP, runIds } from './commands/ids';
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

type Command = (argv: readonly string[], io: CommandIO) => Promise<void>;

const commands: Record<string, { run: Command; help: string }> = {
  ids: { run: runIds, help: IDS_HELP },
};

/** Registers a command (convert and inspect live in their own files). */
export function registerCommand(
  name: string,
  run: Command,
  help: string
): void {
  commands[name] = { run, help };
}

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
    io.stdout(MAIN_HELP);
    return name === undefined ? 2 : 0;
  }
  const command = Object.prototype.hasOwnProperty.call(commands, name)
    ? commands[name]
    : undefined;
  try {
    if (command === undefined)
      throw new UsageError(
        `unknown command ${JSON.stringify(name)} (try otel-dd --help)`
      );
    await command.run(rest, io);
    return 0;
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
