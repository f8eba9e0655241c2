/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import { diag } from '@opentelemetry/api';
import type { Environment } from '@otel-dd/propagator-datadog';

/**
 * Reads a boolean setting the way Datadog's Lambda library and dd-trace do:
 * `true`/`false` in any case (and dd-trace's `1`/`0`). Anything else gives
 * one `diag.warn` naming the variable and the default used instead.
 */
export function readBoolean(
  env: Environment,
  name: string,
  defaultValue: boolean
): boolean {
  const raw = env[name];
  if (raw === undefined) return defaultValue;
  const value = raw.trim().toLowerCase();
  if (value === '') return defaultValue;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  diag.warn(
    `${name}=${JSON.stringify(raw)} is not true or false; using ${defaultValue}`
  );
  return defaultValue;
}

/** A non-empty, trimmed string setting, else undefined. */
export function readString(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}
