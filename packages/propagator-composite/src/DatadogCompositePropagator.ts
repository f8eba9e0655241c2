/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import type {
  Attributes,
  Baggage,
  Context,
  Link,
  SpanContext,
  TextMapGetter,
  TextMapPropagator,
  TextMapSetter,
} from '@opentelemetry/api';
import {
  DATADOG_TRACE_STATE_KEY,
  DatadogPropagator,
  decimalIdToHex,
  DECISION_MAKER_TAG,
  diag,
  getTag,
  isTracingSuppressed,
  isValidSpanContextFast,
  isValidSpanContext,
  lastString,
  propagation,
  setPendingRoot,
  setTag,
  trace,
  X_DATADOG_PARENT_ID,
  X_DATADOG_TRACE_ID,
} from './internal/deps';
import { resolvePropagationConfig } from './config';
import {
  LINK_REASON_PROPAGATION_BEHAVIOR_EXTRACT,
  LINK_REASON_TERMINATED_CONTEXT,
  X_AWS_SQSD_ATTR_DATADOG,
} from './constants';
import { DatadogB3MultiPropagator } from './DatadogB3MultiPropagator';
import { DatadogB3SinglePropagator } from './DatadogB3SinglePropagator';
import { DatadogBaggagePropagator } from './DatadogBaggagePropagator';
import { DatadogTraceContextPropagator } from './DatadogTraceContextPropagator';
import { ExtractionRecord, setExtractionRecord } from './extraction';
import { ExtractedContext } from './internal/context';
import { HeaderReader } from './internal/HeaderReader';
import { extractPair } from './internal/pairExtract';
import {
  hasAttachedState,
  injectDatadogHeaders,
  readInjectState,
  readPriority,
  type InjectState,
} from './internal/state';
import { clearOtelThreshold } from './internal/otelMember';
import {
  deleteSubkey,
  parseSubkeys,
  serializeSubkeys,
} from './internal/subkeys';
import type {
  DatadogCompositePropagatorOptions,
  PropagationConfig,
  PropagationStyle,
} from './types';
import { XRayPropagator } from './XRayPropagator';

const ZERO_16 = '0000000000000000';
/** Longest `x-aws-sqsd-attr-_datadog` JSON parsed. */
const MAX_SQSD_LENGTH = 8192;
/** dd-trace's header order within one injection. */
const INJECT_ORDER: readonly PropagationStyle[] = [
  'baggage',
  'datadog',
  'b3multi',
  'b3',
  'tracecontext',
  'xray',
];

const ownPropertyGetter: TextMapGetter = {
  get(carrier, key) {
    const record = carrier as Record<string, unknown>;
    if (!Object.prototype.hasOwnProperty.call(record, key)) return undefined;
    const value = record[key];
    return typeof value === 'string' || Array.isArray(value)
      ? (value as string | string[])
      : undefined;
  },
  keys(carrier) {
    return Object.keys(carrier as object);
  },
};

/**
 * One propagator for every trace-context format Datadog tracers use,
 * configured like dd-trace (`DD_TRACE_PROPAGATION_STYLE` and friends) and
 * extracting like dd-trace: styles are tried in order and the first valid
 * context wins; a later `tracecontext` context of the same trace lends its
 * tracestate and, when span ids differ, its span id as the parent (the
 * Datadog parent is kept as `p`); later contexts of other traces become
 * span links (`reason: terminated_context`). `extractFirst` stops at the
 * first; the `restart` behaviour starts a new trace linked to the
 * extracted one; `ignore` extracts nothing.
 *
 * Not OpenTelemetry's `CompositePropagator`, where the last one wins.
 * Links and baggage attributes reach spans through
 * {@link DatadogSpanLinksProcessor}.
 */
