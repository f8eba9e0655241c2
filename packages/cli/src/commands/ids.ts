/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import {
  datadogToOtelTraceId,
  decimalIdToHex,
  hexIdToDecimal,
  isHex,
  otelToDatadogTraceId,
} from '@otel-dd/propagator-datadog';
import { parseArgs } from '../args';
import type { CommandIO } from '../io';
import { formatRows, type Rows } from '../output';
import { UsageError } from '../UsageError';

export const IDS_HELP = `Usage: otel-dd ids <id> [--tid <16 hex>] [--from hex|decimal] [--json]

Converts one trace or span id between OpenTelemetry hex, Datadog decimal and
the 128-bit split (decimal low 64 bits + _dd.p.tid).

  <id>           32 hex digits: an OpenTelemetry trace id
                 16 hex digits: an OpenTelemetry span id (or a Datadog _dd.p.tid)
                 1-20 digits:   a Datadog id (x-datadog-trace-id or -parent-id)
  --tid <hex>    with a Datadog trace id: its _dd.p.tid, to rebuild 128 bits
  --from <form>  read a 16-digit id as hex or decimal when it could be either
                 (default: all digits means decimal)
  --json         print JSON
`;

const ZERO_16 = '0000000000000000';

/** Converts one id; the rows are what gets printed. */
export function describeId(id: string, tid?: string, from?: string): Rows {
  if (from !== undefined && from !== 'hex' && from !== 'decimal') {
    throw new UsageError(
      `--from must be hex or decimal, not ${JSON.stringify(from)}`
    );
  }
  if (tid !== undefined && !isHex(tid, 16)) {
    throw new UsageError(
      `invalid --tid ${JSON.stringify(tid)}: expected 16 hex digits`
    );
  }
  const digitsOnly = /^[0-9]{1,20}$/.test(id);
  if (isHex(id, 32) && from !== 'decimal') {
    const split = otelToDatadogTraceId(id)!;
    const rows: Rows = [
      ['input', 'OpenTelemetry trace id (hex)'],
      ['otel trace id', id.toLowerCase()],
      ['datadog trace id', split.traceId],
      ['_dd.p.tid', split.tid === ZERO_16 ? '(none: 64-bit trace)' : split.tid],
      ['x-datadog-tags', split.tid === ZERO_16 ? '' : `_dd.p.tid=${split.tid}`],
    ];
    if (split.traceId === '0')
      rows.push([
        'warning',
        'low 64 bits are zero: Datadog cannot carry this trace id',
      ]);
    return rows.filter(([, value]) => value !== '');
  }
  if (
    isHex(id, 16) &&
    (from === 'hex' || (!digitsOnly && from !== 'decimal'))
  ) {
    const decimal = hexIdToDecimal(id)!;
    return [
      ['input', 'OpenTelemetry span id (hex)'],
      ['otel span id', id.toLowerCase()],
      ['datadog span id', decimal],
      [
        'as datadog trace id',
        `${decimal} (low 64 bits of ...${id.toLowerCase()})`,
      ],
    ];
  }
  if (digitsOnly && from !== 'hex') {
    const hex = decimalIdToHex(id);
    if (hex === undefined)
      throw new UsageError(
        `invalid id ${JSON.stringify(id)}: out of the uint64 range`
      );
    if (hex === ZERO_16)
      throw new UsageError('invalid id "0": Datadog ids are never zero');
    const traceId = datadogToOtelTraceId(id, tid)!;
    return [
      ['input', 'Datadog id (decimal)'],
      ['datadog id', withoutLeadingZeros(id)],
      ['otel span id', hex],
      ['otel trace id', traceId],
      [
        '_dd.p.tid',
        tid === undefined ? '(none: 64-bit trace)' : tid.toLowerCase(),
      ],
    ];
  }
  throw new UsageError(
    `invalid id ${JSON.stringify(id)}: expected 32 hex (OTel trace id), 16 hex (OTel span id) or 1-20 digits (Datadog id)`
  );
}

/** Drops leading zeros of a decimal id without BigInt. */
function withoutLeadingZeros(decimal: string): string {
  const trimmed = decimal.replace(/^0+/, '');
  return trimmed.length === 0 ? '0' : trimmed;
}

export async function runIds(
  argv: readonly string[],
  io: CommandIO
): Promise<void> {
  const args = parseArgs(argv, { '--tid': '--tid', '--from': '--from' }, [
    '--json',
    '--help',
    '-h',
  ]);
  if (args.flags.has('--help') || args.flags.has('-h')) {
    io.stdout(IDS_HELP);
    return;
  }
  if (args.positionals.length !== 1)
    throw new UsageError('ids takes exactly one id (see otel-dd ids --help)');
  const rows = describeId(
    args.positionals[0].trim(),
    args.values.get('--tid')?.at(-1),
    args.values.get('--from')?.at(-1)
  );
  if (args.flags.has('--json')) {
    io.stdout(JSON.stringify(Object.fromEntries(rows), null, 2) + '\n');
  } else {
    io.stdout(formatRows(rows, io.isTTY));
  }
}
