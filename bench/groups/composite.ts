/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// DatadogCompositePropagator extract + inject beside OpenTelemetry's own
// propagators and dd-trace's text_map propagation, on equivalent trace
// contexts. One operation: extract from incoming headers, then inject a
// child span context into a fresh carrier (dd-trace injects the context it
// extracted). For information, the same with several outgoing calls per
// request: one extraction, then a child injected for each call.

import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  trace,
  type Context,
  type SpanContext,
  type TextMapPropagator,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { B3InjectEncoding, B3Propagator } from '@opentelemetry/propagator-b3';
import { DatadogCompositePropagator } from '@otel-dd/propagator-composite';
import { initDdTrace, type Tracer } from '../lib/ddTrace';
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
  /** x-datadog-* plus traceparent and tracestate, as dd-trace writes them. */
  full: Record<string, string>;
  /** traceparent and tracestate only. */
  w3c: Record<string, string>;
  /** The same context in B3 single and multi headers. */
  b3: Record<string, string>;
  b3multi: Record<string, string>;
  /** Span id of the child to inject (16 hex). */
  childSpanId: string;
  /** What the composite (default styles) should write for the child. */
  expected: Record<string, string>;
  /** Span ids of the children of the fan-out cases (16 hex). */
  callSpanIds: string[];
  /** What the composite should write for each of them. */
  callExpected: Array<Record<string, string>>;
}

/** Outgoing calls per request in the fan-out cases. */
const CALLS = 3;

function hex(value: bigint, digits: number): string {
  return value.toString(16).padStart(digits, '0');
}

/**
 * Sampled 128-bit traces as dd-trace sends them (upper half the start time,
 * decision maker `-0`), all distinct so that no cache flatters any case.
 */
function makeTraces(count: number): Trace[] {
  const random = seededRandom(0xc0de_5175);
  // The fan-out children from their own sequence: the other cases' traces
  // stay what they were.
  const callRandom = seededRandom(0xfa40_0075);
  const random64 = (): bigint =>
    (BigInt(random()) << 32n) | BigInt(random()) || 1n;
  const traces: Trace[] = [];
  for (let i = 0; i < count; i++) {
    const tid = hex(BigInt(0x6701b2c5 + i), 8) + '00000000';
    const low = random64();
    const parent = random64() >> 1n || 1n;
    const child = random64();
    const traceId = tid + hex(low, 16);
    const parentHex = hex(parent, 16);
    const childHex = hex(child, 16);
    const traceparent = `00-${traceId}-${parentHex}-01`;
    const tracestate = `dd=t.dm:-0;t.tid:${tid};s:1;p:${parentHex}`;
    const tags = `_dd.p.tid=${tid},_dd.p.dm=-0`;
    const calls = Array.from(
      { length: CALLS },
      () => (BigInt(callRandom()) << 32n) | BigInt(callRandom()) || 1n
    );
    traces.push({
      full: {
        ...COMMON_HEADERS,
        'x-datadog-trace-id': low.toString(),
        'x-datadog-parent-id': parent.toString(),
        'x-datadog-sampling-priority': '1',
        'x-datadog-tags': tags,
        traceparent,
        tracestate,
      },
      w3c: { ...COMMON_HEADERS, traceparent, tracestate },
      b3: { ...COMMON_HEADERS, b3: `${traceId}-${parentHex}-1` },
      b3multi: {
        ...COMMON_HEADERS,
        'x-b3-traceid': traceId,
        'x-b3-spanid': parentHex,
        'x-b3-sampled': '1',
      },
      childSpanId: childHex,
      expected: {
        'x-datadog-trace-id': low.toString(),
        'x-datadog-parent-id': child.toString(),
        'x-datadog-sampling-priority': '1',
        'x-datadog-tags': tags,
        traceparent: `00-${traceId}-${childHex}-01`,
        tracestate: `dd=t.dm:-0;t.tid:${tid};s:1;p:${childHex}`,
      },
      callSpanIds: calls.map(call => hex(call, 16)),
      callExpected: calls.map(call => ({
        'x-datadog-trace-id': low.toString(),
        'x-datadog-parent-id': call.toString(),
        'x-datadog-sampling-priority': '1',
        'x-datadog-tags': tags,
        traceparent: `00-${traceId}-${hex(call, 16)}-01`,
        tracestate: `dd=t.dm:-0;t.tid:${tid};s:1;p:${hex(call, 16)}`,
      })),
    });
  }
  return fresh(traces);
}

const TRACES = makeTraces(1024);

