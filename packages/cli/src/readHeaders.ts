/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import type { ParsedArgs } from './args';
import {
  parseHeaderArgs,
  parseHeadersText,
  type HeaderMap,
} from './headersInput';
import type { CommandIO } from './io';
import { UsageError } from './UsageError';

/** Headers from `-H` arguments, else from stdin (JSON or `Name: value` lines). */
export async function readHeaders(
  args: ParsedArgs,
  io: CommandIO
): Promise<HeaderMap> {
  const fromArgs = args.values.get('-H');
  if (fromArgs !== undefined) return parseHeaderArgs(fromArgs);
  if (io.stdinIsTTY) {
    throw new UsageError(
      'no headers: pipe them on stdin (JSON or "Name: value" lines) or pass -H "Name: value"'
    );
  }
  return parseHeadersText(await io.readStdin());
}