export class DatadogCompositePropagator implements TextMapPropagator {
  /** The resolved settings. */
  readonly config: PropagationConfig;
  private readonly _datadog: DatadogPropagator;
  private readonly _traceContext = new DatadogTraceContextPropagator();
  private readonly _b3Single = new DatadogB3SinglePropagator();
  private readonly _b3Multi = new DatadogB3MultiPropagator();
  private readonly _xray = new XRayPropagator();
  private readonly _baggage: DatadogBaggagePropagator;
  private readonly _injectStyles: readonly PropagationStyle[];
  private readonly _extractStyles: readonly PropagationStyle[];
  private readonly _extractsBaggage: boolean;
  /** Extraction may try the Datadog + W3C pair in one step (see extractPair). */
  private readonly _pairFirst: boolean;
  private readonly _fields: readonly string[];

  constructor(options: DatadogCompositePropagatorOptions = {}) {
    const config = resolvePropagationConfig(options);
    this.config = config;
    this._datadog = new DatadogPropagator({
      tagsMaxLength: config.tagsMaxLength,
    });
    this._baggage = new DatadogBaggagePropagator({
      maxItems: config.baggageMaxItems,
      maxBytes: config.baggageMaxBytes,
    });
    this._injectStyles = INJECT_ORDER.filter(style =>
      config.inject.includes(style)
    );
    this._extractStyles = config.extract.filter(
      style => style !== 'baggage' && style !== 'none'
    );
    this._extractsBaggage = config.extract.includes('baggage');
    const styles = this._extractStyles;
    this._pairFirst =
      styles.length === 2 &&
      styles[0] === 'datadog' &&
      styles[1] === 'tracecontext' &&
      !config.extractFirst &&
      config.extractBehavior === 'continue';
    const fields: string[] = [];
    for (const style of [...config.inject, ...config.extract]) {
      const propagator = this._propagator(style);
      if (propagator === undefined) continue;
      for (const field of propagator.fields()) {
        if (!fields.includes(field)) fields.push(field);
      }
    }
    this._fields = fields;
  }

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    try {
      if (isTracingSuppressed(context)) return;
      let spanContext = trace.getSpanContext(context);
      if (spanContext !== undefined && !isValidSpanContextFast(spanContext)) {
        spanContext = undefined;
      }
      let state: InjectState | undefined;
      let priority: number | undefined;
      for (const style of this._injectStyles) {
        try {
          if (style === 'baggage') {
            this._baggage.injectBaggage(
              propagation.getBaggage(context),
              carrier,
              setter
            );
            continue;
          }
          if (spanContext === undefined) continue;
          if (style === 'xray') {
            this._xray.injectSpanContext(spanContext, carrier, setter);
            continue;
          }
          // One read of the Datadog state serves every style that needs it.
          if (style === 'datadog') {
            if (state === undefined && hasAttachedState(spanContext)) {
              // DatadogPropagator reads attached values as they are (and
              // reuses what it kept of the headers it extracted).
              this._datadog.injectSpanContext(spanContext, carrier, setter);
              continue;
            }
            state ??= readInjectState(spanContext);
            injectDatadogHeaders(
              spanContext,
              state,
              this.config.tagsMaxLength,
              carrier,
              setter
            );
          } else if (style === 'tracecontext') {
            // Without a state read already, it may take its one-pass path.
            this._traceContext.injectSpanContext(
              spanContext,
              carrier,
              setter,
              state
            );
          } else {
            priority ??= state?.priority ?? readPriority(spanContext);
            (style === 'b3' ? this._b3Single : this._b3Multi).injectSpanContext(
              spanContext,
              carrier,
              setter,
              context,
              priority
            );
          }
        } catch (error) {
          diag.debug(
            `DatadogCompositePropagator: ${style} inject failed`,
            error
          );
        }
      }
    } catch (error) {
      diag.debug('DatadogCompositePropagator: inject failed', error);
    }
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    try {
      return this._extract(context, carrier, getter);
    } catch (error) {
      diag.debug('DatadogCompositePropagator: extract failed', error);
      return context;
    }
  }

  /** Header names of the configured styles, inject and extract. */
  fields(): string[] {
    return this._fields.slice();
  }

  private _propagator(style: PropagationStyle): TextMapPropagator | undefined {
    switch (style) {
      case 'datadog':
        return this._datadog;
      case 'tracecontext':
        return this._traceContext;
      case 'b3':
        return this._b3Single;
      case 'b3multi':
        return this._b3Multi;
      case 'xray':
        return this._xray;
      case 'baggage':
        return this._baggage;
      default:
        return undefined;
    }
  }

  private _extract(
    context: Context,
    carrier: unknown,
    getter: TextMapGetter
  ): Context {
    const { extractBehavior, extractFirst } = this.config;
    if (extractBehavior === 'ignore') return context;
    const reader = new HeaderReader(carrier, getter);
    let datadogSpan: SpanContext | undefined;
    if (this._pairFirst) {
      datadogSpan = this._datadog.extractSpanContext(
        undefined,
        reader.asGetter()
      );
      const pair =
        datadogSpan === undefined
          ? undefined
          : extractPair(datadogSpan, reader);
      if (pair !== undefined) {
        return this._withBaggage(
          trace.setSpanContext(context, pair),
          pair,
          undefined,
          reader
        );
      }
    }

    let selected: ExtractedContext | undefined;
    let selectedStyle: PropagationStyle | undefined;
    let datadog: ExtractedContext | undefined;
    let w3c: ExtractedContext | undefined;
    let w3cRead = false;
    let terminated: Array<[ExtractedContext, PropagationStyle]> | undefined;

    for (const style of this._extractStyles) {
      let found: ExtractedContext | undefined;
      if (style === 'datadog') {
        // Read already when the pair was tried.
        datadog = this._pairFirst
          ? datadogSpan && ExtractedContext.fromDatadog(datadogSpan)
          : this._extractDatadog(reader);
        found = datadog;
        if (datadog !== undefined && !extractFirst) {
          if (!w3cRead) {
            w3c = this._traceContext.extractContext(reader);
            w3cRead = true;
          }
          attachTraceContext(
            selected !== undefined && selected !== w3c ? selected : datadog,
            w3c
          );
        }
      } else if (style === 'tracecontext') {
        if (!w3cRead) {
          w3c = this._traceContext.extractContext(reader);
          w3cRead = true;
        }
        found = w3c;
      } else if (style === 'b3') {
        found = this._b3Single.extractContext(reader);
      } else if (style === 'b3multi') {
        found = this._b3Multi.extractContext(reader);
      } else {
        found = this._xray.extractContext(reader);
      }
      if (found === undefined) continue;
      if (selected === undefined) {
        selected = found;
        selectedStyle = style;
        if (extractFirst) break;
        continue;
      }
      if (style === 'tracecontext') {
        resolveTraceContextConflicts(found, selected, reader, datadog);
      }
      if (found.traceId !== selected.traceId) {
        (terminated ??= []).push([found, style]);
      }
    }
    if (selected === undefined && extractBehavior === 'continue') {
      selected = this._extractSqsd(reader);
      selectedStyle = 'datadog';
    }

    let result = context;
    if (selected === undefined && extractBehavior === 'continue') {
      result = this._withPendingRoot(context, reader);
    }
    let parent = undefined;
    let links: Link[] | undefined;
    if (selected !== undefined) {
      if (selected.manual && selected.traceState !== undefined) {
        selected.setTraceState(clearOtelThreshold(selected.traceState));
      }
      const spanContext = selected.toSpanContext();
      if (extractBehavior === 'restart') {
        // The SDK starts a new trace when the context holds no span; the
        // extracted one is only linked.
        result = trace.deleteSpan(context);
        links = [
          {
            context: spanContext,
            attributes: {
              reason: LINK_REASON_PROPAGATION_BEHAVIOR_EXTRACT,
              context_headers: selectedStyle as string,
            },
          },
        ];
      } else {
        result = trace.setSpanContext(context, spanContext);
        parent = spanContext;
        if (terminated !== undefined) {
          links = terminated.map(([linked, style]) => ({
            context: linked.toSpanContext(),
            attributes: {
              reason: LINK_REASON_TERMINATED_CONTEXT,
              context_headers: style,
            },
          }));
        }
      }
    }

    return this._withBaggage(result, parent, links, reader);
  }

  /** Adds baggage, and the record of links and baggage tags. */
  private _withBaggage(
    context: Context,
    parent: SpanContext | undefined,
    links: Link[] | undefined,
    reader: HeaderReader
  ): Context {
    let result = context;
    let attributes: Attributes | undefined;
    if (this._extractsBaggage) {
      const baggage = this._baggage.extractBaggage(reader);
      if (baggage !== undefined) {
        result = propagation.setBaggage(result, baggage);
        if (parent !== undefined) attributes = this._baggageTags(baggage);
      }
    }
    if (links !== undefined || attributes !== undefined) {
      result = setExtractionRecord(
        result,
        new ExtractionRecord(parent, links ?? [], attributes)
      );
    }
    return result;
  }

  /** `baggage.<key>` attributes for the keys of `baggageTagKeys`. */
  private _baggageTags(baggage: Baggage): Attributes | undefined {
    const keys = this.config.baggageTagKeys;
    if (keys.length === 0) return undefined;
    const all = keys.includes('*');
    let attributes: Attributes | undefined;
    for (const [key, entry] of baggage.getAllEntries()) {
      if (all || keys.includes(key)) {
        (attributes ??= {})['baggage.' + key] = entry.value;
      }
    }
    return attributes;
  }

  /**
   * No style gave a context: Datadog headers with parent id `0` (Synthetics)
   * leave a trace for the next root span to continue (DatadogIdGenerator),
   * unless the context already holds the span that would be the parent.
   */
  private _withPendingRoot(context: Context, reader: HeaderReader): Context {
    if (!this._extractStyles.includes('datadog')) return context;
    // Checked first: most requests without a context have no Datadog headers.
    if (lastString(reader.get(X_DATADOG_PARENT_ID)) !== '0') return context;
    const current = trace.getSpanContext(context);
    if (current !== undefined && isValidSpanContext(current)) return context;
    const pending = this._datadog.extractPendingRoot(
      undefined,
      reader.asGetter()
    );
    return pending === undefined ? context : setPendingRoot(context, pending);
  }

  /** The Datadog headers through DatadogPropagator. */
  private _extractDatadog(reader: HeaderReader): ExtractedContext | undefined {
    const spanContext = this._datadog.extractSpanContext(
      undefined,
      reader.asGetter()
    );
    return spanContext === undefined
      ? undefined
      : ExtractedContext.fromDatadog(spanContext);
  }

  /**
   * Elastic Beanstalk worker fallback: Datadog headers (and W3C ones) as
   * JSON in `x-aws-sqsd-attr-_datadog`, read only when no style matched.
   */
  private _extractSqsd(reader: HeaderReader): ExtractedContext | undefined {
    const value = lastString(reader.get(X_AWS_SQSD_ATTR_DATADOG));
    if (value === undefined || value.length > MAX_SQSD_LENGTH) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return undefined;
    }
    if (
      parsed === null ||
      typeof parsed !== 'object' ||
      Array.isArray(parsed)
    ) {
      return undefined;
    }
    const inner = new HeaderReader(parsed, ownPropertyGetter);
    const context = this._extractDatadog(inner);
    if (context !== undefined && !this.config.extractFirst) {
      attachTraceContext(context, this._traceContext.extractContext(inner));
    }
    return context;
  }
}