/** Injects a child (`spanId`) of `parent`, the span context of `extracted`. */
function injectChild(
  propagator: TextMapPropagator,
  extracted: Context,
  parent: SpanContext,
  spanId: string
): Record<string, string> {
  const child: SpanContext = {
    traceId: parent.traceId,
    spanId,
    traceFlags: parent.traceFlags,
    traceState: parent.traceState,
    isRemote: false,
  };
  const carrier: Record<string, string> = {};
  propagator.inject(
    trace.setSpanContext(extracted, child),
    carrier,
    defaultTextMapSetter
  );
  return carrier;
}

/** Extract, then inject a child of the extracted span context. */
function otelRoundTrip(
  propagator: TextMapPropagator,
  headers: Record<string, string>,
  childSpanId: string
): Record<string, string> {
  const extracted = propagator.extract(
    ROOT_CONTEXT,
    headers,
    defaultTextMapGetter
  );
  const parent = trace.getSpanContext(extracted);
  if (parent === undefined) throw new Error('nothing extracted');
  return injectChild(propagator, extracted, parent, childSpanId);
}

/**
 * Extract, then inject a child for each outgoing call, each into a fresh
 * carrier (children of one trace share its trace state, as the SDK's do).
 */
function otelFanOut(
  propagator: TextMapPropagator,
  headers: Record<string, string>,
  spanIds: readonly string[]
): Array<Record<string, string>> {
  const extracted = propagator.extract(
    ROOT_CONTEXT,
    headers,
    defaultTextMapGetter
  );
  const parent = trace.getSpanContext(extracted);
  if (parent === undefined) throw new Error('nothing extracted');
  return spanIds.map(spanId =>
    injectChild(propagator, extracted, parent, spanId)
  );
}

// Explicit settings (env: {}), so that the machine's environment does not
// change what is measured.
const composite = new DatadogCompositePropagator({ env: {} });
const compositeW3c = new DatadogCompositePropagator({
  env: {},
  extract: ['tracecontext'],
  inject: ['tracecontext'],
});
const compositeB3 = new DatadogCompositePropagator({
  env: {},
  extract: ['b3'],
  inject: ['b3'],
});
const compositeB3Multi = new DatadogCompositePropagator({
  env: {},
  extract: ['b3multi'],
  inject: ['b3multi'],
});
const w3c = new W3CTraceContextPropagator();
const b3 = new B3Propagator();
const b3multi = new B3Propagator({
  injectEncoding: B3InjectEncoding.MULTI_HEADER,
});
let tracer: Tracer | undefined;

function ddTraceRoundTrip(
  headers: Record<string, string>
): Record<string, string> {
  const context = tracer!.extract('text_map', headers);
  if (context === null) throw new Error('nothing extracted');
  const carrier: Record<string, string> = {};
  tracer!.inject(context, 'text_map', carrier);
  return carrier;
}

