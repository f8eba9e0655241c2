/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import {
  ROOT_CONTEXT,
  defaultTextMapGetter,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { DatadogCompositePropagator, DatadogSpanLinksProcessor } from '../src';

const HEADERS = {
  'x-datadog-trace-id': '123',
  'x-datadog-parent-id': '456',
  'x-datadog-sampling-priority': '1',
  traceparent: '00-640cfd8d00000000abcdefab12345678-000000003ade68b1-01',
  baggage: 'user.id=alice,session.id=s1,other=x',
};

describe('DatadogSpanLinksProcessor', () => {
  let exporter: InMemorySpanExporter;
  let provider: BasicTracerProvider;

  beforeEach(() => {
    exporter = new InMemorySpanExporter();
    provider = new BasicTracerProvider({
      spanProcessors: [
        new DatadogSpanLinksProcessor(),
        new SimpleSpanProcessor(exporter),
      ],
    });
  });

  function extract(env: Record<string, string> = {}): Context {
    return new DatadogCompositePropagator({ env }).extract(
      ROOT_CONTEXT,
      HEADERS,
      defaultTextMapGetter
    );
  }

  function start(name: string, context: Context): Span {
    return provider.getTracer('test').startSpan(name, {}, context);
  }

  function finished(name: string): ReadableSpan {
    return exporter.getFinishedSpans().find(span => span.name === name)!;
  }

  describe('.onStart()', () => {
    it('should add links and baggage attributes to the first span only', () => {
      const context = extract();
      const server = start('server', context);
      const sibling = start('sibling', context);
      const child = start('child', trace.setSpan(context, server));
      for (const span of [child, sibling, server]) span.end();

      assert.deepStrictEqual(
        finished('server').links.map(link => ({
          traceId: link.context.traceId,
          spanId: link.context.spanId,
          attributes: link.attributes,
        })),
        [
          {
            traceId: '640cfd8d00000000abcdefab12345678',
            spanId: '000000003ade68b1',
            attributes: {
              reason: 'terminated_context',
              context_headers: 'tracecontext',
            },
          },
        ]
      );
      assert.strictEqual(
        finished('server').attributes['baggage.user.id'],
        'alice'
      );
      assert.strictEqual(
        finished('server').attributes['baggage.session.id'],
        's1'
      );
      assert.strictEqual(
        finished('server').attributes['baggage.other'],
        undefined
      );
      assert.strictEqual(
        finished('server').parentSpanContext?.spanId,
        '00000000000001c8'
      );
      for (const name of ['sibling', 'child']) {
        assert.deepStrictEqual(finished(name).links, []);
        assert.strictEqual(
          finished(name).attributes['baggage.user.id'],
          undefined
        );
      }
    });

    it('should tag every baggage key with *', () => {
      const server = start(
        'server',
        extract({ DD_TRACE_BAGGAGE_TAG_KEYS: '*' })
      );
      server.end();
      assert.strictEqual(finished('server').attributes['baggage.other'], 'x');
    });

    it('should link the new root span under restart', () => {
      const context = extract({
        DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT: 'restart',
      });
      const root = start('root', context);
      const child = start('child', trace.setSpan(context, root));
      child.end();
      root.end();
      const span = finished('root');
      assert.strictEqual(span.parentSpanContext, undefined);
      assert.notStrictEqual(
        span.spanContext().traceId,
        '0000000000000000000000000000007b'
      );
      assert.deepStrictEqual(
        span.links.map(link => [link.context.traceId, link.attributes]),
        [
          [
            '0000000000000000000000000000007b',
            {
              reason: 'propagation_behavior_extract',
              context_headers: 'datadog',
            },
          ],
        ]
      );
      // The abandoned trace's baggage tags do not move to the new one.
      assert.strictEqual(span.attributes['baggage.user.id'], undefined);
      assert.deepStrictEqual(finished('child').links, []);
    });

    it('should do nothing without a record or for spans under other parents', () => {
      const plain = start('plain', ROOT_CONTEXT);
      plain.end();
      assert.deepStrictEqual(finished('plain').links, []);
      const context = extract();
      const other = trace.setSpanContext(context, {
        traceId: '11111111111111111111111111111111',
        spanId: '1111111111111111',
        traceFlags: 1,
      });
      const span = start('other', other);
      span.end();
      assert.deepStrictEqual(finished('other').links, []);
    });

    it('should not throw on spans without links support', () => {
      const processor = new DatadogSpanLinksProcessor();
      const context = extract();
      processor.onStart({ setAttributes: () => undefined } as never, context);
      processor.onStart(
        {
          addLinks: () => {
            throw new Error('boom');
          },
        } as never,
        extract()
      );
    });
  });

  describe('.forceFlush() and .shutdown()', () => {
    it('should resolve', async () => {
      const processor = new DatadogSpanLinksProcessor();
      processor.onEnd();
      await processor.forceFlush();
      await processor.shutdown();
    });
  });
});