/**
 * Gives a Datadog context the tracestate (and traceparent version) of a
 * W3C context whose trace id has the same low 64 bits.
 */
function attachTraceContext(
  target: ExtractedContext,
  w3c: ExtractedContext | undefined
): void {
  if (w3c === undefined || !sameLow64(w3c.traceId, target.traceId)) return;
  target.version = w3c.version;
  mergeTraceContextState(w3c, target);
}

/**
 * Merges W3C sampling state into the selected context: a context without
 * a priority takes the W3C one (and its decision maker); one whose
 * decision is not probabilistic or disagrees keeps its own, and the
 * upstream `t.dm` is dropped so it does not describe the wrong decision.
 */
function mergeTraceContextState(
  w3c: ExtractedContext,
  selected: ExtractedContext
): void {
  const priority = selected.priority;
  if (priority === undefined) {
    const w3cPriority = w3c.priority as number;
    const tags = selected.state().tags.slice();
    const decisionMaker = getTag(w3c.state().tags, DECISION_MAKER_TAG);
    if (decisionMaker !== undefined) {
      setTag(tags, DECISION_MAKER_TAG, decisionMaker);
    } else {
      removeTag(tags, DECISION_MAKER_TAG);
    }
    selected.update({ priority: w3cPriority, tags });
  } else if (selected.manual || priority >= 1 !== w3c.sampled) {
    // A W3C priority is at least 1 exactly when its flag says sampled.
    selected.manual = true;
    const traceState = w3c.traceState;
    const member = traceState?.get(DATADOG_TRACE_STATE_KEY);
    if (traceState !== undefined && member !== undefined) {
      const list = parseSubkeys(member);
      if (deleteSubkey(list, 't.dm')) {
        const value = serializeSubkeys(list);
        // The W3C context keeps the state it was read with.
        w3c.setTraceState(
          value.length === 0
            ? traceState.unset(DATADOG_TRACE_STATE_KEY)
            : traceState.setUnchecked(DATADOG_TRACE_STATE_KEY, value)
        );
      }
    }
  }
  selected.setTraceState(w3c.traceState, w3c);
}

