/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import {
  propagation,
  ROOT_CONTEXT,
  trace,
  defaultTextMapGetter,
  type SpanContext,
} from '@opentelemetry/api';
import {
  DatadogCompositePropagator,
  getDatadogState,
  getExtractedSpanLinks,
  type PropagationStyle,
  type PropagationStyleName,
} from '@otel-dd/propagator-composite';
import {
  hexIdToDecimal,
  joinedString,
  W3CTraceState,
} from '@otel-dd/propagator-datadog';
import { parseArgs } from '../args';
import type { HeaderMap } from '../headersInput';
import type { CommandIO } from '../io';
import { formatRows, type Rows } from '../output';
import { readHeaders } from '../readHeaders';
import { parseStyles } from '../styles';
import { UsageError } from '../UsageError';

export const INSPECT_HELP = `Usage: otel-dd inspect [--from <styles>] [-H 'Name: value']... [--json]

Decodes trace context headers: the trace id as OpenTelemetry hex and as
Datadog decimal + _dd.p.tid, the parent span id both ways, the sampling
priority by name, origin, propagated tags, tracestate members and baggage;
which styles were found, whether they agree, and what Datadog's rules make of
them together.

Input: stdin, as a JSON object or "Name: value" lines, or repeated -H.

  --from <styles>    styles combined for the result, in order (default: the
                     configured extract styles, or datadog,tracecontext,baggage)
  -H, --header <h>   one header, "Name: value" (repeatable)
  --json             print JSON

Exit codes: 0 a context was found, 1 none was, 2 bad input.
`;

/** Every style that carries a span context, each read on its own. */
const CONTEXT_STYLES: readonly PropagationStyle[] = [
  'datadog',
  'tracecontext',
  'b3',
  'b3multi',
  'xray',
];

const PRIORITY_NAMES: Record<string, string> = {
  '-1': 'USER_REJECT',
  '0': 'AUTO_REJECT',
  '1': 'AUTO_KEEP',
  '2': 'USER_KEEP',
};

/** What one style (or the combination) reads. */
export interface Reading {
  traceId: string;
  datadogTraceId: string;
  tid?: string;
  spanId: string;
  datadogSpanId: string;
  sampled: boolean;
  priority: string;
  origin?: string;
  tags: string[];
  lastDatadogParent?: string;
}

export interface Inspection {
  found: string[];
  agreement: string;
  result?: Reading;
  styles: Record<string, Reading>;
  tracestate: string[];
  baggage: string[];
  links: Array<{
    traceId: string;
    spanId: string;
    attributes: Record<string, unknown>;
  }>;
}

function describe(spanContext: SpanContext): Reading {
  const state = getDatadogState(spanContext);
  const upper = spanContext.traceId.slice(0, 16);
  const priority = String(state.samplingPriority);
  return {
    traceId: spanContext.traceId,
    datadogTraceId: hexIdToDecimal(spanContext.traceId, 16) ?? '?',
    ...(upper === '0000000000000000' ? {} : { tid: upper }),
    spanId: spanContext.spanId,
    datadogSpanId: hexIdToDecimal(spanContext.spanId) ?? '?',
    sampled: (spanContext.traceFlags & 1) === 1,
    priority: PRIORITY_NAMES[priority]
      ? `${priority} (${PRIORITY_NAMES[priority]})`
      : priority,
    ...(state.origin === undefined ? {} : { origin: state.origin }),
    tags: state.tags.map(([key, value]) => `${key}=${value}`),
    ...(state.lastParentId === undefined
      ? {}
      : { lastDatadogParent: state.lastParentId }),
  };
}

function agreement(found: string[], styles: Record<string, Reading>): string {
  if (found.length === 0) return 'no trace context';
  if (found.length === 1) return `only ${found[0]}`;
  const [first, ...rest] = found.map(style => styles[style]);
  const traces = new Set([first, ...rest].map(r => r.traceId));
  if (traces.size > 1) {
    const lows = new Set([first, ...rest].map(r => r.traceId.slice(16)));
    if (lows.size === 1) {
      return 'same low 64 bits but different 128-bit trace ids (a Datadog header without _dd.p.tid?): Datadog links them as different traces';
    }
    return 'CONFLICT: different traces; Datadog continues the first style and links the others';
  }
  const parents = new Set([first, ...rest].map(r => r.spanId));
  if (parents.size > 1) {
    return 'same trace, different parent spans: the W3C parent wins and the Datadog parent is kept as p';
  }
  return 'agree: same trace and parent';
}

