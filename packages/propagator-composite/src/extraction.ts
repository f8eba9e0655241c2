/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// A propagator cannot add span links or attributes to the span that will
// continue the trace; it leaves them in the context it returns, and
// DatadogSpanLinksProcessor applies them when that span starts.

import {
  createContextKey,
  type Attributes,
  type Context,
  type Link,
  type SpanContext,
} from '@opentelemetry/api';

const EXTRACTION_KEY = createContextKey(
  '@otel-dd/propagator-composite extraction'
);

/** What one extraction leaves for the first local span. */
export class ExtractionRecord {
  /** Set once a span has received the links and attributes. */
  consumed = false;

  constructor(
    /**
     * The span context the first span's parent must be (the extracted
     * one), or `undefined` when that span is a new root (`restart`).
     */
    readonly parent: SpanContext | undefined,
    readonly links: readonly Link[],
    readonly attributes: Attributes | undefined
  ) {}
}

export function setExtractionRecord(
  context: Context,
  record: ExtractionRecord
): Context {
  return context.setValue(EXTRACTION_KEY, record);
}

export function getExtractionRecord(
  context: Context
): ExtractionRecord | undefined {
  const value = context.getValue(EXTRACTION_KEY);
  return value instanceof ExtractionRecord ? value : undefined;
}

/**
 * The span links `DatadogCompositePropagator.extract` recorded in a
 * context: contexts from other styles that belong to other traces
 * (`reason: terminated_context`), or the extracted context itself under
 * the `restart` behaviour (`reason: propagation_behavior_extract`). For
 * code that starts the entry span itself and wants the links at creation;
 * `DatadogSpanLinksProcessor` does it otherwise.
 */
export function getExtractedSpanLinks(context: Context): Link[] {
  return getExtractionRecord(context)?.links.slice() ?? [];
}
