/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Kinesis PutRecord / PutRecords: `_datadog` added to JSON record data, as
// dd-trace does; other data is left alone.

import { diag } from '@opentelemetry/api';
import type { BatchInjectOptions, InjectOptions } from '../types';
import { injectsEveryEntry } from './batchPropagation';
import { addJsonField } from './jsonObject';
import { crossesLimit, dataLength, MIB, utf8Length } from './limits';
import { headersToInject } from './traceHeaders';

/** A record (data and partition key) is capped at 1 MiB. */
const RECORD_LIMITS = [MIB];
/** A PutRecords request was capped at 5 MiB, now 10 MiB. */
const PUT_RECORDS_LIMITS = [5 * MIB, 10 * MIB];

/** The fields of a Kinesis `PutRecord` input (or `PutRecords` entry). */
export interface KinesisPutRecordInput {
  StreamName?: string;
  StreamARN?: string;
  Data?: Uint8Array | string;
  PartitionKey?: string;
}

/** The fields of a Kinesis `PutRecords` input read here. */
export interface KinesisPutRecordsInput {
  StreamName?: string;
  StreamARN?: string;
  Records?: KinesisPutRecordInput[];
}

function recordLength(record: KinesisPutRecordInput): number {
  return dataLength(record.Data) + utf8Length(record.PartitionKey);
}

/** The record with `_datadog` in its data, or the record itself. */
function injectRecord<T extends KinesisPutRecordInput>(
  record: T,
  headers: Record<string, string>,
  operation: string
): T {
  const data = record?.Data;
  const text =
    data instanceof Uint8Array
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString(
          'utf8'
        )
      : data;
  const injected =
    typeof text === 'string'
      ? addJsonField(text, '_datadog', headers)
      : undefined;
  if (injected === undefined) {
    diag.debug(`${operation}: record data is not a JSON object`);
    return record;
  }
  const result = {
    ...record,
    Data:
      typeof data === 'string'
        ? injected
        : new Uint8Array(Buffer.from(injected, 'utf8')),
  };
  return crossesLimit(
    recordLength(record),
    recordLength(result),
    RECORD_LIMITS,
    operation
  )
    ? record
    : result;
}

/**
 * Returns a copy of a `PutRecord` input whose JSON `Data` has `_datadog`;
 * the input itself when it cannot (no span context, data not a JSON object,
 * record size limit).
 */
export function injectKinesisPutRecord<T extends KinesisPutRecordInput>(
  input: T,
  options: InjectOptions = {}
): T & KinesisPutRecordInput {
  const operation = 'Kinesis PutRecord';
  const headers = headersToInject(options, operation);
  return headers === undefined
    ? input
    : injectRecord(input, headers, operation);
}

/**
 * Returns a copy of a `PutRecords` input whose first record (every record
 * with batch propagation) carries the trace context; the input itself when
 * none can.
 */
export function injectKinesisPutRecords<T extends KinesisPutRecordsInput>(
  input: T,
  options: BatchInjectOptions = {}
): T & KinesisPutRecordsInput {
  const operation = 'Kinesis PutRecords';
  const records = input.Records;
  if (!Array.isArray(records) || records.length === 0) return input;
  const headers = headersToInject(options, operation);
  if (headers === undefined) return input;
  const count = injectsEveryEntry(options, 'KINESIS') ? records.length : 1;
  const injected = records.slice();
  let changed = false;
  for (let i = 0; i < count; i++) {
    injected[i] = injectRecord(records[i], headers, operation);
    changed ||= injected[i] !== records[i];
  }
  if (!changed) return input;
  let before = 0;
  let after = 0;
  for (let i = 0; i < records.length; i++) {
    before += recordLength(records[i]);
    after += recordLength(injected[i]);
  }
  return crossesLimit(before, after, PUT_RECORDS_LIMITS, operation)
    ? input
    : { ...input, Records: injected };
}
