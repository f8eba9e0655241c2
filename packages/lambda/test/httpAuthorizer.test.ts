/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { createEventContextExtractor } from '../src/extractor';
import { ddProducer, type Producer } from './helpers/ddTrace';
import { base64, httpApiEvent, restApiEvent } from './helpers/events';

/** What a Datadog-wrapped authorizer returns in its context (base64 JSON). */
function authorizerContext(producer: Producer, requestId?: string): string {
  const headers: Record<string, string> = {
    'x-datadog-trace-id': producer.headers['x-datadog-trace-id'],
    'x-datadog-parent-id': producer.headers['x-datadog-parent-id'],
    'x-datadog-sampling-priority':
      producer.headers['x-datadog-sampling-priority'],
    'x-datadog-parent-span-finish-time': '1660939857052937000',
  };
  if (requestId !== undefined) {
    headers['x-datadog-authorizing-requestid'] = requestId;
  }
  return base64(JSON.stringify(headers));
}

function spanId(context: ReturnType<typeof extract>) {
  return trace.getSpanContext(context)?.spanId;
}

const extract = createEventContextExtractor({ env: {} });

describe('HTTP events with a Datadog-traced Lambda authorizer', () => {
  it('REST token authorizer that ran (integrationLatency > 0) is the parent', () => {
    const authorizer = ddProducer();
    const client = ddProducer();
    const event = restApiEvent(client.headers) as Record<string, any>;
    event.requestContext.authorizer = {
      principalId: 'foo',
      integrationLatency: 71,
      _datadog: authorizerContext(authorizer),
    };
    assert.strictEqual(spanId(extract(event)), authorizer.spanId);
  });

  it('REST request authorizer recognised by the request id', () => {
    const authorizer = ddProducer();
    const event = restApiEvent({}) as Record<string, any>;
    event.requestContext.authorizer = {
      principalId: 'foo',
      integrationLatency: 0,
      _datadog: authorizerContext(authorizer, event.requestContext.requestId),
    };
    assert.strictEqual(spanId(extract(event)), authorizer.spanId);
  });

  it('a cached authorization belongs to another trace: headers win', () => {
    const authorizer = ddProducer();
    const client = ddProducer();
    const event = restApiEvent(client.headers) as Record<string, any>;
    event.requestContext.authorizer = {
      principalId: 'foo',
      integrationLatency: 0,
      _datadog: authorizerContext(authorizer, 'another-request'),
    };
    assert.strictEqual(spanId(extract(event)), client.spanId);
  });

  it('HTTP API authorizer context under authorizer.lambda', () => {
    const authorizer = ddProducer();
    const event = httpApiEvent({}) as Record<string, any>;
    event.requestContext.authorizer = {
      lambda: { _datadog: authorizerContext(authorizer, 'id') },
    };
    assert.strictEqual(spanId(extract(event)), authorizer.spanId);
  });

  it('WebSocket $connect with an authorizer', () => {
    const authorizer = ddProducer();
    const event = {
      headers: { Host: 'abc.execute-api.us-east-1.amazonaws.com' },
      requestContext: {
        routeKey: '$connect',
        eventType: 'CONNECT',
        messageDirection: 'IN',
        requestId: 'ws-request',
        domainName: 'abc.execute-api.us-east-1.amazonaws.com',
        authorizer: {
          integrationLatency: 12,
          _datadog: authorizerContext(authorizer),
        },
      },
      isBase64Encoded: false,
    };
    assert.strictEqual(spanId(extract(event)), authorizer.spanId);
  });

  it('an applicable authorizer context is final even without ids', () => {
    const client = ddProducer();
    const event = restApiEvent(client.headers) as Record<string, any>;
    event.requestContext.authorizer = {
      integrationLatency: 5,
      _datadog: base64('{"x-datadog-parent-span-finish-time":"1"}'),
    };
    assert.strictEqual(extract(event), ROOT_CONTEXT);
  });

  it('undecodable authorizer contexts fall back to the headers', () => {
    const client = ddProducer();
    for (const encoded of ['not base64 json', base64('[1]'), 42]) {
      const event = restApiEvent(client.headers) as Record<string, any>;
      event.requestContext.authorizer = {
        integrationLatency: 5,
        _datadog: encoded,
      };
      assert.strictEqual(spanId(extract(event)), client.spanId);
    }
  });

  it('DD_DECODE_AUTHORIZER_CONTEXT=false uses the headers', () => {
    const authorizer = ddProducer();
    const client = ddProducer();
    const event = restApiEvent(client.headers) as Record<string, any>;
    event.requestContext.authorizer = {
      integrationLatency: 71,
      _datadog: authorizerContext(authorizer),
    };
    const noDecode = createEventContextExtractor({
      env: { DD_DECODE_AUTHORIZER_CONTEXT: 'false' },
    });
    assert.strictEqual(spanId(noDecode(event)), client.spanId);
  });
});
