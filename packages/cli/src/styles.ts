/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import {
  isPropagationStyleName,
  type PropagationStyleName,
} from '@otel-dd/propagator-composite';
import { UsageError } from './UsageError';

/** A comma-separated style list from the command line, checked. */
export function parseStyles(
  option: string,
  value: string | undefined
): PropagationStyleName[] | undefined {
  if (value === undefined) return undefined;
  const styles = value
    .split(',')
    .map(style => style.trim())
    .filter(style => style.length > 0);
  if (styles.length === 0)
    throw new UsageError(`${option} needs at least one style`);
  for (const style of styles) {
    if (!isPropagationStyleName(style)) {
      throw new UsageError(
        `unknown style ${JSON.stringify(style)} in ${option} (known: datadog, tracecontext, b3, b3multi, baggage, xray, none)`
      );
    }
  }
  // Checked above; the composite reads names in any case.
  return styles as PropagationStyleName[];
}