function expectEqual(what: string, actual: unknown, expected: unknown): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: got ${a}, expected ${e}`);
}

function sorted(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.keys(headers)
      .sort()
      .map(key => [key, headers[key]])
  );
}

/** Checks that every case handles the same contexts, and correctly. */
function checkEquivalence(): void {
  for (const t of TRACES.slice(0, 64)) {
    expectEqual(
      'composite inject',
      sorted(otelRoundTrip(composite, t.full, t.childSpanId)),
      sorted(t.expected)
    );
    const traceparent = t.expected.traceparent;
    expectEqual(
      'composite (tracecontext) inject',
      otelRoundTrip(compositeW3c, t.w3c, t.childSpanId),
      { traceparent, tracestate: t.expected.tracestate }
    );
    expectEqual('W3C inject', otelRoundTrip(w3c, t.w3c, t.childSpanId), {
      traceparent,
      tracestate: t.w3c.tracestate,
    });
    const b3Value = `${traceparent.slice(3, 35)}-${t.childSpanId}-1`;
    expectEqual(
      'composite (b3) inject',
      otelRoundTrip(compositeB3, t.b3, t.childSpanId),
      { b3: b3Value }
    );
    expectEqual('B3 inject', otelRoundTrip(b3, t.b3, t.childSpanId), {
      b3: b3Value,
    });
    const multi = {
      'x-b3-traceid': traceparent.slice(3, 35),
      'x-b3-spanid': t.childSpanId,
      'x-b3-sampled': '1',
    };
    expectEqual(
      'composite (b3multi) inject',
      otelRoundTrip(compositeB3Multi, t.b3multi, t.childSpanId),
      multi
    );
    expectEqual(
      'B3 multi inject',
      otelRoundTrip(b3multi, t.b3multi, t.childSpanId),
      multi
    );
    expectEqual(
      'composite fan-out injects',
      otelFanOut(composite, t.full, t.callSpanIds).map(sorted),
      t.callExpected.map(sorted)
    );
    expectEqual(
      'W3C fan-out injects',
      otelFanOut(w3c, t.w3c, t.callSpanIds),
      t.callSpanIds.map(spanId => ({
        traceparent: `${traceparent.slice(0, 36)}${spanId}-01`,
        tracestate: t.w3c.tracestate,
      }))
    );
    // dd-trace sends the extracted context on unchanged.
    const ddOut = ddTraceRoundTrip(t.full);
    expectEqual(
      'dd-trace x-datadog-trace-id',
      ddOut['x-datadog-trace-id'],
      t.full['x-datadog-trace-id']
    );
    expectEqual('dd-trace traceparent', ddOut.traceparent, t.full.traceparent);
  }
}

const FAN_OUT = `composite, default styles, ${CALLS} outgoing calls`;
const W3C_FAN_OUT = `OTel W3C propagator, ${CALLS} outgoing calls`;

const fixtures = {
  composite: cycle(TRACES),
  ddTrace: cycle(TRACES),
  w3c: cycle(TRACES),
  compositeW3c: cycle(TRACES),
  b3: cycle(TRACES),
  compositeB3: cycle(TRACES),
  b3multi: cycle(TRACES),
  compositeB3Multi: cycle(TRACES),
  compositeFanOut: cycle(TRACES),
  w3cFanOut: cycle(TRACES),
} satisfies Record<string, Fixture<Trace>>;

const group: BenchGroup = {
  name: 'composite',
  reference: 'OTel W3C propagator',
  cases: [
    {
      // Default styles (datadog, tracecontext, baggage) on the full set of
      // headers dd-trace sends.
      name: 'composite, default styles',
      fn: () => {
        const t = fixtures.composite.next();
        return otelRoundTrip(composite, t.full, t.childSpanId);
      },
    },
    {
      name: 'dd-trace, default styles',
      fn: () => ddTraceRoundTrip(fixtures.ddTrace.next().full),
      setup: () => {
        tracer = initDdTrace();
        checkEquivalence();
      },
    },
    {
      name: 'OTel W3C propagator',
      fn: () => {
        const t = fixtures.w3c.next();
        return otelRoundTrip(w3c, t.w3c, t.childSpanId);
      },
    },
    {
      name: 'composite, tracecontext',
      fn: () => {
        const t = fixtures.compositeW3c.next();
        return otelRoundTrip(compositeW3c, t.w3c, t.childSpanId);
      },
    },
    {
      name: 'OTel B3 single',
      fn: () => {
        const t = fixtures.b3.next();
        return otelRoundTrip(b3, t.b3, t.childSpanId);
      },
    },
    {
      name: 'composite, b3',
      fn: () => {
        const t = fixtures.compositeB3.next();
        return otelRoundTrip(compositeB3, t.b3, t.childSpanId);
      },
    },
    {
      name: 'OTel B3 multi',
      fn: () => {
        const t = fixtures.b3multi.next();
        return otelRoundTrip(b3multi, t.b3multi, t.childSpanId);
      },
    },
    {
      name: 'composite, b3multi',
      fn: () => {
        const t = fixtures.compositeB3Multi.next();
        return otelRoundTrip(compositeB3Multi, t.b3multi, t.childSpanId);
      },
    },
    {
      name: FAN_OUT,
      fn: () => {
        const t = fixtures.compositeFanOut.next();
        return otelFanOut(composite, t.full, t.callSpanIds);
      },
    },
    {
      name: W3C_FAN_OUT,
      fn: () => {
        const t = fixtures.w3cFanOut.next();
        return otelFanOut(w3c, t.w3c, t.callSpanIds);
      },
    },
  ],
  budgets: {
    'composite, default styles': 1.0,
    'composite, tracecontext': 1.0,
    'composite, b3': 1.0,
    'composite, b3multi': 1.0,
  },
  references: {
    'composite, b3': 'OTel B3 single',
    'composite, b3multi': 'OTel B3 multi',
    [FAN_OUT]: W3C_FAN_OUT,
  },
  compare: [
    {
      case: 'composite, default styles',
      reference: 'dd-trace, default styles',
      budget: 0.2,
    },
  ],
};

export default group;
