/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// DatadogPropagator extract + inject beside OpenTelemetry's W3C propagator
// and dd-trace's own text_map propagation, on equivalent trace contexts. One
// operation: extract from incoming headers, then inject a child span context
// into a fresh carrier (dd-trace injects the context it extracted).

import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  trace,
  TraceFlags,
  type Context,
  type SpanContext,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
} from '@opentelemetry/api';
import {
  isTracingSuppressed,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { DatadogPropagator } from '@otel-dd/propagator-datadog';
import {
  addDdTraceTextMapFormat,
  initDdTrace,
  type Tracer,
} from '../lib/ddTrace';
import { cycle, fresh, seededRandom, type Fixture } from '../lib/fixtures';
import type { BenchGroup } from '../lib/types';

/** Headers any request carries besides the trace context. */
const COMMON_HEADERS = {
  host: 'api.example.com',
  'user-agent': 'node-fetch/1.0',
  accept: 'application/json',
  'content-type': 'application/json',
};

interface Trace {
  /** Incoming headers in Datadog's format, as dd-trace writes them. */
  datadog: Record<string, string>;
  /** The same context in W3C headers, as dd-trace writes them. */
  w3c: Record<string, string>;
  /** The extracted ids (hex). */
  traceId: string;
  spanId: string;
  /** Span id of the child to inject (16 hex). */
  childSpanId: string;
  /** What DatadogPropagator should write for the child. */
  expected: Record<string, string>;
}

function hex(value: bigint, digits: number): string {
  return value.toString(16).padStart(digits, '0');
}

/**
 * Sampled 128-bit Datadog traces as dd-trace makes them: upper half the start
 * time in seconds, random lower half and span ids (most over 2^53, so no
 * conversion takes a shortcut), decision maker `-0`. All distinct, so that
 * no cache of repeated values flatters any case.
 */
function makeTraces(count: number): Trace[] {
  const random = seededRandom(0x0dd0_7e1e);
  const random64 = (): bigint =>
    (BigInt(random()) << 32n) | BigInt(random()) || 1n;
  const traces: Trace[] = [];
  for (let i = 0; i < count; i++) {
    const tid = hex(BigInt(0x6701b2c5 + i), 8) + '00000000';
    const low = random64();
    const parent = random64() >> 1n || 1n;
    const child = random64();
    const tags = `_dd.p.tid=${tid},_dd.p.dm=-0`;
    traces.push({
      datadog: {
        ...COMMON_HEADERS,
        'x-datadog-trace-id': low.toString(),
        'x-datadog-parent-id': parent.toString(),
        'x-datadog-sampling-priority': '1',
        'x-datadog-tags': tags,
      },
      w3c: {
        ...COMMON_HEADERS,
        traceparent: `00-${tid}${hex(low, 16)}-${hex(parent, 16)}-01`,
        tracestate: `dd=s:1;t.tid:${tid};t.dm:-0`,
      },
      traceId: tid + hex(low, 16),
      spanId: hex(parent, 16),
      childSpanId: hex(child, 16),
      expected: {
        'x-datadog-trace-id': low.toString(),
        'x-datadog-parent-id': child.toString(),
        'x-datadog-sampling-priority': '1',
        'x-datadog-tags': tags,
      },
    });
  }
  return fresh(traces);
}

const TRACES = makeTraces(1024);

/**
 * Parses and formats nothing: reads the Datadog headers, returns the span
 * context known in advance and writes the known headers. What remains is
 * what any propagator pays in this operation (contexts, getter, setter):
 * the floor under DatadogPropagator's figure.
 */
class NoOpPropagator implements TextMapPropagator {
  /** The trace of the current operation. */
  trace: Trace = TRACES[0];

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    if (
      getter.get(carrier, 'x-datadog-trace-id') === undefined ||
      getter.get(carrier, 'x-datadog-parent-id') === undefined ||
      getter.get(carrier, 'x-datadog-sampling-priority') === undefined ||
      getter.get(carrier, 'x-datadog-origin') !== undefined ||
      getter.get(carrier, 'x-datadog-tags') === undefined
    ) {
      return context;
    }
    return trace.setSpanContext(context, {
      traceId: this.trace.traceId,
      spanId: this.trace.spanId,
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
  }

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    const spanContext = trace.getSpanContext(context);
    if (spanContext === undefined || isTracingSuppressed(context)) return;
    const headers = this.trace.expected;
    setter.set(carrier, 'x-datadog-trace-id', headers['x-datadog-trace-id']);
    setter.set(carrier, 'x-datadog-parent-id', headers['x-datadog-parent-id']);
    setter.set(
      carrier,
      'x-datadog-sampling-priority',
      headers['x-datadog-sampling-priority']
    );
    setter.set(carrier, 'x-datadog-tags', headers['x-datadog-tags']);
  }

  fields(): string[] {
    return DATADOG_HEADERS.slice();
  }
}

const DATADOG_HEADERS = [
  'x-datadog-trace-id',
  'x-datadog-parent-id',
  'x-datadog-sampling-priority',
  'x-datadog-origin',
  'x-datadog-tags',
];

const datadog = new DatadogPropagator();
const w3c = new W3CTraceContextPropagator();
const noOp = new NoOpPropagator();

// The operation of the OpenTelemetry cases: extract, then inject a child of
// the extracted span context. One function per case, on purpose: a shared
// one would see several propagator classes at its call sites, which no
// application does (it calls its one configured propagator), and would slow
// each case by a different amount.
function datadogRoundTrip(t: Trace): Record<string, string> {
  const extracted = datadog.extract(
    ROOT_CONTEXT,
    t.datadog,
    defaultTextMapGetter
  );
  const parent = trace.getSpanContext(extracted);
  if (parent === undefined) throw new Error('nothing extracted');
  const child: SpanContext = {
    traceId: parent.traceId,
    spanId: t.childSpanId,
    traceFlags: parent.traceFlags,
    traceState: parent.traceState,
    isRemote: false,
  };
  const carrier: Record<string, string> = {};
  datadog.inject(
    trace.setSpanContext(extracted, child),
    carrier,
    defaultTextMapSetter
  );
  return carrier;
}
function w3cRoundTrip(t: Trace): Record<string, string> {
  const extracted = w3c.extract(ROOT_CONTEXT, t.w3c, defaultTextMapGetter);
  const parent = trace.getSpanContext(extracted);
  if (parent === undefined) throw new Error('nothing extracted');
  const child: SpanContext = {
    traceId: parent.traceId,
    spanId: t.childSpanId,
    traceFlags: parent.traceFlags,
    traceState: parent.traceState,
    isRemote: false,
  };
  const carrier: Record<string, string> = {};
  w3c.inject(
    trace.setSpanContext(extracted, child),
    carrier,
    defaultTextMapSetter
  );
  return carrier;
}
function noOpRoundTrip(t: Trace): Record<string, string> {
  const extracted = noOp.extract(ROOT_CONTEXT, t.datadog, defaultTextMapGetter);
  const parent = trace.getSpanContext(extracted);
  if (parent === undefined) throw new Error('nothing extracted');
  const child: SpanContext = {
    traceId: parent.traceId,
    spanId: t.childSpanId,
    traceFlags: parent.traceFlags,
    traceState: parent.traceState,
    isRemote: false,
  };
  const carrier: Record<string, string> = {};
  noOp.inject(
    trace.setSpanContext(extracted, child),
    carrier,
    defaultTextMapSetter
  );
  return carrier;
}

let tracer: Tracer | undefined;
/** dd-trace's text_map format restricted to the `datadog` style. */
const DATADOG_ONLY = 'text_map_datadog_only';

function ddTraceRoundTrip(
  format: string,
  headers: Record<string, string>
): Record<string, string> {
  const context = tracer!.extract(format, headers);
  if (context === null) throw new Error('nothing extracted');
  const carrier: Record<string, string> = {};
  tracer!.inject(context, format, carrier);
  return carrier;
}

function expectEqual(what: string, actual: unknown, expected: unknown): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: got ${a}, expected ${e}`);
}

function pick(
  headers: Record<string, string>,
  names: readonly string[]
): Record<string, string> {
  return Object.fromEntries(names.map(name => [name, headers[name]]));
}

/** Checks that every case handles the same contexts, and correctly. */
function checkEquivalence(): void {
  for (const t of TRACES.slice(0, 64)) {
    const ours = datadogRoundTrip(t);
    expectEqual('DatadogPropagator inject', ours, t.expected);
    const theirs = w3cRoundTrip(t);
    expectEqual('W3C inject', theirs, {
      traceparent: t.w3c.traceparent.slice(0, 36) + t.childSpanId + '-01',
      tracestate: t.w3c.tracestate,
    });
    const ourContext = trace.getSpanContext(
      datadog.extract(ROOT_CONTEXT, t.datadog, defaultTextMapGetter)
    );
    const w3cContext = trace.getSpanContext(
      w3c.extract(ROOT_CONTEXT, t.w3c, defaultTextMapGetter)
    );
    expectEqual(
      'extracted span context',
      { ...ourContext, traceState: ourContext?.traceState?.serialize() },
      { ...w3cContext, traceState: w3cContext?.traceState?.serialize() }
    );
    const names = Object.keys(t.expected);
    const incoming = pick(t.datadog, names);
    expectEqual(
      'dd-trace inject',
      pick(ddTraceRoundTrip('text_map', t.datadog), names),
      incoming
    );
    expectEqual(
      'dd-trace (datadog only) inject',
      ddTraceRoundTrip(DATADOG_ONLY, t.datadog),
      incoming
    );
  }
}

const ours: Fixture<Trace> = cycle(TRACES);
const otel: Fixture<Trace> = cycle(TRACES);
const dd: Fixture<Trace> = cycle(TRACES);
const ddOnly: Fixture<Trace> = cycle(TRACES);
const floor: Fixture<Trace> = cycle(TRACES);

const group: BenchGroup = {
  name: 'datadog',
  reference: 'OTel W3C propagator',
  cases: [
    {
      name: 'DatadogPropagator',
      fn: () => datadogRoundTrip(ours.next()),
    },
    {
      name: 'OTel W3C propagator',
      fn: () => w3cRoundTrip(otel.next()),
    },
    {
      // dd-trace as configured out of the box: extracts datadog, then
      // tracecontext and baggage; injects datadog and tracecontext.
      name: 'dd-trace',
      fn: () => ddTraceRoundTrip('text_map', dd.next().datadog),
      setup: () => {
        tracer = initDdTrace();
        addDdTraceTextMapFormat(tracer, DATADOG_ONLY, ['datadog']);
        checkEquivalence();
      },
    },
    {
      // The same work as DatadogPropagator: Datadog headers only.
      name: 'dd-trace, datadog style only',
      fn: () => ddTraceRoundTrip(DATADOG_ONLY, ddOnly.next().datadog),
    },
    {
      name: 'OTel API floor (no-op propagator)',
      fn: () => {
        const t = floor.next();
        noOp.trace = t;
        return noOpRoundTrip(t);
      },
    },
  ],
  budgets: { DatadogPropagator: 0.5 },
  compare: [
    { case: 'DatadogPropagator', reference: 'dd-trace', budget: 0.1 },
    { case: 'DatadogPropagator', reference: 'dd-trace, datadog style only' },
  ],
};

export default group;
