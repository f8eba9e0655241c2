/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { DatadogIdGenerator } from '../src/DatadogIdGenerator';
import { PendingRoot, setPendingRoot } from '../src/pendingRoot';

const TRACE_ID = '640cfd8d00000000123456789abcdef0';

function pending(): PendingRoot {
  return new PendingRoot(TRACE_ID, true, undefined);
}

describe('DatadogIdGenerator', () => {
  const generator = new DatadogIdGenerator();

  it('should make random valid ids', () => {
    const traceIds = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const traceId = generator.generateTraceId();
      const spanId = generator.generateSpanId();
      assert.match(traceId, /^[0-9a-f]{32}$/);
      assert.match(spanId, /^[0-9a-f]{16}$/);
      assert.notStrictEqual(spanId, '0'.repeat(16));
      traceIds.add(traceId);
    }
    assert.strictEqual(traceIds.size, 100);
  });

  it('should give the handed-off trace id to the next root span only', () => {
    const root = pending();
    setPendingRoot(ROOT_CONTEXT, root);
    assert.strictEqual(generator.generateTraceId(), TRACE_ID);
    assert.strictEqual(root.consumed, true);
    assert.notStrictEqual(generator.generateTraceId(), TRACE_ID);
  });

  it('should not hand off past the synchronous job', async () => {
    const root = pending();
    setPendingRoot(ROOT_CONTEXT, root);
    await Promise.resolve();
    assert.notStrictEqual(generator.generateTraceId(), TRACE_ID);
    assert.strictEqual(root.consumed, false);
  });

  describe('with an active context', () => {
    const manager = new AsyncLocalStorageContextManager();
    before(() => context.setGlobalContextManager(manager.enable()));
    after(() => {
      context.disable();
      manager.disable();
    });

    it('should give the active pending trace id once', async () => {
      const root = pending();
      const active = setPendingRoot(ROOT_CONTEXT, root);
      await Promise.resolve(); // Past the hand-off.
      const ids = context.with(active, () => [
        generator.generateTraceId(),
        generator.generateTraceId(),
      ]);
      assert.strictEqual(ids[0], TRACE_ID);
      assert.notStrictEqual(ids[1], TRACE_ID);
    });

    it('should use the active record when the hand-off is consumed', async () => {
      const active = setPendingRoot(
        ROOT_CONTEXT,
        new PendingRoot('1'.repeat(32), true, undefined)
      );
      await Promise.resolve(); // Past that hand-off.
      const consumed = pending();
      setPendingRoot(ROOT_CONTEXT, consumed);
      consumed.consumed = true;
      assert.strictEqual(
        context.with(active, () => generator.generateTraceId()),
        '1'.repeat(32)
      );
    });
  });
});
