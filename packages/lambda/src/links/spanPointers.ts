/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Datadog span pointers: S3 and DynamoDB cannot carry headers, so the writer
// and the triggered function both hash what identifies the object or item,
// and Datadog links the spans with equal hashes. A pointer is a span link to
// the all-zero context with `ptr.*` attributes.
// https://github.com/DataDog/dd-span-pointer-rules

import type { Link } from '@opentelemetry/api';
import { TraceFlags } from '@opentelemetry/api';
import { createHash } from 'node:crypto';
import {
  isPlainObject,
  own,
  ownObject,
  ownString,
} from '../internal/plainData';

const S3_OBJECT = 'aws.s3.object';
const DYNAMODB_ITEM = 'aws.dynamodb.item';
/** The function reads what an upstream write produced. */
const UPSTREAM = 'u';
/** Records scanned for pointers, at most. */
const MAX_POINTERS = 1000;

const ZERO_CONTEXT = {
  traceId: '00000000000000000000000000000000',
  spanId: '0000000000000000',
  traceFlags: TraceFlags.NONE,
};

function pointer(kind: string, hash: string): Link {
  return {
    context: ZERO_CONTEXT,
    attributes: {
      'ptr.kind': kind,
      'ptr.dir': UPSTREAM,
      'ptr.hash': hash,
      'link.kind': 'span-pointer',
    },
  };
}

/** First 32 hex digits of SHA-256 over the parts joined with `|`. */
export function pointerHash(parts: ReadonlyArray<string | Uint8Array>): string {
  const hash = createHash('sha256');
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) hash.update('|');
    hash.update(parts[i]);
  }
  return hash.digest('hex').slice(0, 32);
}

/**
 * S3 event object keys are URL-encoded (`red flower.jpg` arrives as
 * `red+flower.jpg`); the writer hashed the key itself.
 */
function decodeS3Key(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
}

function s3Pointer(record: unknown): Link | undefined {
  const eventName = ownString(record, 'eventName');
  if (eventName === undefined || !eventName.startsWith('ObjectCreated')) {
    return undefined;
  }
  const s3 = ownObject(record, 's3');
  const bucket = ownString(ownObject(s3, 'bucket'), 'name');
  const object = ownObject(s3, 'object');
  const key = ownString(object, 'key');
  let eTag = ownString(object, 'eTag');
  if (!bucket || !key || !eTag) return undefined;
  if (eTag.length >= 2 && eTag.startsWith('"') && eTag.endsWith('"')) {
    eTag = eTag.slice(1, -1);
  }
  return pointer(S3_OBJECT, pointerHash([bucket, decodeS3Key(key), eTag]));
}

/** A key attribute value as the writer hashed it (S, N, or B's bytes). */
function keyValue(attribute: unknown): string | Uint8Array | undefined {
  if (!isPlainObject(attribute)) return undefined;
  const s = ownString(attribute, 'S');
  if (s !== undefined) return s;
  const n = ownString(attribute, 'N');
  if (n !== undefined) return n;
  // Stream records carry binary as base64; the writer hashed the bytes.
  const b = ownString(attribute, 'B');
  return b === undefined ? undefined : Buffer.from(b, 'base64');
}

/** `arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<time>`. */
function tableName(arn: string | undefined): string | undefined {
  if (arn === undefined) return undefined;
  const start = arn.indexOf(':table/');
  if (start === -1) return undefined;
  const end = arn.indexOf('/', start + 7);
  const name = arn.slice(start + 7, end === -1 ? arn.length : end);
  return name || undefined;
}

function dynamoDbPointer(record: unknown): Link | undefined {
  const eventName = own(record, 'eventName');
  if (
    eventName !== 'INSERT' &&
    eventName !== 'MODIFY' &&
    eventName !== 'REMOVE'
  ) {
    return undefined;
  }
  const table = tableName(ownString(record, 'eventSourceARN'));
  const keys = ownObject(ownObject(record, 'dynamodb'), 'Keys');
  if (table === undefined || keys === undefined) return undefined;
  // A table has a partition key and at most a sort key; with two, they are
  // hashed in name order.
  const names = Object.keys(keys);
  if (names.length === 1) {
    const value = keyValue(keys[names[0]]);
    if (value === undefined) return undefined;
    return pointer(
      DYNAMODB_ITEM,
      pointerHash([table, names[0], value, '', ''])
    );
  }
  if (names.length !== 2) return undefined;
  names.sort();
  const first = keyValue(keys[names[0]]);
  const second = keyValue(keys[names[1]]);
  if (first === undefined || second === undefined) return undefined;
  return pointer(
    DYNAMODB_ITEM,
    pointerHash([table, names[0], first, names[1], second])
  );
}

/** Span pointers for the S3 object or DynamoDB stream records of an event. */
export function spanPointers(event: unknown): Link[] {
  const links: Link[] = [];
  const records = own(event, 'Records');
  if (!Array.isArray(records) || records.length === 0) return links;
  const first = records[0];
  const make =
    own(first, 'dynamodb') !== undefined
      ? dynamoDbPointer
      : own(first, 's3') !== undefined
        ? s3Pointer
        : undefined;
  if (make === undefined) return links;
  const count = Math.min(records.length, MAX_POINTERS);
  for (let i = 0; i < count; i++) {
    const link = make(records[i]);
    if (link !== undefined) links.push(link);
  }
  return links;
}
