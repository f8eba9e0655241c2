/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import { createRequestHook } from '../src/links/requestHook';
import { pointerHash, spanPointers } from '../src/links/spanPointers';
import './helpers/ddTrace';
import { withSdkSpan } from './helpers/sdk';

// dd-trace's own hashing, as the writer side (its aws-sdk plugin) uses it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ddUtil = require('dd-trace/packages/datadog-plugin-aws-sdk/src/util') as {
  generatePointerHash(parts: unknown[]): string;
  extractPrimaryKeys(names: string[], item: object): unknown[] | undefined;
};

function s3Record(
  key: string,
  eTag = '"d41d8cd98f00b204e9800998ecf8427e"',
  eventName = 'ObjectCreated:Put'
) {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'us-east-1',
    eventTime: '2024-05-06T20:09:46.505Z',
    eventName,
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'trigger',
      bucket: { name: 'my-bucket', arn: 'arn:aws:s3:::my-bucket' },
      object: { key, size: 1024, eTag, sequencer: '0A1B2C3D4E5F678901' },
    },
  };
}

function dynamoDbRecord(keys: Record<string, unknown>, eventName = 'INSERT') {
  return {
    eventID: '1',
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      Keys: keys,
      SequenceNumber: '111',
      SizeBytes: 26,
      StreamViewType: 'KEYS_ONLY',
    },
    eventSourceARN:
      'arn:aws:dynamodb:us-east-1:123456789012:table/my-table/stream/2024-05-06T20:09:46.505',
  };
}

const pointerAttributes = (hash: string, kind: string) => ({
  'ptr.kind': kind,
  'ptr.dir': 'u',
  'ptr.hash': hash,
  'link.kind': 'span-pointer',
});

describe('span pointers', () => {
  it('S3 ObjectCreated records hash like the dd-trace writer', () => {
    const [link] = spanPointers({ Records: [s3Record('photos/cat.jpg')] });
    const expected = ddUtil.generatePointerHash([
      'my-bucket',
      'photos/cat.jpg',
      'd41d8cd98f00b204e9800998ecf8427e',
    ]);
    assert.deepStrictEqual(
      link.attributes,
      pointerAttributes(expected, 'aws.s3.object')
    );
    assert.strictEqual(link.context.traceId, '0'.repeat(32));
    assert.strictEqual(link.context.spanId, '0'.repeat(16));
  });

  it('S3 keys are URL-decoded to the key the writer hashed', () => {
    const [link] = spanPointers({ Records: [s3Record('red+flower%2B1.jpg')] });
    const expected = ddUtil.generatePointerHash([
      'my-bucket',
      'red flower+1.jpg',
      'd41d8cd98f00b204e9800998ecf8427e',
    ]);
    assert.strictEqual(link.attributes?.['ptr.hash'], expected);
    // A malformed escape is hashed as it came.
    const [raw] = spanPointers({ Records: [s3Record('100%.txt')] });
    assert.strictEqual(
      raw.attributes?.['ptr.hash'],
      ddUtil.generatePointerHash([
        'my-bucket',
        '100%.txt',
        'd41d8cd98f00b204e9800998ecf8427e',
      ])
    );
  });

  it('S3 ignores other event names and incomplete records', () => {
    const event = {
      Records: [
        s3Record('a', '"e"', 'ObjectRemoved:Delete'),
        s3Record('', '"e"'),
        { s3: {} },
        s3Record('b', 'unquoted'),
      ],
    };
    const links = spanPointers(event);
    assert.strictEqual(links.length, 1);
    assert.strictEqual(
      links[0].attributes?.['ptr.hash'],
      ddUtil.generatePointerHash(['my-bucket', 'b', 'unquoted'])
    );
  });

  it('DynamoDB stream records hash their primary keys like dd-trace', () => {
    const one = { id: { S: 'user-1' } };
    const two = { userId: { S: 'u' }, createdAt: { N: '1700000000' } };
    const links = spanPointers({
      Records: [
        dynamoDbRecord(one),
        dynamoDbRecord(two, 'MODIFY'),
        dynamoDbRecord(two, 'REMOVE'),
      ],
    });
    const hash = (keys: Record<string, unknown>) =>
      ddUtil.generatePointerHash([
        'my-table',
        ...(ddUtil.extractPrimaryKeys(Object.keys(keys), keys) as unknown[]),
      ]);
    assert.deepStrictEqual(
      links.map(l => l.attributes),
      [one, two, two].map(keys =>
        pointerAttributes(hash(keys), 'aws.dynamodb.item')
      )
    );
  });

  it('DynamoDB binary keys hash the bytes the writer hashed', () => {
    const bytes = Buffer.from('binary-key', 'utf8');
    const [link] = spanPointers({
      Records: [dynamoDbRecord({ pk: { B: bytes.toString('base64') } })],
    });
    const writer = ddUtil.generatePointerHash([
      'my-table',
      ...(ddUtil.extractPrimaryKeys(['pk'], { pk: { B: bytes } }) as unknown[]),
    ]);
    assert.strictEqual(link.attributes?.['ptr.hash'], writer);
  });

  it('DynamoDB ignores unusable records', () => {
    const event = {
      Records: [
        dynamoDbRecord({ id: { S: 'a' } }, 'OTHER'),
        dynamoDbRecord({}),
        dynamoDbRecord({ a: { S: '1' }, b: { S: '2' }, c: { S: '3' } }),
        dynamoDbRecord({ id: { BOOL: true } }),
        dynamoDbRecord({ a: { S: '1' }, b: { M: {} } }),
        {
          ...dynamoDbRecord({ id: { S: 'a' } }),
          eventSourceARN: 'arn:aws:dynamodb:x',
        },
      ],
    };
    assert.strictEqual(spanPointers(event).length, 0);
  });

  it('pointerHash joins with | and keeps 32 hex digits', () => {
    assert.strictEqual(
      pointerHash(['a', 'b']),
      ddUtil.generatePointerHash(['a', 'b'])
    );
    assert.match(pointerHash(['x']), /^[0-9a-f]{32}$/);
  });

  it('the request hook adds them, unless turned off', () => {
    const event = { Records: [s3Record('k')] };
    const on = withSdkSpan(span =>
      createRequestHook({ env: {} })(span, { event, context: {} })
    );
    assert.strictEqual(on.links.length, 1);
    assert.strictEqual(on.links[0].attributes?.['link.kind'], 'span-pointer');
    const off = withSdkSpan(span =>
      createRequestHook({ env: { DD_TRACE_AWS_ADD_SPAN_POINTERS: 'false' } })(
        span,
        {
          event,
          context: {},
        }
      )
    );
    assert.strictEqual(off.links.length, 0);
  });
});
