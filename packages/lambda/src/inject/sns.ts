/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// SNS Publish / PublishBatch: the headers as JSON bytes in a Binary message
// attribute `_datadog`, as dd-trace writes it (Lambda receives it base64;
// SQS subscribers with raw delivery get it as `binaryValue`).

import type { BatchInjectOptions, InjectOptions } from '../types';
import { injectsEveryEntry } from './batchPropagation';
import { injectEntries, KIB, utf8Length, withinLimits } from './limits';
import {
  attributesLength,
  hasRoomForDatadog,
  withDatadogAttribute,
  type MessageAttributes,
} from './messageAttributes';
import { headersToInject } from './traceHeaders';

/**
 * SNS messages (message and attributes) are capped at 256 KiB, and so is a
 * whole batch.
 */
const SNS_LIMITS = [256 * KIB];

/** The fields of an SNS `Publish` input (or batch entry) read here. */
export interface SnsPublishInput {
  TopicArn?: string;
  Message?: string;
  MessageAttributes?: MessageAttributes;
}

/** The fields of an SNS `PublishBatch` input read here. */
export interface SnsPublishBatchInput {
  TopicArn?: string;
  PublishBatchRequestEntries?: SnsPublishInput[];
}

function messageLength(message: SnsPublishInput): number {
  return (
    utf8Length(message.Message) + attributesLength(message.MessageAttributes)
  );
}

function injectMessage<T extends SnsPublishInput>(
  message: T,
  bytes: Uint8Array,
  operation: string
): T {
  if (!hasRoomForDatadog(message.MessageAttributes, operation)) return message;
  return {
    ...message,
    MessageAttributes: withDatadogAttribute(message.MessageAttributes, {
      DataType: 'Binary',
      BinaryValue: bytes,
    }),
  };
}

function jsonBytes(headers: Record<string, string>): Uint8Array {
  return new Uint8Array(Buffer.from(JSON.stringify(headers), 'utf8'));
}

/**
 * Returns a copy of a `Publish` input carrying the trace context in
 * `MessageAttributes._datadog`; the input itself when it cannot.
 */
export function injectSnsPublish<T extends SnsPublishInput>(
  input: T,
  options: InjectOptions = {}
): T & SnsPublishInput {
  const operation = 'SNS Publish';
  const headers = headersToInject(options, operation);
  if (headers === undefined) return input;
  const injected = injectMessage(input, jsonBytes(headers), operation);
  return withinLimits(input, injected, messageLength, SNS_LIMITS, operation);
}

/**
 * Returns a copy of a `PublishBatch` input carrying the trace context in the
 * first entry (every entry with batch propagation); the input itself when
 * no entry can take it.
 */
export function injectSnsPublishBatch<T extends SnsPublishBatchInput>(
  input: T,
  options: BatchInjectOptions = {}
): T & SnsPublishBatchInput {
  const operation = 'SNS PublishBatch';
  const entries = input.PublishBatchRequestEntries;
  if (!Array.isArray(entries) || entries.length === 0) return input;
  const headers = headersToInject(options, operation);
  if (headers === undefined) return input;
  const bytes = jsonBytes(headers);
  const count = injectsEveryEntry(options, 'SNS') ? entries.length : 1;
  const injected = injectEntries(
    entries,
    count,
    entry => injectMessage(entry, bytes, operation),
    messageLength,
    SNS_LIMITS,
    operation
  );
  return injected === undefined
    ? input
    : { ...input, PublishBatchRequestEntries: injected };
}
