/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/** What a command reads and writes, so tests can run it in-process too. */
export interface CommandIO {
  readStdin(): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
  isTTY: boolean;
  stdinIsTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
}
