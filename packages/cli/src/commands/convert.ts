/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import { convertHeaders } from '@otel-dd/propagator-composite';
import { parseArgs } from '../args';
import type { CommandIO } from '../io';
import { readHeaders } from '../readHeaders';
import { parseStyles } from '../styles';
import { UsageError } from '../UsageError';

export const CONVERT_HELP = `Usage: otel-dd convert --to <styles> [--from <styles>] [-H 'Name: value']... [--format json|headers]

Reads trace context from headers and writes it in other propagation styles,
with dd-trace's rules: 128-bit ids, sampling priority and origin are kept
where the target format can carry them. Only the target headers are printed.

Input: stdin, as a JSON object or as "Name: value" lines (as copied from
curl -v or a browser), or repeated -H arguments.

  --to <styles>      styles to write, comma-separated: datadog, tracecontext,
                     b3, b3multi, baggage, xray
  --from <styles>    styles to read, in order (default: the configured extract
                     styles, DD_TRACE_PROPAGATION_STYLE_EXTRACT, ... or
                     datadog,tracecontext,baggage)
  -H, --header <h>   one header, "Name: value" (repeatable)
  --format <f>       json (default) or headers ("Name: value" lines)

Exit codes: 0 converted, 1 no trace context found, 2 bad input.
`;

export async function runConvert(
  argv: readonly string[],
  io: CommandIO
): Promise<number> {
  const args = parseArgs(
    argv,
    {
      '--to': '--to',
      '--from': '--from',
      '-H': '-H',
      '--header': '-H',
      '--format': '--format',
    },
    ['--help', '-h']
  );
  if (args.flags.has('--help') || args.flags.has('-h')) {
    io.stdout(CONVERT_HELP);
    return 0;
  }
  if (args.positionals.length > 0) {
    throw new UsageError(
      `unexpected argument ${JSON.stringify(args.positionals[0])}`
    );
  }
  const to = parseStyles('--to', args.values.get('--to')?.at(-1));
  if (to === undefined)
    throw new UsageError(
      'convert needs --to <styles> (see otel-dd convert --help)'
    );
  const from = parseStyles('--from', args.values.get('--from')?.at(-1));
  const format = args.values.get('--format')?.at(-1) ?? 'json';
  if (format !== 'json' && format !== 'headers') {
    throw new UsageError(
      `--format must be json or headers, not ${JSON.stringify(format)}`
    );
  }
  const headers = await readHeaders(args, io);
  const converted = convertHeaders(headers, { from, to, env: io.env });
  if (format === 'json') {
    io.stdout(JSON.stringify(converted, null, 2) + '\n');
  } else {
    io.stdout(
      Object.entries(converted)
        .map(([name, value]) => `${name}: ${value}\n`)
        .join('')
    );
  }
  if (Object.keys(converted).length === 0) {
    io.stderr('otel-dd: no trace context found in the given headers\n');
    return 1;
  }
  return 0;
}
