/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import type {
  Context,
  SpanContext,
  TextMapGetter,
  TextMapPropagator,
  TextMapSetter,
} from '@opentelemetry/api';
import { diag, isTracingSuppressed, isValidSpanContext, trace } from './deps';
import type { ExtractedContext } from './context';
import { HeaderReader } from './HeaderReader';

/**
 * The span context `inject` writes: none without a valid one (OpenTelemetry's
 * rule), nor inside `suppressTracing(...)`.
 */
export function spanContextToInject(context: Context): SpanContext | undefined {
  const spanContext = trace.getSpanContext(context);
  return spanContext === undefined ||
    !isValidSpanContext(spanContext) ||
    isTracingSuppressed(context)
    ? undefined
    : spanContext;
}

/**
 * What the single-style propagators (tracecontext, b3, b3multi, xray) share:
 * `inject` writes a valid, unsuppressed span context, `extract` reads
 * through a {@link HeaderReader}, and neither throws. The composite calls
 * their `extractContext` and `injectSpanContext` directly.
 */
export abstract class StylePropagator implements TextMapPropagator {
  constructor(
    private readonly _name: string,
    private readonly _fields: readonly string[]
  ) {}

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    try {
      const spanContext = spanContextToInject(context);
      if (spanContext !== undefined) {
        this._injectValid(spanContext, carrier, setter, context);
      }
    } catch (error) {
      diag.debug(`${this._name}: inject failed`, error);
    }
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    try {
      const extracted = this.extractContext(new HeaderReader(carrier, getter));
      return extracted === undefined
        ? context
        : trace.setSpanContext(context, extracted.toSpanContext());
    } catch (error) {
      diag.debug(`${this._name}: extract failed`, error);
      return context;
    }
  }

  fields(): string[] {
    return this._fields.slice();
  }

  /** @internal Reads a context, or `undefined`. */
  abstract extractContext(reader: HeaderReader): ExtractedContext | undefined;

  /** Writes the headers of a valid span context found in `context`. */
  protected abstract _injectValid(
    spanContext: SpanContext,
    carrier: unknown,
    setter: TextMapSetter,
    context: Context
  ): void;
}
