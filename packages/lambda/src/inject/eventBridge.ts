/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// EventBridge PutEvents: `_datadog` inside the entry's JSON `Detail`
// (`TraceHeader` belongs to X-Ray), first entry only unless batch
// propagation is on, as dd-trace does.

import type { BatchInjectOptions } from '../types';
import { injectsEveryEntry } from './batchPropagation';
import { addJsonField } from './jsonObject';
import { crossesLimit, KIB, MIB, utf8Length } from './limits';
import { diag } from '@opentelemetry/api';
import { headersToInject } from './traceHeaders';

/** PutEvents requests were capped at 256 KiB, now 1 MiB. */
const PUT_EVENTS_LIMITS = [256 * KIB, MIB];

/** The fields of a `PutEvents` entry read here. */
export interface EventBridgePutEventsEntry {
  EventBusName?: string;
  Detail?: string;
  DetailType?: string;
  Source?: string;
  Resources?: string[];
  Time?: Date;
}

/** The fields of an EventBridge `PutEvents` input read here. */
export interface EventBridgePutEventsInput {
  Entries?: EventBridgePutEventsEntry[];
}

/** Entry size as EventBridge computes it (14 bytes for a `Time`). */
function entryLength(entry: EventBridgePutEventsEntry): number {
  let length = entry.Time == null ? 0 : 14;
  length += utf8Length(entry.Source) + utf8Length(entry.DetailType);
  length += utf8Length(entry.Detail);
  for (const resource of entry.Resources ?? []) length += utf8Length(resource);
  return length;
}

/**
 * Returns a copy of a `PutEvents` input whose first entry (every entry with
 * batch propagation) has `_datadog` in its `Detail`; the input itself when
 * none can take it (no span context, `Detail` not a JSON object, size).
 */
export function injectEventBridgePutEvents<T extends EventBridgePutEventsInput>(
  input: T,
  options: BatchInjectOptions = {}
): T & EventBridgePutEventsInput {
  const operation = 'EventBridge PutEvents';
  const entries = input.Entries;
  if (!Array.isArray(entries) || entries.length === 0) return input;
  const headers = headersToInject(options, operation);
  if (headers === undefined) return input;
  const count = injectsEveryEntry(options, 'EVENTBRIDGE') ? entries.length : 1;
  const injected = entries.slice();
  let changed = false;
  for (let i = 0; i < count; i++) {
    const entry = entries[i];
    const detail =
      typeof entry?.Detail === 'string'
        ? addJsonField(entry.Detail, '_datadog', headers)
        : undefined;
    if (detail === undefined) {
      diag.debug(`${operation}: entry ${i} has no JSON object Detail`);
      continue;
    }
    injected[i] = { ...entry, Detail: detail };
    changed = true;
  }
  if (!changed) return input;
  let before = 0;
  let after = 0;
  for (let i = 0; i < entries.length; i++) {
    before += entryLength(entries[i]);
    after += entryLength(injected[i]);
  }
  return crossesLimit(before, after, PUT_EVENTS_LIMITS, operation)
    ? input
    : { ...input, Entries: injected };
}
