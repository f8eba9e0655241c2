/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The ids Datadog's backend gives the spans it builds from Step Functions
// execution logs, so that a Lambda task's span is the child of its state.

import type { Context } from '@opentelemetry/api';
import {
  DEFAULT_TAGS_MAX_LENGTH,
  hexIdToDecimal,
  isHex,
} from '@otel-dd/propagator-datadog';
import * as crypto from 'node:crypto';
import { contextFromDatadogIds } from '../propagation';
import type { StepFunctionsState } from './stepFunctions';

/** Digest bytes 0..7: span ids and `_dd.p.tid`. */
export const HASH_HIGH = 0;
/** Digest bytes 8..15: the low 64 bits of trace ids. */
export const HASH_LOW = 8;

/** `crypto.hash` (Node.js 20.12+, 21.7+): one call, no Hash object. */
const oneShotHash = (
  crypto as {
    hash?: (algorithm: string, data: string, encoding: 'buffer') => Buffer;
  }
).hash;

/** SHA-256 of the UTF-8 text. */
function sha256(text: string): Buffer {
  return oneShotHash !== undefined
    ? oneShotHash('sha256', text, 'buffer')
    : crypto.createHash('sha256').update(text, 'utf8').digest();
}

/**
 * 63-bit id from SHA-256 of the UTF-8 text: 8 bytes of the digest read
 * big-endian with the top bit cleared; zero becomes one. 16 hex digits.
 */
export function hashId(
  text: string,
  part: typeof HASH_HIGH | typeof HASH_LOW
): string {
  return idFromDigest(sha256(text), part);
}

/** hashId, from the digest. */
function idFromDigest(
  digest: Buffer,
  part: typeof HASH_HIGH | typeof HASH_LOW
): string {
  const high = digest.readUInt32BE(part) & 0x7fffffff;
  const low = digest.readUInt32BE(part + 4);
  if (high === 0 && low === 0) return '0000000000000001';
  return hex8(high) + hex8(low);
}

function hex8(value: number): string {
  return value.toString(16).padStart(8, '0');
}

/** The parent context of a Lambda run by the state `state` describes. */
export function contextFromStepFunctionsState(
  state: StepFunctionsState
): Context | undefined {
  // Retries and redrives are separate state spans; the suffix is omitted
  // for the first attempt so that ids match older Datadog releases.
  const suffix =
    state.retryCount !== '0' || state.redriveCount !== '0'
      ? `#${state.retryCount}#${state.redriveCount}`
      : '';
  const parentId = hexIdToDecimal(
    hashId(
      `${state.executionId}#${state.stateName}#${state.stateEnteredTime}${suffix}`,
      HASH_HIGH
    )
  ) as string;

  if (state.kind === 'upstream') {
    return contextFromDatadogIds({
      traceId: state.upstreamTraceId as string,
      parentId,
      priority: 1,
      tid: tidFromTags(state.upstreamTags as string),
    });
  }
  const traceSeed =
    state.kind === 'root'
      ? (state.rootExecutionId as string)
      : state.executionId;
  // Both halves of the trace id come from one digest.
  const digest = sha256(traceSeed);
  return contextFromDatadogIds({
    traceId: hexIdToDecimal(idFromDigest(digest, HASH_LOW)) as string,
    parentId,
    priority: 1,
    tid: idFromDigest(digest, HASH_HIGH),
  });
}

/**
 * `_dd.p.tid` from an `x-datadog-tags` value, used as the hex it is (Datadog's
 * Lambda library re-reads it as decimal, which truncates it; not copied).
 */
function tidFromTags(tags: string): string | undefined {
  // Bounded as x-datadog-tags headers are, before it is split.
  if (tags.length > DEFAULT_TAGS_MAX_LENGTH) return undefined;
  for (const member of tags.split(',', 64)) {
    if (member.startsWith('_dd.p.tid=')) {
      const tid = member.slice('_dd.p.tid='.length);
      return isHex(tid, 16) ? tid.toLowerCase() : undefined;
    }
  }
  return undefined;
}
