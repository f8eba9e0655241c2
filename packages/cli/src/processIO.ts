/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import type { CommandIO } from './io';
import { MAX_INPUT_LENGTH } from './headersInput';
import { UsageError } from './UsageError';

/** The real process: stdin, stdout, stderr and environment. */
export function processIO(): CommandIO {
  return {
    isTTY: process.stdout.isTTY === true,
    stdinIsTTY: process.stdin.isTTY === true,
    env: process.env,
    stdout: text => process.stdout.write(text),
    stderr: text => process.stderr.write(text),
    readStdin: () =>
      new Promise((resolve, reject) => {
        let text = '';
        process.stdin.setEncoding('utf8');
        process.stdin.on('data', chunk => {
          text += chunk;
          if (text.length > MAX_INPUT_LENGTH) {
            process.stdin.destroy();
            reject(new UsageError(`input is over ${MAX_INPUT_LENGTH} bytes`));
          }
        });
        process.stdin.on('end', () => resolve(text));
        process.stdin.on('error', reject);
      }),
  };
}
