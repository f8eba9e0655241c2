/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Step Functions StartExecution / StartSyncExecution: `_datadog` in the JSON
// input, where the state machine sees it as `$$.Execution.Input._datadog`
// and Datadog's Lambda library continues the trace from it.

import { diag } from '@opentelemetry/api';
import type { InjectOptions } from '../types';
import { addJsonField } from './jsonObject';
import { crossesLimit, KIB, utf8Length } from './limits';
import { headersToInject } from './traceHeaders';

/** Execution input is capped at 256 KiB. */
const INPUT_LIMITS = [256 * KIB];

/** The fields of a `StartExecution` (or `StartSyncExecution`) input read here. */
export interface StepFunctionsStartExecutionInput {
  stateMachineArn?: string;
  input?: string;
}

/**
 * Returns a copy of a `StartExecution` input whose JSON `input` has
 * `_datadog`; the input itself when it cannot (no span context, no JSON
 * object input, size limit).
 */
export function injectStepFunctionsStartExecution<
  T extends StepFunctionsStartExecutionInput,
>(input: T, options: InjectOptions = {}): T & StepFunctionsStartExecutionInput {
  const operation = 'Step Functions StartExecution';
  if (typeof input.input !== 'string') {
    diag.debug(`${operation}: no input to carry the trace context`);
    return input;
  }
  const headers = headersToInject(options, operation);
  if (headers === undefined) return input;
  const injected = addJsonField(input.input, '_datadog', headers);
  if (injected === undefined) {
    diag.debug(`${operation}: input is not a JSON object; left unchanged`);
    return input;
  }
  return crossesLimit(
    utf8Length(input.input),
    utf8Length(injected),
    INPUT_LIMITS,
    operation
  )
    ? input
    : { ...input, input: injected };
}
