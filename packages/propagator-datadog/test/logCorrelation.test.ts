/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import { context, ROOT_CONTEXT, trace, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { createDatadogLogContext } from '../src/logCorrelation';

const hexToDecimal = (hex: string) => BigInt('0x' + hex).toString();

describe('createDatadogLogContext()', () => {
  const contextManager = new AsyncLocalStorageContextManager();
  const tracer = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'checkout',
      'deployment.environment.name': 'prod',
      'service.version': '1.2.3',
    }),
  }).getTracer('test');

  before(() => context.setGlobalContextManager(contextManager.enable()));
  after(() => {
    context.disable();
  });

  function inSpan<T>(run: (span: Span) => T): T {
    const span = tracer.startSpan('work');
    try {
      return context.with(trace.setSpan(ROOT_CONTEXT, span), () => run(span));
    } finally {
      span.end();
    }
  }

  it('should give nothing outside a span', () => {
    assert.strictEqual(
      createDatadogLogContext({ environment: {} })(),
      undefined
    );
  });

  it('should write a 128-bit trace id as 32 hex and the span id in decimal', () => {
    inSpan(span => {
      const { traceId, spanId } = span.spanContext();
      assert.deepStrictEqual(createDatadogLogContext({ environment: {} })(), {
        trace_id: traceId,
        span_id: hexToDecimal(spanId),
        service: 'checkout',
        env: 'prod',
        version: '1.2.3',
      });
    });
  });

  it('should write decimal low 64 bits when 128-bit logging is off', () => {
    inSpan(span => {
      const fields = createDatadogLogContext({
        environment: { DD_TRACE_128_BIT_TRACEID_LOGGING_ENABLED: 'false' },
      })();
      assert.strictEqual(
        fields?.trace_id,
        hexToDecimal(span.spanContext().traceId.slice(16))
      );
    });
  });

  it('should write a 64-bit trace in decimal even with 128-bit logging on', () => {
    const remote = trace.wrapSpanContext({
      traceId: '0000000000000000000000000000007b',
      spanId: '00000000000001c8',
      traceFlags: 1,
    });
    assert.deepStrictEqual(
      createDatadogLogContext({ environment: {} })(remote),
      {
        trace_id: '123',
        span_id: '456',
      }
    );
  });

  it('should prefer DD_SERVICE, DD_ENV and DD_VERSION, and options over both', () => {
    inSpan(() => {
      const fields = createDatadogLogContext({
        environment: { DD_SERVICE: 'svc', DD_ENV: 'staging', DD_VERSION: '9' },
        version: '10',
      })();
      assert.strictEqual(fields?.service, 'svc');
      assert.strictEqual(fields?.env, 'staging');
      assert.strictEqual(fields?.version, '10');
    });
  });

  it('should give nothing for an invalid span context', () => {
    const invalid = trace.wrapSpanContext({
      traceId: '0'.repeat(32),
      spanId: '0'.repeat(16),
      traceFlags: 0,
    });
    assert.strictEqual(
      createDatadogLogContext({ environment: {} })(invalid),
      undefined
    );
  });
});
