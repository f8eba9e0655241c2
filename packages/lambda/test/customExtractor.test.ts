/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diag, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { createEventContextExtractor } from '../src/extractor';
import { loadCustomExtractor } from '../src/sources/customExtractorLoader';
import type { CustomTraceExtractor } from '../src/types';
import { ddProducer } from './helpers/ddTrace';
import { eventBridgeEvent, lambdaContext } from './helpers/events';

const TASK_ROOT = path.resolve(__dirname, '../../test/fixtures/task');

function parent(
  extractor: CustomTraceExtractor,
  event: unknown = {},
  env = {}
) {
  return trace.getSpanContext(
    createEventContextExtractor({ env, customExtractor: extractor })(
      event,
      lambdaContext()
    )
  );
}

describe('custom extractors', () => {
  it('accepts Datadog ids (traceId/parentId/sampleMode/source)', () => {
    const spanContext = parent(() => ({
      traceId: '123',
      parentId: '456',
      sampleMode: 2,
      source: 'event',
    }));
    assert.strictEqual(
      spanContext?.traceId,
      '0000000000000000000000000000007b'
    );
    assert.strictEqual(spanContext?.spanId, '00000000000001c8');
    assert.strictEqual(spanContext?.traceFlags, TraceFlags.SAMPLED);
    assert.ok(spanContext?.traceState?.get('dd')?.includes('s:2'));
  });

  it('accepts the deprecated traceID/parentID and numbers', () => {
    const spanContext = parent(
      () => ({ traceID: 123, parentID: '456' }) as never
    );
    assert.strictEqual(spanContext?.spanId, '00000000000001c8');
  });

  it('defaults to AUTO_KEEP and honours a drop', () => {
    assert.strictEqual(
      parent(() => ({ traceId: '1', parentId: '2' }))?.traceFlags,
      TraceFlags.SAMPLED
    );
    assert.strictEqual(
      parent(() => ({ traceId: '1', parentId: '2', sampleMode: -1 }))
        ?.traceFlags,
      TraceFlags.NONE
    );
    assert.strictEqual(
      parent(() => ({ traceId: '1', parentId: '2', sampleMode: '0' }) as never)
        ?.traceFlags,
      TraceFlags.NONE
    );
  });

  it('accepts a header map', () => {
    const producer = ddProducer();
    const spanContext = parent(
      event => event.detail._datadog,
      eventBridgeEvent(producer.headers)
    );
    assert.strictEqual(spanContext?.spanId, producer.spanId);
  });

  it('gets the event and the Lambda context', () => {
    let seen: unknown[] = [];
    const event = { a: 1 };
    const context = lambdaContext();
    createEventContextExtractor({
      env: {},
      customExtractor: (e, c) => {
        seen = [e, c];
        return undefined;
      },
    })(event, context);
    assert.deepStrictEqual(seen, [event, context]);
  });

  it('runs before the built-in sources', () => {
    const producer = ddProducer();
    const spanContext = parent(
      () => ({ traceId: '1', parentId: '2' }),
      eventBridgeEvent(producer.headers)
    );
    assert.strictEqual(spanContext?.spanId, '0000000000000002');
  });

  it('falls back to the built-in sources when it finds nothing or fails', () => {
    const producer = ddProducer();
    const event = eventBridgeEvent(producer.headers);
    for (const extractor of [
      () => null,
      () => 'text' as never,
      () => ({ traceId: 'abc', parentId: '1' }),
      () => ({ traceId: '1' }),
      () => {
        throw new Error('custom failure');
      },
    ] as CustomTraceExtractor[]) {
      assert.strictEqual(parent(extractor, event)?.spanId, producer.spanId);
    }
  });

  it('ignores a promise, without an unhandled rejection', async () => {
    const producer = ddProducer();
    let warnings = 0;
    diag.setLogger(
      {
        warn: () => warnings++,
        error: () => undefined,
        info: () => undefined,
        debug: () => undefined,
        verbose: () => undefined,
      },
      { suppressOverrideMessage: true }
    );
    let unhandled = 0;
    const onUnhandled = () => unhandled++;
    process.on('unhandledRejection', onUnhandled);
    try {
      const extractor = async () => {
        throw new Error('async failure');
      };
      const event = eventBridgeEvent(producer.headers);
      assert.strictEqual(parent(extractor, event)?.spanId, producer.spanId);
      assert.strictEqual(parent(extractor, event)?.spanId, producer.spanId);
      await new Promise(resolve => setTimeout(resolve, 10));
      assert.strictEqual(unhandled, 0);
      assert.ok(warnings >= 1);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      diag.disable();
    }
  });

  it('source xray or ddtrace parents only with DD_MERGE_XRAY_TRACES', () => {
    const producer = ddProducer();
    const event = eventBridgeEvent(producer.headers);
    const xray = () => ({
      traceId: '1',
      parentId: '2',
      sampleMode: 1,
      source: 'xray',
    });
    // Datadog stops at the custom context and does not parent on it.
    assert.strictEqual(
      createEventContextExtractor({ env: {}, customExtractor: xray })(event),
      ROOT_CONTEXT
    );
    assert.strictEqual(
      parent(xray, event, { DD_MERGE_XRAY_TRACES: 'true' })?.spanId,
      '0000000000000002'
    );
  });

  describe('DD_TRACE_EXTRACTOR', () => {
    function fromEnv(extractor: string, event: unknown = {}) {
      return trace.getSpanContext(
        createEventContextExtractor({
          env: { DD_TRACE_EXTRACTOR: extractor, LAMBDA_TASK_ROOT: TASK_ROOT },
        })(event)
      );
    }

    it('loads <file>.<export> relative to LAMBDA_TASK_ROOT', () => {
      assert.strictEqual(
        fromEnv('extractors.fromHeader', { trace: '5', parent: '6' })?.spanId,
        '0000000000000006'
      );
    });

    it('loads nested paths, nested exports, .cjs and .mjs', () => {
      assert.strictEqual(
        fromEnv('lib/nested.extractors.byDefault')?.spanId,
        '0000000000000009'
      );
      assert.strictEqual(
        fromEnv('common.extractor')?.spanId,
        '000000000000000b'
      );
      assert.strictEqual(fromEnv('esm.extractor')?.spanId, '000000000000000d');
    });

    it('ignores what cannot load, and warns', () => {
      let warnings = 0;
      diag.setLogger(
        {
          warn: () => warnings++,
          error: () => undefined,
          info: () => undefined,
          debug: () => undefined,
          verbose: () => undefined,
        },
        { suppressOverrideMessage: true }
      );
      try {
        for (const spec of [
          'missing.fn',
          'extractors.missing',
          'noexport',
          'extractors.',
          'extractors.notAFunction',
        ]) {
          assert.strictEqual(fromEnv(spec), undefined);
        }
        assert.strictEqual(warnings, 5);
      } finally {
        diag.disable();
      }
    });

    it('resolves packages from the task root', () => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'otel-dd-task-'));
      try {
        const pkg = path.join(root, 'node_modules', 'pkg-extractor');
        fs.mkdirSync(pkg, { recursive: true });
        fs.writeFileSync(
          path.join(pkg, 'index.js'),
          "exports.extract = () => ({ traceId: '14', parentId: '15' });"
        );
        const extractor = loadCustomExtractor('pkg-extractor.extract', root);
        assert.deepStrictEqual(extractor?.({}, {}), {
          traceId: '14',
          parentId: '15',
        });
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });

    it('an explicit customExtractor wins over the variable', () => {
      const spanContext = trace.getSpanContext(
        createEventContextExtractor({
          env: {
            DD_TRACE_EXTRACTOR: 'extractors.fromHeader',
            LAMBDA_TASK_ROOT: TASK_ROOT,
          },
          customExtractor: () => ({ traceId: '1', parentId: '3' }),
        })({ trace: '5', parent: '6' })
      );
      assert.strictEqual(spanContext?.spanId, '0000000000000003');
    });
  });
});
