/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Synchronous Lambda invocations can pass a client context; dd-trace writes
// its headers straight into `custom`, others use `custom._datadog`.

import type { Context, TextMapPropagator } from '@opentelemetry/api';
import { own, ownObject } from '../internal/plainData';
import { extractHeaderMap } from '../propagation';

/** Context from the handler's Lambda context (`clientContext.custom`). */
export function extractFromClientContext(
  lambdaContext: unknown,
  propagator: TextMapPropagator
): Context | undefined {
  // The Lambda context comes from the runtime; what is inside `custom` came
  // from the caller.
  const clientContext =
    typeof lambdaContext === 'object' && lambdaContext !== null
      ? (lambdaContext as { clientContext?: unknown }).clientContext
      : undefined;
  const custom = ownObject(clientContext, 'custom');
  if (custom === undefined) return undefined;
  const datadog = own(custom, '_datadog');
  return extractHeaderMap(propagator, datadog === undefined ? custom : datadog);
}
