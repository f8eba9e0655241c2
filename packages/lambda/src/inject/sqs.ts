/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// SQS SendMessage / SendMessageBatch: the headers as JSON in a String
// message attribute `_datadog`, as dd-trace writes it.

import type { BatchInjectOptions, InjectOptions } from '../types';
import { injectsEveryEntry } from './batchPropagation';
import { injectEntries, KIB, MIB, utf8Length, withinLimits } from './limits';
import {
  attributesLength,
  hasRoomForDatadog,
  withDatadogAttribute,
  type MessageAttributes,
} from './messageAttributes';
import { headersToInject } from './traceHeaders';

/**
 * SQS messages (body and attributes), and whole batches, were capped at
 * 256 KiB, now 1 MiB.
 */
const SQS_LIMITS = [256 * KIB, MIB];

/** The fields of an SQS `SendMessage` input read here. */
export interface SqsSendMessageInput {
  QueueUrl?: string;
  MessageBody?: string;
  MessageAttributes?: MessageAttributes;
}

/** The fields of an SQS `SendMessageBatch` input read here. */
export interface SqsSendMessageBatchInput {
  QueueUrl?: string;
  Entries?: SqsSendMessageInput[];
}

function messageLength(message: SqsSendMessageInput): number {
  return (
    utf8Length(message.MessageBody) +
    attributesLength(message.MessageAttributes)
  );
}

function injectMessage<T extends SqsSendMessageInput>(
  message: T,
  json: string,
  operation: string
): T {
  if (!hasRoomForDatadog(message.MessageAttributes, operation)) return message;
  return {
    ...message,
    MessageAttributes: withDatadogAttribute(message.MessageAttributes, {
      DataType: 'String',
      StringValue: json,
    }),
  };
}

/**
 * Returns a copy of a `SendMessage` input carrying the trace context in
 * `MessageAttributes._datadog`; the input itself when it cannot (no span
 * context, 10 attributes already, message size limit).
 */
export function injectSqsSendMessage<T extends SqsSendMessageInput>(
  input: T,
  options: InjectOptions = {}
): T & SqsSendMessageInput {
  const operation = 'SQS SendMessage';
  const headers = headersToInject(options, operation);
  if (headers === undefined) return input;
  const injected = injectMessage(input, JSON.stringify(headers), operation);
  return withinLimits(input, injected, messageLength, SQS_LIMITS, operation);
}

/**
 * Returns a copy of a `SendMessageBatch` input carrying the trace context in
 * the first entry (every entry with batch propagation); the input itself
 * when no entry can take it.
 */
export function injectSqsSendMessageBatch<T extends SqsSendMessageBatchInput>(
  input: T,
  options: BatchInjectOptions = {}
): T & SqsSendMessageBatchInput {
  const operation = 'SQS SendMessageBatch';
  const entries = input.Entries;
  if (!Array.isArray(entries) || entries.length === 0) return input;
  const headers = headersToInject(options, operation);
  if (headers === undefined) return input;
  const json = JSON.stringify(headers);
  const count = injectsEveryEntry(options, 'SQS') ? entries.length : 1;
  const injected = injectEntries(
    entries,
    count,
    entry => injectMessage(entry, json, operation),
    messageLength,
    SQS_LIMITS,
    operation
  );
  return injected === undefined ? input : { ...input, Entries: injected };
}