/**
 * A later `tracecontext` context of the same (128-bit) trace: merge its
 * state and, when its span id differs, make it the parent and remember the
 * Datadog one as the last Datadog parent (`p` from tracestate, else the
 * Datadog headers' parent id).
 */
function resolveTraceContextConflicts(
  w3c: ExtractedContext,
  selected: ExtractedContext,
  reader: HeaderReader,
  datadog: ExtractedContext | undefined
): void {
  if (w3c.traceId !== selected.traceId) return;
  // Merged already when the Datadog context was read (merging is
  // idempotent: the second time would change nothing).
  if (!selected.mergedFrom(w3c)) mergeTraceContextState(w3c, selected);
  if (w3c.spanId === selected.spanId) return;
  const parentId =
    w3c.state().parentId ?? datadog?.spanId ?? readDatadogParent(reader);
  if (parentId !== undefined) selected.update({ parentId });
  selected.spanId = w3c.spanId;
  selected.spanContext = undefined;
}

/** The Datadog parent id (16 hex) when the Datadog headers hold ids. */
function readDatadogParent(reader: HeaderReader): string | undefined {
  const traceId = lastString(reader.get(X_DATADOG_TRACE_ID));
  const parentId = lastString(reader.get(X_DATADOG_PARENT_ID));
  if (traceId === undefined || parentId === undefined) return undefined;
  const low = decimalIdToHex(traceId);
  if (low === undefined || low === ZERO_16) return undefined;
  return decimalIdToHex(parentId);
}

/** Whether two 32-hex trace ids have the same low 64 bits. */
function sameLow64(a: string, b: string): boolean {
  for (let i = 16; i < 32; i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  }
  return true;
}

function removeTag(tags: string[], key: string): void {
  for (let i = 0; i < tags.length; i += 2) {
    if (tags[i] === key) {
      tags.splice(i, 2);
      return;
    }
  }
}
