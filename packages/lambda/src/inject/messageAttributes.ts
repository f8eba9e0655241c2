/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// SQS and SNS message attributes: at most 10 per message, and they count
// towards the message size.

import { diag } from '@opentelemetry/api';
import { dataLength, utf8Length } from './limits';

/** SQS and SNS refuse messages with more attributes than this. */
export const MAX_MESSAGE_ATTRIBUTES = 10;
export const DATADOG_ATTRIBUTE = '_datadog';

/** A message attribute value (the fields SQS and SNS have in common). */
export interface MessageAttributeValue {
  DataType?: string;
  StringValue?: string;
  BinaryValue?: Uint8Array;
  StringListValues?: string[];
  BinaryListValues?: Uint8Array[];
}

export type MessageAttributes = Record<string, MessageAttributeValue>;

/**
 * True when a `_datadog` attribute fits: an existing one is replaced, a new
 * one must not be the 11th.
 */
export function hasRoomForDatadog(
  attributes: MessageAttributes | undefined,
  operation: string
): boolean {
  if (typeof attributes !== 'object' || attributes === null) return true;
  let others = 0;
  for (const name of Object.keys(attributes)) {
    if (name !== DATADOG_ATTRIBUTE) others++;
  }
  if (others < MAX_MESSAGE_ATTRIBUTES) return true;
  diag.debug(
    `${operation}: the message already has ${MAX_MESSAGE_ATTRIBUTES} attributes; trace context not injected`
  );
  return false;
}

/** Bytes the attributes add to a message: names, types and values. */
export function attributesLength(
  attributes: MessageAttributes | undefined
): number {
  if (typeof attributes !== 'object' || attributes === null) return 0;
  let length = 0;
  for (const name of Object.keys(attributes)) {
    const value = attributes[name];
    length += utf8Length(name) + utf8Length(value?.DataType);
    length += utf8Length(value?.StringValue) + dataLength(value?.BinaryValue);
    for (const item of value?.StringListValues ?? [])
      length += utf8Length(item);
    for (const item of value?.BinaryListValues ?? [])
      length += dataLength(item);
  }
  return length;
}

/** A copy of `attributes` with `_datadog` set to `value`. */
export function withDatadogAttribute(
  attributes: MessageAttributes | undefined,
  value: MessageAttributeValue
): MessageAttributes {
  return { ...attributes, [DATADOG_ATTRIBUTE]: value };
}
