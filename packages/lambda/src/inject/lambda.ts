/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Lambda Invoke: the headers in the base64 JSON client context's `custom`
// object, as dd-trace writes them. Lambda passes a client context to
// synchronous invocations only.

import { diag } from '@opentelemetry/api';
import { parseBase64JsonObject } from '../internal/json';
import { isPlainObject, own } from '../internal/plainData';
import type { InjectOptions } from '../types';
import { headersToInject } from './traceHeaders';

/** Lambda's limit on `ClientContext`, in base64 characters. */
export const MAX_CLIENT_CONTEXT_LENGTH = 3583;

/** The fields of a Lambda `Invoke` input read here. */
export interface LambdaInvokeInput {
  FunctionName?: string;
  InvocationType?: string;
  ClientContext?: string;
}

/**
 * Returns a copy of an `Invoke` input whose `ClientContext.custom` carries
 * the trace context (existing client context kept); the input itself when
 * it cannot (asynchronous invocation, no span context, unreadable client
 * context, 3583-character limit).
 */
export function injectLambdaInvoke<T extends LambdaInvokeInput>(
  input: T,
  options: InjectOptions = {}
): T & LambdaInvokeInput {
  const operation = 'Lambda Invoke';
  const type = input.InvocationType;
  if (type !== undefined && type !== 'RequestResponse') {
    diag.debug(
      `${operation}: ${type} invocations get no client context; left unchanged`
    );
    return input;
  }
  const headers = headersToInject(options, operation);
  if (headers === undefined) return input;
  let clientContext: Record<string, unknown> = {};
  if (input.ClientContext !== undefined) {
    const parsed = parseBase64JsonObject(
      input.ClientContext,
      MAX_CLIENT_CONTEXT_LENGTH
    );
    if (parsed === undefined) {
      diag.debug(
        `${operation}: ClientContext is not base64 JSON; left unchanged`
      );
      return input;
    }
    clientContext = { ...parsed };
  }
  const custom = own(clientContext, 'custom');
  if (custom !== undefined && !isPlainObject(custom)) {
    diag.debug(
      `${operation}: ClientContext.custom is not an object; left unchanged`
    );
    return input;
  }
  // A `custom._datadog` object is what Datadog reads first: refresh it.
  clientContext.custom = isPlainObject(own(custom, '_datadog'))
    ? { ...custom, _datadog: headers }
    : { ...custom, ...headers };
  const encoded = Buffer.from(JSON.stringify(clientContext), 'utf8').toString(
    'base64'
  );
  if (encoded.length > MAX_CLIENT_CONTEXT_LENGTH) {
    diag.debug(
      `${operation}: ClientContext would exceed ${MAX_CLIENT_CONTEXT_LENGTH} characters; left unchanged`
    );
    return input;
  }
  return { ...input, ClientContext: encoded };
}
