/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The `ot` tracestate member (OpenTelemetry consistent-probability
// sampling, `ot=rv:<14 hex>;th:<1-14 hex>`) is forwarded, but, as in
// dd-trace, malformed `rv`/`th` fields are removed on the way in, and `th`
// is removed once a decision is no longer probabilistic.

import type { W3CTraceState } from '@otel-dd/propagator-datadog';
import {
  deleteSubkey,
  getSubkey,
  parseSubkeys,
  serializeSubkeys,
  type SubkeyList,
} from './subkeys';

const OT = 'ot';

function isLowerHex(value: string, min: number, max: number): boolean {
  if (value.length < min || value.length > max) return false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 48 || code > 57) && (code < 97 || code > 102)) return false;
  }
  return true;
}

function sanitize(list: SubkeyList): boolean {
  let changed = false;
  const rv = getSubkey(list, 'rv');
  if (rv !== undefined && !isLowerHex(rv, 14, 14)) {
    changed = deleteSubkey(list, 'rv');
  }
  const th = getSubkey(list, 'th');
  if (th !== undefined && !isLowerHex(th, 1, 14)) {
    changed = deleteSubkey(list, 'th') || changed;
  }
  return changed;
}

/** An updated `ot` member moves first, as dd-trace's tracestate does. */
function update(
  traceState: W3CTraceState,
  original: string,
  list: SubkeyList
): W3CTraceState {
  const value = serializeSubkeys(list);
  if (value === original) return traceState;
  return value.length === 0
    ? traceState.unset(OT)
    : traceState.setUnchecked(OT, value);
}

/** Removes malformed `rv`/`th` fields from an incoming `ot` member. */
export function normalizeOtelMember(traceState: W3CTraceState): W3CTraceState {
  const original = traceState.get(OT);
  if (original === undefined) return traceState;
  const list = parseSubkeys(original);
  return sanitize(list) ? update(traceState, original, list) : traceState;
}

/** Drops `th` after a non-probabilistic decision. */
export function clearOtelThreshold(traceState: W3CTraceState): W3CTraceState {
  const original = traceState.get(OT);
  if (original === undefined) return traceState;
  const list = parseSubkeys(original);
  const changed = sanitize(list);
  return deleteSubkey(list, 'th') || changed
    ? update(traceState, original, list)
    : traceState;
}
