/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// dd-trace, initialised for benchmarks: no plugins, no startup logs, no
// telemetry, no remote configuration, and no flushing during a run. Call it
// from a group module only: dd-trace keeps its process alive, and the group
// process exits explicitly when done.

// A type-only import: dd-trace itself is loaded by initDdTrace.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import type ddTrace = require('dd-trace');

/** dd-trace's tracer (the module's export). */
export type Tracer = typeof ddTrace;

export interface DdTraceOptions {
  /**
   * `DD_TRACE_PROPAGATION_STYLE` (for example `datadog`); leave out for
   * dd-trace's default styles.
   */
  propagationStyle?: string;
}

let tracer: Tracer | undefined;

/** Initialises dd-trace once per process and returns its tracer. */
export function initDdTrace(options: DdTraceOptions = {}): Tracer {
  if (tracer !== undefined) return tracer;
  process.env.DD_TRACE_STARTUP_LOGS = 'false';
  process.env.DD_INSTRUMENTATION_TELEMETRY_ENABLED = 'false';
  process.env.DD_REMOTE_CONFIGURATION_ENABLED = 'false';
  if (options.propagationStyle !== undefined) {
    process.env.DD_TRACE_PROPAGATION_STYLE = options.propagationStyle;
  }
  // Loaded here, after the environment is set: dd-trace reads it on load.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ddTrace = require('dd-trace') as Tracer;
  tracer = ddTrace.init({ plugins: false, flushInterval: 1e9 });
  return tracer;
}

/**
 * Registers `format` as a text_map format restricted to `styles` (for
 * example `['datadog']`), so that one process can compare dd-trace's
 * default propagation with a single style: dd-trace reads its propagation
 * styles once, at init. Uses dd-trace internals (pinned version); throws
 * when they are not as expected.
 */
export function addDdTraceTextMapFormat(
  ddTracer: Tracer,
  format: string,
  styles: readonly string[]
): void {
  const internal = (ddTracer as unknown as { _tracer?: DdInternalTracer })
    ._tracer;
  if (
    internal === undefined ||
    typeof internal._propagators !== 'object' ||
    typeof internal._config !== 'object'
  ) {
    throw new Error('dd-trace internals changed: no _tracer._propagators');
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const TextMapPropagator = require(TEXT_MAP_MODULE) as new (
    config: object
  ) => unknown;
  const config = Object.create(internal._config, {
    tracePropagationStyle: {
      value: { inject: [...styles], extract: [...styles] },
    },
  }) as object;
  internal._propagators[format] = new TextMapPropagator(config);
}

const TEXT_MAP_MODULE =
  'dd-trace/packages/dd-trace/src/opentracing/propagation/text_map';

interface DdInternalTracer {
  _config: object;
  _propagators: Record<string, unknown>;
}
