/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// A Lambda authorizer wrapped by Datadog's library returns its trace context
// (base64 JSON) in the authorizer context; API Gateway hands it to the
// function it authorized. It is the parent only when the authorizer ran for
// this very request: a cached authorization belongs to an older trace.

import { parseBase64JsonObject } from '../internal/json';
import { MAX_BASE64_CARRIER_LENGTH } from '../internal/limits';
import { own, ownObject, type PlainObject } from '../internal/plainData';

const AUTHORIZING_REQUEST_ID = 'x-datadog-authorizing-requestid';

/** API Gateway REST events (`stage`, `httpMethod` and `resource`). */
function isRestApiEvent(event: unknown): boolean {
  return (
    own(own(event, 'requestContext'), 'stage') !== undefined &&
    own(event, 'httpMethod') !== undefined &&
    own(event, 'resource') !== undefined
  );
}

/** HTTP API (v2) events, which Function URL events resemble. */
function isHttpApiEvent(event: unknown): boolean {
  const requestContext = own(event, 'requestContext');
  const domainName = own(requestContext, 'domainName');
  return (
    requestContext !== undefined &&
    own(event, 'version') === '2.0' &&
    own(event, 'rawQueryString') !== undefined &&
    typeof domainName === 'string' &&
    !domainName.includes('lambda-url')
  );
}

/**
 * The authorizer's header map when it applies to this request, else
 * undefined (then the request headers are used).
 */
export function authorizerCarrier(event: unknown): PlainObject | undefined {
  const requestContext = ownObject(event, 'requestContext');
  const authorizer = ownObject(requestContext, 'authorizer');
  if (authorizer === undefined) return undefined;
  // HTTP APIs nest a Lambda authorizer's context under `lambda`.
  const encoded =
    !isRestApiEvent(event) && isHttpApiEvent(event)
      ? own(ownObject(authorizer, 'lambda'), '_datadog')
      : own(authorizer, '_datadog');
  if (!encoded) return undefined;
  const carrier = parseBase64JsonObject(encoded, MAX_BASE64_CARRIER_LENGTH);
  if (carrier === undefined) return undefined;
  const latency = own(authorizer, 'integrationLatency');
  const ranForThisRequest =
    (typeof latency === 'number' && latency > 0) ||
    own(requestContext, 'requestId') === own(carrier, AUTHORIZING_REQUEST_ID);
  return ranForThisRequest ? carrier : undefined;
}
