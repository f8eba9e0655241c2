/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import type { Context, Span } from '@opentelemetry/api';
import { createEventContextExtractor } from '../src/extractor';
import { composeRequestHooks } from '../src/links/composeRequestHooks';
import { createRequestHook } from '../src/links/requestHook';
import type { RequestHook } from '../src/types';
import { ddProducer } from './helpers/ddTrace';
import {
  eventBridgeEvent,
  kinesisRecord,
  lambdaContext,
  snsBinaryAttribute,
  snsEnvelope,
  snsRecord,
  sqsEvent,
  sqsRecord,
  sqsStringAttribute,
} from './helpers/events';
import { withSdkSpan } from './helpers/sdk';

function linksOf(hook: RequestHook, event: unknown, parent?: Context) {
  return withSdkSpan(
    span => hook(span, { event, context: lambdaContext() }),
    parent
  ).links;
}

describe('request hook', () => {
  const hook = createRequestHook({ env: {} });

  it('links the other records of an SQS batch', () => {
    const producers = [ddProducer(), ddProducer(), ddProducer()];
    const records = producers.map(p =>
      sqsRecord({ messageAttributes: sqsStringAttribute(p.headers) })
    );
    records.push(sqsRecord());
    const links = linksOf(hook, sqsEvent(records));
    assert.deepStrictEqual(
      links.map(l => [l.context.traceId, l.context.spanId]),
      producers.slice(1).map(p => [p.traceId, p.spanId])
    );
    assert.strictEqual(
      links[0].attributes?.['messaging.message.id'],
      records[1].messageId
    );
  });

  it('skips contexts equal to the parent or already linked', () => {
    const parent = ddProducer();
    const other = ddProducer();
    const event = sqsEvent(
      [parent, parent, other, other].map(p =>
        sqsRecord({ messageAttributes: sqsStringAttribute(p.headers) })
      )
    );
    // The instrumentation starts the span as a child of what the extractor
    // returns: the hook reads the parent from the span.
    const parentContext = createEventContextExtractor({ env: {} })(event);
    const links = linksOf(hook, event, parentContext);
    assert.deepStrictEqual(
      links.map(l => l.context.spanId),
      [other.spanId]
    );
  });

  it('links SNS, SNS-to-SQS, EventBridge-to-SQS and Kinesis batches', () => {
    const [a, b, c, d] = [
      ddProducer(),
      ddProducer(),
      ddProducer(),
      ddProducer(),
    ];
    const sns = {
      Records: [
        snsRecord(),
        snsRecord({ _datadog: snsBinaryAttribute(a.headers) }),
      ],
    };
    const mixedSqs = sqsEvent([
      sqsRecord(),
      sqsRecord({
        body: snsEnvelope({ _datadog: snsBinaryAttribute(b.headers) }),
      }),
      sqsRecord({ body: JSON.stringify(eventBridgeEvent(c.headers)) }),
    ]);
    const kinesis = {
      Records: [
        kinesisRecord('{}'),
        kinesisRecord(JSON.stringify({ _datadog: d.headers })),
      ],
    };
    assert.deepStrictEqual(
      linksOf(hook, sns).map(l => l.context.spanId),
      [a.spanId]
    );
    assert.deepStrictEqual(
      linksOf(hook, mixedSqs).map(l => l.context.spanId),
      [b.spanId, c.spanId]
    );
    assert.deepStrictEqual(
      linksOf(hook, kinesis).map(l => l.context.spanId),
      [d.spanId]
    );
  });

  it('stops at maxBatchLinks and can be turned off', () => {
    const event = sqsEvent(
      Array.from({ length: 6 }, () =>
        sqsRecord({
          messageAttributes: sqsStringAttribute(ddProducer().headers),
        })
      )
    );
    assert.strictEqual(
      linksOf(createRequestHook({ env: {}, maxBatchLinks: 2 }), event).length,
      2
    );
    assert.strictEqual(
      linksOf(createRequestHook({ env: {}, batchLinks: false }), event).length,
      0
    );
    assert.strictEqual(
      linksOf(createRequestHook({ env: {}, maxBatchLinks: -1 }), event).length,
      5
    );
  });

  it('adds nothing for single events', () => {
    assert.strictEqual(
      linksOf(hook, eventBridgeEvent(ddProducer().headers)).length,
      0
    );
    assert.strictEqual(linksOf(hook, undefined).length, 0);
    assert.strictEqual(linksOf(hook, { Records: [{}, {}] }).length, 0);
  });

  it('runs the user hook after its own', () => {
    const calls: string[] = [];
    const combined = createRequestHook({
      env: {},
      requestHook: (span: Span, info) => {
        calls.push(`user:${(info.event as { id: string }).id}`);
        span.setAttribute('user', true);
      },
    });
    const span = withSdkSpan(s =>
      combined(s, { event: { id: 'e' }, context: {} })
    );
    assert.deepStrictEqual(calls, ['user:e']);
    assert.strictEqual(span.attributes.user, true);
  });

  it('never throws itself', () => {
    assert.doesNotThrow(() =>
      hook(
        {
          addLink() {
            throw new Error('x');
          },
        } as unknown as Span,
        {
          event: sqsEvent([
            sqsRecord(),
            sqsRecord({
              messageAttributes: sqsStringAttribute(ddProducer().headers),
            }),
          ]),
          context: {},
        }
      )
    );
  });

  it('composeRequestHooks runs every hook despite errors', () => {
    const calls: number[] = [];
    const composed = composeRequestHooks(
      () => calls.push(1),
      undefined,
      () => {
        throw new Error('second');
      },
      () => calls.push(3)
    );
    withSdkSpan(span => composed(span, { event: {}, context: {} }));
    assert.deepStrictEqual(calls, [1, 3]);
  });
});
