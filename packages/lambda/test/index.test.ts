/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import * as lambda from '../src/index';
import { ddProducer } from './helpers/ddTrace';
import {
  eventBridgeEvent,
  sqsEvent,
  sqsRecord,
  sqsStringAttribute,
} from './helpers/events';
import { otelProducer } from './helpers/producerSpan';
import { withSdkSpan } from './helpers/sdk';

const INDEX = path.resolve(__dirname, '../src/index.js');

/** Modules of this package and its dependencies loaded after `script`. */
function loadedAfter(script: string): string[] {
  const output = execFileSync(
    process.execPath,
    [
      '-e',
      `const lambda = require(${JSON.stringify(INDEX)});
       ${script}
       console.log(JSON.stringify(Object.keys(require.cache)))`,
    ],
    { encoding: 'utf8', env: { ...process.env, DD_TRACE_EXTRACTOR: '' } }
  );
  return (JSON.parse(output) as string[]).filter(
    file => file.includes('/packages/') && file !== INDEX
  );
}

describe('package entry point', () => {
  it('loads nothing else when required', () => {
    assert.deepStrictEqual(loadedAfter(''), [
      path.resolve(__dirname, '../src/links/composeRequestHooks.js'),
    ]);
  });

  it('loads the extractor, not Step Functions hashing, on first use', () => {
    const loaded = loadedAfter('lambda.datadogEventContextExtractor({})');
    assert.ok(loaded.some(file => file.endsWith('/src/extractor.js')));
    assert.ok(loaded.some(file => file.includes('propagator-composite')));
    assert.ok(!loaded.some(file => file.endsWith('stepFunctionsIds.js')));
    assert.ok(!loaded.some(file => file.endsWith('customExtractorLoader.js')));
    assert.ok(!loaded.some(file => file.includes('/inject/')));
  });

  it('exposes the extractor, the request hook and the inject helpers', () => {
    const producer = ddProducer();
    const event = eventBridgeEvent(producer.headers);
    assert.strictEqual(
      trace.getSpanContext(lambda.datadogEventContextExtractor(event))?.spanId,
      producer.spanId
    );
    assert.strictEqual(
      lambda.createEventContextExtractor({ env: {} })({}),
      ROOT_CONTEXT
    );

    const other = ddProducer();
    const batch = sqsEvent([
      sqsRecord(),
      sqsRecord({ messageAttributes: sqsStringAttribute(other.headers) }),
    ]);
    const span = withSdkSpan(s =>
      lambda.datadogRequestHook(s, { event: batch, context: {} })
    );
    assert.strictEqual(span.links[0]?.context.spanId, other.spanId);
    let userCalls = 0;
    const hook = lambda.createRequestHook({
      env: {},
      requestHook: () => userCalls++,
    });
    withSdkSpan(s => hook(s, { event: batch, context: {} }));
    assert.strictEqual(userCalls, 1);

    const sender = otelProducer();
    const headers = lambda.getTraceHeaders(sender.context);
    assert.ok(headers.traceparent?.includes(sender.spanId));
    const options = { context: sender.context, env: {} };
    assert.ok(
      lambda.injectSqsSendMessage({ MessageBody: 'x' }, options)
        .MessageAttributes?._datadog
    );
    assert.ok(
      lambda.injectSqsSendMessageBatch({ Entries: [{}] }, options).Entries?.[0]
        .MessageAttributes
    );
    assert.ok(
      lambda.injectSnsPublish({ Message: 'x' }, options).MessageAttributes
        ?._datadog
    );
    assert.ok(
      lambda.injectSnsPublishBatch(
        { PublishBatchRequestEntries: [{}] },
        options
      ).PublishBatchRequestEntries?.[0].MessageAttributes
    );
    assert.ok(
      lambda
        .injectEventBridgePutEvents({ Entries: [{ Detail: '{}' }] }, options)
        .Entries?.[0].Detail?.includes('_datadog')
    );
    assert.ok(
      String(
        lambda.injectKinesisPutRecord({ Data: '{}' }, options).Data
      ).includes('_datadog')
    );
    assert.ok(
      String(
        lambda.injectKinesisPutRecords({ Records: [{ Data: '{}' }] }, options)
          .Records?.[0].Data
      ).includes('_datadog')
    );
    assert.ok(
      lambda
        .injectStepFunctionsStartExecution({ input: '{}' }, options)
        .input?.includes('_datadog')
    );
    assert.ok(lambda.injectLambdaInvoke({}, options).ClientContext);
  });

  it('inject helpers never throw', () => {
    assert.strictEqual(lambda.injectSqsSendMessage(null as never), null);
    assert.strictEqual(
      lambda.injectLambdaInvoke(undefined as never),
      undefined
    );
    assert.deepStrictEqual(
      lambda.getTraceHeaders(ROOT_CONTEXT, { propagator: null as never }),
      {}
    );
  });
});
