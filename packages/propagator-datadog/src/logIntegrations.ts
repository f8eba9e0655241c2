/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Ready-made log correlation for pino and winston, without depending on
// either: a pino `mixin` is a plain function, and a winston (logform) format
// is any object with a `transform` method.

import {
  createDatadogLogContext,
  type DatadogLogContextOptions,
  type DatadogLogFields,
} from './logCorrelation';

/**
 * A pino `mixin`: `pino({ mixin: datadogPinoMixin() })` adds
 * `{ dd: { trace_id, span_id, service, env, version } }` to every line
 * logged inside a span.
 */
export function datadogPinoMixin(
  options?: DatadogLogContextOptions
): () => { dd?: DatadogLogFields } {
  const logContext = createDatadogLogContext(options);
  return () => {
    const dd = logContext();
    return dd === undefined ? {} : { dd };
  };
}

/** The shape of a winston/logform format. */
export interface LogFormat {
  transform<Info extends object>(info: Info): Info;
}

/**
 * A winston format: `format.combine(datadogWinstonFormat(), format.json())`
 * adds the same `dd` object to every record logged inside a span.
 */
export function datadogWinstonFormat(
  options?: DatadogLogContextOptions
): LogFormat {
  const logContext = createDatadogLogContext(options);
  return {
    transform(info) {
      const dd = logContext();
      if (dd !== undefined) (info as { dd?: DatadogLogFields }).dd = dd;
      return info;
    },
  };
}
