/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import { isPlainObject } from '../internal/plainData';

const hasOwnProperty = Object.prototype.hasOwnProperty;

/**
 * Adds `key` to the JSON object in `text`, or undefined when `text` is not
 * a JSON object. A new key is spliced in before the closing brace so the
 * rest of the text is kept byte for byte; an existing one is replaced.
 */
export function addJsonField(
  text: string,
  key: string,
  value: unknown
): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isPlainObject(parsed)) return undefined;
  const json = JSON.stringify(value);
  if (hasOwnProperty.call(parsed, key)) {
    (parsed as Record<string, unknown>)[key] = value;
    return JSON.stringify(parsed);
  }
  const close = text.lastIndexOf('}');
  const member = `${JSON.stringify(key)}:${json}`;
  return (
    text.slice(0, close) +
    (Object.keys(parsed).length === 0 ? member : ',' + member) +
    text.slice(close)
  );
}