/** Reads everything the headers say. */
export function inspectHeaders(
  headers: HeaderMap,
  env: Readonly<Record<string, string | undefined>>,
  from?: PropagationStyleName[]
): Inspection {
  const styles: Record<string, Reading> = {};
  const found: string[] = [];
  for (const style of CONTEXT_STYLES) {
    const alone = new DatadogCompositePropagator({
      env,
      extract: [style],
      extractFirst: true,
      extractBehavior: 'continue',
    });
    const spanContext = trace.getSpanContext(
      alone.extract(ROOT_CONTEXT, headers, defaultTextMapGetter)
    );
    if (spanContext !== undefined) {
      found.push(style);
      styles[style] = describe(spanContext);
    }
  }
  const combined = new DatadogCompositePropagator({
    env,
    extract: from,
    extractBehavior: 'continue',
  });
  const context = combined.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
  const result = trace.getSpanContext(context);
  const baggageReader = new DatadogCompositePropagator({
    env,
    extract: ['baggage'],
  });
  const baggage = propagation.getBaggage(
    baggageReader.extract(ROOT_CONTEXT, headers, defaultTextMapGetter)
  );
  const tracestateHeader = joinedString(headers['tracestate'], 16384);
  return {
    found,
    agreement: agreement(found, styles),
    ...(result === undefined ? {} : { result: describe(result) }),
    styles,
    tracestate:
      typeof tracestateHeader === 'string'
        ? W3CTraceState.parse(tracestateHeader)
            .serialize()
            .split(',')
            .filter(member => member.length > 0)
        : [],
    baggage: (baggage?.getAllEntries() ?? []).map(
      ([key, entry]) => `${key}=${entry.value}`
    ),
    links: getExtractedSpanLinks(context).map(link => ({
      traceId: link.context.traceId,
      spanId: link.context.spanId,
      attributes: { ...link.attributes },
    })),
  };
}

function readingRows(prefix: string, reading: Reading): Rows {
  const rows: Rows = [
    [`${prefix}trace id`, reading.traceId],
    [
      `${prefix}datadog trace id`,
      reading.datadogTraceId +
        (reading.tid === undefined
          ? ' (64-bit)'
          : `  _dd.p.tid=${reading.tid}`),
    ],
    [`${prefix}parent span id`, `${reading.spanId} = ${reading.datadogSpanId}`],
    [`${prefix}sampled`, reading.sampled ? 'yes' : 'no'],
    [`${prefix}sampling priority`, reading.priority],
  ];
  if (reading.origin !== undefined)
    rows.push([`${prefix}origin`, reading.origin]);
  if (reading.tags.length > 0)
    rows.push([`${prefix}propagated tags`, reading.tags.join(', ')]);
  if (reading.lastDatadogParent !== undefined) {
    rows.push([`${prefix}last datadog parent`, reading.lastDatadogParent]);
  }
  return rows;
}

export function inspectionRows(inspection: Inspection): Rows {
  const rows: Rows = [
    [
      'styles found',
      inspection.found.length > 0 ? inspection.found.join(', ') : '(none)',
    ],
    ['agreement', inspection.agreement],
  ];
  if (inspection.result !== undefined)
    rows.push(...readingRows('', inspection.result));
  if (inspection.tracestate.length > 0)
    rows.push(['tracestate', inspection.tracestate.join(' | ')]);
  if (inspection.baggage.length > 0)
    rows.push(['baggage', inspection.baggage.join(', ')]);
  for (const link of inspection.links) {
    rows.push([
      'span link',
      `${link.traceId}/${link.spanId} ${Object.entries(link.attributes)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(' ')}`,
    ]);
  }
  if (inspection.found.length > 1) {
    for (const style of inspection.found) {
      const reading = inspection.styles[style];
      rows.push([
        `[${style}]`,
        `trace ${reading.traceId} parent ${reading.spanId} priority ${reading.priority}`,
      ]);
    }
  }
  return rows;
}

export async function runInspect(
  argv: readonly string[],
  io: CommandIO
): Promise<number> {
  const args = parseArgs(
    argv,
    { '--from': '--from', '-H': '-H', '--header': '-H' },
    ['--json', '--help', '-h']
  );
  if (args.flags.has('--help') || args.flags.has('-h')) {
    io.stdout(INSPECT_HELP);
    return 0;
  }
  if (args.positionals.length > 0) {
    throw new UsageError(
      `unexpected argument ${JSON.stringify(args.positionals[0])}`
    );
  }
  const from = parseStyles('--from', args.values.get('--from')?.at(-1));
  const inspection = inspectHeaders(await readHeaders(args, io), io.env, from);
  if (args.flags.has('--json')) {
    io.stdout(JSON.stringify(inspection, null, 2) + '\n');
  } else {
    io.stdout(formatRows(inspectionRows(inspection), io.isTTY));
  }
  return inspection.result === undefined && inspection.baggage.length === 0
    ? 1
    : 0;
}
