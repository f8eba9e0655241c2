/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import { diag, trace, type Context, type Span } from '@opentelemetry/api';
import { getExtractionRecord } from './extraction';

/**
 * A span processor for the OpenTelemetry SDK that completes what
 * `DatadogCompositePropagator.extract` recorded: on the first span started
 * directly under the extracted context (or, with the `restart` behaviour,
 * the first root span started under the returned context) it adds the span
 * links Datadog would add (`terminated_context`,
 * `propagation_behavior_extract`) and the `baggage.<key>` attributes for
 * the keys of `DD_TRACE_BAGGAGE_TAG_KEYS`. No other span gets them.
 *
 * Register it with the tracer provider (`spanProcessors: [...]`) next to
 * the exporting processor.
 */
export class DatadogSpanLinksProcessor {
  onStart(span: Span, parentContext: Context): void {
    try {
      const record = getExtractionRecord(parentContext);
      if (record === undefined || record.consumed) return;
      // Only the span whose parent is the extracted context itself; the
      // record is inherited by every context derived from it.
      if (trace.getSpanContext(parentContext) !== record.parent) return;
      record.consumed = true;
      if (record.links.length > 0 && typeof span.addLinks === 'function') {
        span.addLinks(record.links.slice());
      }
      if (record.attributes !== undefined) {
        span.setAttributes(record.attributes);
      }
    } catch (error) {
      diag.debug('DatadogSpanLinksProcessor: onStart failed', error);
    }
  }

  onEnd(): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
