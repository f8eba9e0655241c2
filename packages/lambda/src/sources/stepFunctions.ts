/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Step Functions context objects (`$$` merged into a task's payload, or
// Datadog's JSONata `_datadog` object): which payload kind it is and where
// its ids come from. The ids themselves are SHA-256 based and computed in
// a module loaded only when a context object is found.

import type { Context } from '@opentelemetry/api';
import {
  isPlainObject,
  own,
  ownObject,
  ownString,
} from '../internal/plainData';
import type * as StepFunctionsIdsModule from './stepFunctionsIds';

/** What a Step Functions context object says about the current state. */
export interface StepFunctionsState {
  executionId: string;
  stateName: string;
  stateEnteredTime: string;
  /** `State.RetryCount` as written, `"0"` when absent. */
  retryCount: string;
  /** `Execution.RedriveCount` as written, `"0"` when absent. */
  redriveCount: string;
  /**
   * Where the trace id comes from: a hash of this execution (`legacy`), of
   * the outermost execution (`root`), or a Datadog trace that started the
   * state machine (`upstream`).
   */
  kind: 'legacy' | 'root' | 'upstream';
  /** `RootExecutionId`, for the `root` kind. */
  rootExecutionId?: string;
  /** Decimal `x-datadog-trace-id`, for the `upstream` kind. */
  upstreamTraceId?: string;
  /** `x-datadog-tags`, for the `upstream` kind. */
  upstreamTags?: string;
}

/**
 * Finds a Step Functions context object in `value`, looking through a
 * `Payload` wrapper (legacy Lambda task integration) and a `_datadog` object
 * (JSONata payloads), in Datadog's order.
 */
export function findStepFunctionsState(
  value: unknown
): StepFunctionsState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  let candidate: unknown = value;
  const payload = own(candidate, 'Payload');
  if (typeof own(payload, '_datadog') === 'object' || hasStateFields(payload)) {
    candidate = payload;
  }
  const datadog = own(candidate, '_datadog');
  if (typeof datadog === 'object') candidate = datadog;
  if (!hasStateFields(candidate)) return undefined;

  const execution = ownObject(candidate, 'Execution') as object;
  const state = ownObject(candidate, 'State') as object;
  const retryCount = countOf(own(state, 'RetryCount'));
  const redriveCount = countOf(own(execution, 'RedriveCount'));
  if (retryCount === undefined || redriveCount === undefined) return undefined;
  const common = {
    executionId: ownString(execution, 'Id') as string,
    stateName: ownString(state, 'Name') as string,
    stateEnteredTime: ownString(state, 'EnteredTime') as string,
    retryCount,
    redriveCount,
  };

  if (own(candidate, 'serverless-version') === 'v1') {
    const rootExecutionId = ownString(candidate, 'RootExecutionId');
    if (rootExecutionId !== undefined) {
      return { ...common, kind: 'root', rootExecutionId };
    }
    const upstream = upstreamTrace(candidate);
    return upstream === undefined
      ? undefined
      : { ...common, kind: 'upstream', ...upstream };
  }
  // A trace that started this execution (dd-trace injects `_datadog` into
  // StartExecution's input) gives the trace id.
  const upstream = upstreamTrace(
    own(ownObject(execution, 'Input'), '_datadog')
  );
  return upstream === undefined
    ? { ...common, kind: 'legacy' }
    : { ...common, kind: 'upstream', ...upstream };
}

function hasStateFields(value: unknown): boolean {
  const execution = ownObject(value, 'Execution');
  const state = ownObject(value, 'State');
  return (
    ownString(execution, 'Id') !== undefined &&
    ownString(state, 'EnteredTime') !== undefined &&
    ownString(state, 'Name') !== undefined
  );
}

/** A retry or redrive count: as written, `"0"` when absent. */
function countOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return '0';
  if (typeof value === 'number' || typeof value === 'string') {
    return String(value);
  }
  return undefined;
}

function upstreamTrace(
  value: unknown
): { upstreamTraceId: string; upstreamTags: string } | undefined {
  if (!isPlainObject(value)) return undefined;
  const upstreamTraceId = ownString(value, 'x-datadog-trace-id');
  const upstreamTags = ownString(value, 'x-datadog-tags');
  return upstreamTraceId === undefined || upstreamTags === undefined
    ? undefined
    : { upstreamTraceId, upstreamTags };
}

let idsModule: typeof StepFunctionsIdsModule | undefined;

function loadIds(): typeof StepFunctionsIdsModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./stepFunctionsIds') as typeof StepFunctionsIdsModule;
}

/**
 * The parent context for a Step Functions context object in `value`, or
 * undefined. The hashing module (and `node:crypto`) load on first use.
 */
export function extractFromStepFunctions(value: unknown): Context | undefined {
  const state = findStepFunctionsState(value);
  if (state === undefined) return undefined;
  idsModule ??= loadIds();
  return idsModule.contextFromStepFunctionsState(state);
}
