/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Runs the integrations inside the real loggers and reads what they write.

import * as assert from 'node:assert';
import { Writable } from 'node:stream';
import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import pino from 'pino';
import * as winston from 'winston';
import { datadogPinoMixin, datadogWinstonFormat } from '../src/logIntegrations';

const hexToDecimal = (hex: string) => BigInt('0x' + hex).toString();

function collector(): {
  stream: Writable;
  lines: () => Array<Record<string, any>>;
} {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map(line => JSON.parse(line)),
  };
}

describe('log integrations', () => {
  const tracer = new BasicTracerProvider().getTracer('test');
  before(() =>
    context.setGlobalContextManager(
      new AsyncLocalStorageContextManager().enable()
    )
  );
  after(() => context.disable());

  const environment = {
    DD_SERVICE: 'checkout',
    DD_ENV: 'prod',
    DD_VERSION: '1.0.0',
  };

  it('datadogPinoMixin() should add dd fields to pino lines inside a span only', () => {
    const { stream, lines } = collector();
    const logger = pino({ mixin: datadogPinoMixin({ environment }) }, stream);
    const span = tracer.startSpan('work');
    context.with(trace.setSpan(ROOT_CONTEXT, span), () =>
      logger.info('inside')
    );
    logger.info('outside');
    const [inside, outside] = lines();
    assert.deepStrictEqual(inside.dd, {
      trace_id: span.spanContext().traceId,
      span_id: hexToDecimal(span.spanContext().spanId),
      service: 'checkout',
      env: 'prod',
      version: '1.0.0',
    });
    assert.strictEqual(outside.dd, undefined);
  });

  it('datadogWinstonFormat() should add dd fields to winston records inside a span only', () => {
    const { stream, lines } = collector();
    const logger = winston.createLogger({
      format: winston.format.combine(
        datadogWinstonFormat({ environment }),
        winston.format.json()
      ),
      transports: [new winston.transports.Stream({ stream })],
    });
    const span = tracer.startSpan('work');
    context.with(trace.setSpan(ROOT_CONTEXT, span), () =>
      logger.info('inside')
    );
    logger.info('outside');
    const [inside, outside] = lines();
    assert.strictEqual(inside.message, 'inside');
    assert.deepStrictEqual(inside.dd, {
      trace_id: span.spanContext().traceId,
      span_id: hexToDecimal(span.spanContext().spanId),
      service: 'checkout',
      env: 'prod',
      version: '1.0.0',
    });
    assert.strictEqual(outside.dd, undefined);
  });
});
