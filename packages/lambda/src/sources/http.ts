/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// HTTP events (API Gateway REST, HTTP API and WebSocket, ALB, Function URLs,
// and anything else with `headers`).

import type { Context, TextMapPropagator } from '@opentelemetry/api';
import { HttpHeaders, httpHeadersGetter } from '../internal/httpHeaders';
import { own } from '../internal/plainData';
import { extractHeaderMap } from '../propagation';
import { authorizerCarrier } from './httpAuthorizer';

/** `headers`, else `multiValueHeaders`, when that is an object. */
function eventHeaders(event: unknown): object | undefined {
  const headers = own(event, 'headers') ?? own(event, 'multiValueHeaders');
  return typeof headers === 'object' && headers !== null ? headers : undefined;
}

/** True for any event with a `headers` or `multiValueHeaders` object. */
export function isHttpEvent(event: unknown): boolean {
  return eventHeaders(event) !== undefined;
}

/**
 * Context of an HTTP event: from a Datadog-traced Lambda authorizer that ran
 * for this request, when `decodeAuthorizerContext` is on; else from the
 * request headers.
 */
export function extractFromHttpEvent(
  event: unknown,
  propagator: TextMapPropagator,
  decodeAuthorizerContext: boolean
): Context | undefined {
  if (decodeAuthorizerContext) {
    const carrier = authorizerCarrier(event);
    // An authorizer context that applies is final, as in Datadog.
    if (carrier !== undefined) return extractHeaderMap(propagator, carrier);
  }
  const headers = eventHeaders(event);
  return headers === undefined
    ? undefined
    : extractHeaderMap(propagator, new HttpHeaders(headers), httpHeadersGetter);
}
