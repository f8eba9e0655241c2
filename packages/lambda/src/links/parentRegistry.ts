/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The extractor runs just before the request hook, for the same event
// object: remembering the parent it chose lets the hook skip links that
// would only repeat it.

import { trace, type Context, type SpanContext } from '@opentelemetry/api';

const parents = new WeakMap<object, SpanContext>();

/** Records the parent chosen for `event`. */
export function rememberParent(event: unknown, context: Context): void {
  const spanContext = trace.getSpanContext(context);
  if (typeof event === 'object' && event !== null && spanContext) {
    parents.set(event, spanContext);
  }
}

/** The parent chosen for `event`, if our extractor ran for it. */
export function parentOf(event: unknown): SpanContext | undefined {
  return typeof event === 'object' && event !== null
    ? parents.get(event)
    : undefined;
}
