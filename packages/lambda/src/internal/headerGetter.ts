/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import type { TextMapGetter } from '@opentelemetry/api';
import { own } from './plainData';

/**
 * Reads a header map parsed from an event: own keys only; string values and
 * arrays (the propagators pick strings out of them); anything else is
 * absent. Header maps written by Datadog tracers use lowercase names; the
 * propagators look for other spellings through `keys`.
 */
export const headerMapGetter: TextMapGetter<unknown> = {
  keys(carrier: unknown): string[] {
    return typeof carrier === 'object' && carrier !== null
      ? Object.keys(carrier)
      : [];
  },
  get(carrier: unknown, key: string): string | string[] | undefined {
    const value = own(carrier, key);
    if (typeof value === 'string') return value;
    return Array.isArray(value) ? (value as string[]) : undefined;
  },
};
