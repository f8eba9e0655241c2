/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The first record of a batch parents the invocation (as in Datadog); the
// contexts of the other records become span links, so their producers'
// traces still reach this invocation.

import type {
  Attributes,
  Link,
  SpanContext,
  TextMapPropagator,
} from '@opentelemetry/api';
import { trace, type Context } from '@opentelemetry/api';
import { own, ownObject, ownString } from '../internal/plainData';
import {
  isEventBridgeEnvelope,
  extractFromEventBridgeSqsRecord,
} from '../sources/eventBridgeSqs';
import { extractFromKinesisRecord, isKinesisRecord } from '../sources/kinesis';
import { extractFromSnsRecord, isSnsRecord } from '../sources/sns';
import { extractFromSnsSqsRecord, isSnsEnvelope } from '../sources/snsSqs';
import {
  extractFromSqsRecord,
  isSqsRecord,
  parseEnvelopeBody,
} from '../sources/sqs';

const MESSAGE_ID = 'messaging.message.id';

/** The context one record of a batch carries, and attributes for its link. */
function recordContext(
  record: unknown,
  propagator: TextMapPropagator
): { context: Context | undefined; attributes?: Attributes } {
  if (isSqsRecord(record)) {
    const body = parseEnvelopeBody(record);
    const context =
      body !== undefined && isSnsEnvelope(body)
        ? extractFromSnsSqsRecord(record, body, propagator)
        : body !== undefined && isEventBridgeEnvelope(body)
          ? extractFromEventBridgeSqsRecord(body, propagator)
          : extractFromSqsRecord(record, propagator);
    return { context, attributes: messageId(ownString(record, 'messageId')) };
  }
  if (isSnsRecord(record)) {
    return {
      context: extractFromSnsRecord(record, propagator),
      attributes: messageId(ownString(ownObject(record, 'Sns'), 'MessageId')),
    };
  }
  if (isKinesisRecord(record)) {
    return { context: extractFromKinesisRecord(record, propagator) };
  }
  return { context: undefined };
}

function messageId(id: string | undefined): Attributes | undefined {
  return id === undefined ? undefined : { [MESSAGE_ID]: id };
}

/**
 * Links for records 1..n of an SQS, SNS or Kinesis batch (EventBridge
 * events reach a function one by one, or in SQS batches) that carry a
 * context other than `parent` and the ones already linked. At most
 * `maxLinks`.
 */
export function batchLinks(
  event: unknown,
  propagator: TextMapPropagator,
  parent: SpanContext | undefined,
  maxLinks: number
): Link[] {
  const links: Link[] = [];
  const records = own(event, 'Records');
  if (!Array.isArray(records) || records.length < 2) return links;
  const seen = new Set<string>();
  if (parent !== undefined) seen.add(parent.traceId + parent.spanId);
  for (let i = 1; i < records.length && links.length < maxLinks; i++) {
    const { context, attributes } = recordContext(records[i], propagator);
    const spanContext = context && trace.getSpanContext(context);
    if (spanContext === undefined) continue;
    const key = spanContext.traceId + spanContext.spanId;
    if (seen.has(key)) continue;
    seen.add(key);
    links.push(
      attributes === undefined
        ? { context: spanContext }
        : { context: spanContext, attributes }
    );
  }
  return links;
}
