/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import { diag } from '@opentelemetry/api';
import type { LambdaContextLike, RequestHook } from '../types';

/**
 * Runs several request hooks in order; an error in one does not stop the
 * others (it is reported through `diag.error`).
 */
export function composeRequestHooks<TContext = LambdaContextLike>(
  ...hooks: ReadonlyArray<RequestHook<TContext> | undefined>
): RequestHook<TContext> {
  return function composedRequestHook(span, hookInfo) {
    for (const hook of hooks) {
      if (hook === undefined) continue;
      try {
        hook(span, hookInfo);
      } catch (error) {
        diag.error('request hook failed', error);
      }
    }
  };
}
