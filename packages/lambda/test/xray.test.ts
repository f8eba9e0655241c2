/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import { trace } from '@opentelemetry/api';
import { hexIdToDecimal } from '@otel-dd/propagator-datadog';
import {
  contextFromDatadogTraceHeader,
  contextFromXrayTraceHeader,
} from '../src/sources/xray';

function ids(context: ReturnType<typeof contextFromXrayTraceHeader>) {
  const spanContext = context && trace.getSpanContext(context);
  return (
    spanContext && {
      trace: hexIdToDecimal(spanContext.traceId, 16),
      parent: hexIdToDecimal(spanContext.spanId),
      priority: spanContext.traceState?.get('dd'),
    }
  );
}

describe('X-Ray trace headers', () => {
  it('Datadog-encoded headers (reference §4.2 vectors)', () => {
    for (const [header, trace, parent] of [
      [
        'Root=1-65f2f78c-0000000008addb5405b376c0;Parent=5abcb7ed643995c7;Sampled=1',
        '625397077193750208',
        '6538302989251745223',
      ],
      [
        'Root=1-66393a26-0000000017acacbad335fb99;Parent=12f5e70cc905dfb7;Sampled=1;Lineage=48e79d5f:0',
        '1705928277274000281',
        '1366252104075042743',
      ],
      [
        'Root=1-663934f8-0000000045c5da17458c9910;Parent=18f37c8f541d052f;Sampled=1',
        '5027664352514971920',
        '1797917631284315439',
      ],
    ]) {
      assert.deepStrictEqual(ids(contextFromDatadogTraceHeader(header)), {
        trace,
        parent,
        priority: 's:1',
      });
    }
  });

  it('Sampled=0 is priority 0; other values leave it unknown', () => {
    const header =
      'Root=1-65f2f78c-0000000008addb5405b376c0;Parent=5abcb7ed643995c7;Sampled=';
    assert.strictEqual(
      ids(contextFromDatadogTraceHeader(header + '0'))?.priority,
      's:0'
    );
    assert.strictEqual(
      ids(contextFromDatadogTraceHeader(header + '?'))?.priority,
      undefined
    );
  });

  it('generic mapping (reference §4.1 vector)', () => {
    assert.deepStrictEqual(
      ids(
        contextFromXrayTraceHeader(
          'Root=1-5ce31dc2-2c779014b90ce44db5e03875;Parent=0b11cc4230d3e09e;Sampled=1'
        )
      ),
      {
        trace: '4110911582297405557',
        parent: '797643193680388254',
        priority: 's:2',
      }
    );
    assert.strictEqual(
      ids(
        contextFromXrayTraceHeader(
          'Root=1-5ce31dc2-2c779014b90ce44db5e03875;Parent=0b11cc4230d3e09e;Sampled=0'
        )
      )?.priority,
      's:-1'
    );
  });

  it('rejects malformed headers', () => {
    for (const header of [
      undefined,
      42,
      '',
      'Root=1-5ce31dc2-2c779014b90ce44db5e03875',
      'Parent=0b11cc4230d3e09e;Root=1-5ce31dc2-2c779014b90ce44db5e03875;Sampled=1',
      'Root=1-5ce31dc2-2c779014b90ce44db5e0387;Parent=0b11cc4230d3e09e;Sampled=1',
      'Root=1-5ce31dc2-2c779014b90ce44db5e03875;Parent=0b11cc4230d3e09;Sampled=1',
      'Root=1-5ce31dc2-zc779014b90ce44db5e03875;Parent=0b11cc4230d3e09e;Sampled=1',
      'Root=1-00000000-000000000000000000000000;Parent=0b11cc4230d3e09e;Sampled=1',
      'Root=' + 'x'.repeat(300),
    ]) {
      assert.strictEqual(
        contextFromDatadogTraceHeader(header),
        undefined,
        String(header)
      );
    }
    assert.strictEqual(
      contextFromXrayTraceHeader('Root=1-a-b;Parent=c;Sampled=1'),
      undefined
    );
  });
});
