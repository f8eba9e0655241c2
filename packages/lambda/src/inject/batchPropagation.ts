/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import { defaultEnvironment } from '@otel-dd/propagator-datadog';
import { readBoolean } from '../config';
import type { BatchInjectOptions } from '../types';

/**
 * Whether a batch helper injects into every entry, with dd-trace's settings:
 * the option, else `DD_TRACE_AWS_SDK_<SERVICE>_BATCH_PROPAGATION_ENABLED`,
 * else `DD_TRACE_AWS_SDK_BATCH_PROPAGATION_ENABLED`, else false (first
 * entry only, where Datadog consumers look).
 */
export function injectsEveryEntry(
  options: BatchInjectOptions,
  service: 'SQS' | 'SNS' | 'EVENTBRIDGE' | 'KINESIS'
): boolean {
  if (options.batchPropagation !== undefined) return options.batchPropagation;
  const env = options.env ?? defaultEnvironment();
  const specific = `DD_TRACE_AWS_SDK_${service}_BATCH_PROPAGATION_ENABLED`;
  const value = env[specific];
  return value !== undefined && value.trim() !== ''
    ? readBoolean(env, specific, false)
    : readBoolean(env, 'DD_TRACE_AWS_SDK_BATCH_PROPAGATION_ENABLED', false);
}
