/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Two conversions of an X-Ray trace header (`Root=1-<time>-<24 hex>;
// Parent=<16 hex>;Sampled=<n>`) to Datadog ids, as Datadog's Lambda library
// does them. They give different trace ids; neither is OpenTelemetry's own
// X-Ray mapping (time and unique part as one 128-bit id).

import type { Context } from '@opentelemetry/api';
import { hexIdToDecimal, isHex } from '@otel-dd/propagator-datadog';
import { contextFromDatadogIds } from '../propagation';

/** X-Ray trace headers are short; anything longer is not read. */
const MAX_HEADER_LENGTH = 256;
/** Marks a root whose unique part was written by a Datadog tracer. */
const DATADOG_ROOT_PADDING = '00000000';

interface TraceHeaderParts {
  /** The 24 hex digits after the time in `Root`. */
  unique: string;
  /** `Parent`, 16 hex digits. */
  parent: string;
  /** `Sampled`, as written. */
  sampled: string;
}

/**
 * Splits a header positionally, as Datadog does (`Root`, `Parent`, `Sampled`
 * first, in that order; later parts such as `Lineage` ignored), checking
 * names and hex widths.
 */
function parseTraceHeader(header: unknown): TraceHeaderParts | undefined {
  if (typeof header !== 'string' || header.length > MAX_HEADER_LENGTH) {
    return undefined;
  }
  const parts = header.split(';', 3);
  if (parts.length < 3) return undefined;
  const root = valueOf(parts[0], 'Root');
  const parent = valueOf(parts[1], 'Parent');
  const sampled = valueOf(parts[2], 'Sampled');
  if (root === undefined || parent === undefined || sampled === undefined) {
    return undefined;
  }
  const rootParts = root.split('-');
  if (rootParts.length !== 3 || !isHex(rootParts[2], 24)) return undefined;
  if (!isHex(parent, 16)) return undefined;
  return { unique: rootParts[2].toLowerCase(), parent, sampled };
}

function valueOf(part: string, name: string): string | undefined {
  const trimmed = part.trim();
  return trimmed.length > name.length &&
    trimmed.startsWith(name) &&
    trimmed.charCodeAt(name.length) === 0x3d /* = */
    ? trimmed.slice(name.length + 1)
    : undefined;
}

/**
 * A header whose unique part starts with eight zeros carries a Datadog
 * trace: its last 16 hex digits are the trace id, `Parent` the span id and
 * `Sampled` the sampling priority. This is how dd-trace-java propagates
 * through SQS's `AWSTraceHeader`. Other headers give undefined.
 */
export function contextFromDatadogTraceHeader(
  header: unknown
): Context | undefined {
  const parts = parseTraceHeader(header);
  if (parts === undefined || !parts.unique.startsWith(DATADOG_ROOT_PADDING)) {
    return undefined;
  }
  const traceId = hexIdToDecimal(parts.unique, 8);
  const parentId = hexIdToDecimal(parts.parent);
  if (traceId === undefined || parentId === undefined) return undefined;
  return contextFromDatadogIds({
    traceId,
    parentId,
    priority: parseSampled(parts.sampled),
  });
}

/**
 * Datadog's generic X-Ray mapping (`DD_MERGE_XRAY_TRACES`): the trace id is
 * the low 63 bits of the unique part, the span id `Parent`, and `Sampled=1`
 * means USER_KEEP (2), anything else USER_REJECT (-1).
 */
export function contextFromXrayTraceHeader(
  header: unknown
): Context | undefined {
  const parts = parseTraceHeader(header);
  if (parts === undefined) return undefined;
  // Clear the top bit of the low 64 bits: the value modulo 2^63.
  const low = parts.unique.slice(8);
  const top = (parseInt(low.charAt(0), 16) & 0x7).toString(16);
  const traceId = hexIdToDecimal(top + low.slice(1));
  const parentId = hexIdToDecimal(parts.parent);
  if (traceId === undefined || parentId === undefined) return undefined;
  return contextFromDatadogIds({
    traceId,
    parentId,
    priority: parts.sampled === '1' ? 2 : -1,
  });
}

/** `Sampled` as an integer priority (`1`, `0`); undefined otherwise. */
function parseSampled(sampled: string): number | undefined {
  return sampled === '1' ? 1 : sampled === '0' ? 0 : undefined;
}
