/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// AppSync resolver events carry the GraphQL request's HTTP headers.

import type { Context, TextMapPropagator } from '@opentelemetry/api';
import { own, ownObject } from '../internal/plainData';
import { HttpHeaders, httpHeadersGetter } from '../internal/httpHeaders';
import { extractHeaderMap } from '../propagation';

/** True for an AppSync resolver event. */
export function isAppSyncEvent(event: unknown): boolean {
  return own(ownObject(event, 'info'), 'selectionSetGraphQL') !== undefined;
}

/** Context from the request headers of an AppSync resolver event. */
export function extractFromAppSyncEvent(
  event: unknown,
  propagator: TextMapPropagator
): Context | undefined {
  const headers = own(ownObject(event, 'request'), 'headers');
  return typeof headers === 'object' && headers !== null
    ? extractHeaderMap(propagator, new HttpHeaders(headers), httpHeadersGetter)
    : undefined;
}
