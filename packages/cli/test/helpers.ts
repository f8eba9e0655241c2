/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import { main } from '../src/main';
import type { CommandIO } from '../src/io';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with the given stdin and terminal settings. */
export async function run(
  argv: string[],
  options: {
    stdin?: string;
    isTTY?: boolean;
    stdinIsTTY?: boolean;
    env?: Record<string, string>;
  } = {}
): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: CommandIO = {
    readStdin: async () => options.stdin ?? '',
    stdout: text => (stdout += text),
    stderr: text => (stderr += text),
    isTTY: options.isTTY ?? false,
    stdinIsTTY: options.stdinIsTTY ?? false,
    env: options.env ?? {},
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
