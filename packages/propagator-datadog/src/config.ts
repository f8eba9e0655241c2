/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import { diag } from '@opentelemetry/api';
import { DEFAULT_TAGS_MAX_LENGTH } from './constants';

/** An environment such as `process.env`. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** The environment a propagator reads when its options leave a setting out. */
export function defaultEnvironment(): Environment {
  return typeof process === 'object' && process.env ? process.env : {};
}

/**
 * Parses a non-negative integer setting from the environment. Invalid
 * values produce one `diag.warn` naming the variable, the value and the
 * default used instead.
 */
export function readNonNegativeInteger(
  env: Environment,
  name: string,
  defaultValue: number
): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return defaultValue;
  const value = Number(raw.trim());
  if (Number.isInteger(value) && value >= 0) return value;
  diag.warn(
    `${name}=${JSON.stringify(raw)} is not a non-negative integer; using ${defaultValue}`
  );
  return defaultValue;
}

/**
 * The `x-datadog-tags` length limit: the option, else
 * `DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH`, else 512. Zero disables the header.
 */
export function resolveTagsMaxLength(
  option: number | undefined,
  env: Environment = defaultEnvironment()
): number {
  if (option !== undefined) {
    if (Number.isInteger(option) && option >= 0) return option;
    diag.warn(
      `tagsMaxLength=${String(option)} is not a non-negative integer; using ${DEFAULT_TAGS_MAX_LENGTH}`
    );
    return DEFAULT_TAGS_MAX_LENGTH;
  }
  return readNonNegativeInteger(
    env,
    'DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH',
    DEFAULT_TAGS_MAX_LENGTH
  );
}
