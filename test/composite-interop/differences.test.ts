/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Where we deliberately differ from dd-trace (documented in the package
// README). Each test shows both behaviours, so it fails if either changes.

import * as assert from 'node:assert';
import { ddOutcome, runDdTrace, runOurs, type Outcome } from './helpers';
import type { Headers } from './protocol';

const CASES: Record<string, Headers> = {
  'no sampling priority': {
    'x-datadog-trace-id': '123',
    'x-datadog-parent-id': '456',
  },
  'a B3 decision without ids': { b3: 'd' },
  'uppercase header names': {
    'X-Datadog-Trace-Id': '123',
    'X-Datadog-Parent-Id': '456',
    'X-Datadog-Sampling-Priority': '2',
  },
  'a trace id that is not a number': {
    'x-datadog-trace-id': 'abc',
    'x-datadog-parent-id': '456',
    'x-datadog-sampling-priority': '1',
  },
  'an uppercase traceparent': {
    traceparent: '00-640CFD8D00000000ABCDEFAB12345678-000000003ADE68B1-01',
  },
};

describe('documented differences from dd-trace', function () {
  const names = Object.keys(CASES);
  const dd = new Map<string, Outcome>();
  const ours = new Map<string, Outcome>();

  before(async function () {
    this.timeout(60000);
    const env = { DD_TRACE_PROPAGATION_STYLE: 'datadog,b3,tracecontext' };
    const output = await runDdTrace(
      env,
      names.map(name => CASES[name])
    );
    const our = runOurs(
      env,
      names.map(name => CASES[name])
    );
    names.forEach((name, i) => {
      dd.set(name, ddOutcome(output.results[i]));
      ours.set(name, our[i]);
    });
  });

  it('should leave the decision to the OpenTelemetry sampler without a priority', () => {
    // dd-trace samples locally (priority 1, decision maker -0); here the
    // context arrives unsampled and a parent-based sampler keeps it so.
    const theirs = dd.get('no sampling priority')!;
    const our = ours.get('no sampling priority')!;
    assert.strictEqual(theirs.context?.priority, null);
    assert.strictEqual(theirs.injected['x-datadog-sampling-priority'], '1');
    assert.strictEqual(our.context?.traceId, theirs.context?.traceId);
    assert.strictEqual(our.injected['x-datadog-sampling-priority'], '0');
  });

  it('should extract no context from a B3 decision without ids', () => {
    // dd-trace makes a context without a span id; OpenTelemetry has none.
    const theirs = dd.get('a B3 decision without ids')!;
    assert.strictEqual(theirs.context?.spanId, null);
    assert.strictEqual(theirs.context?.priority, 2);
    assert.strictEqual(ours.get('a B3 decision without ids')!.context, null);
  });

  it('should read header names in any letter case', () => {
    assert.strictEqual(dd.get('uppercase header names')!.context, null);
    assert.strictEqual(
      ours.get('uppercase header names')!.context?.traceId,
      '0000000000000000000000000000007b'
    );
  });

  it('should reject ids that are not unsigned decimals', () => {
    // dd-trace reads "abc" as trace id 0 and continues it.
    const theirs = dd.get('a trace id that is not a number')!;
    assert.strictEqual(theirs.context?.traceId, '0'.repeat(32));
    assert.strictEqual(
      ours.get('a trace id that is not a number')!.context,
      null
    );
  });

  it('should write ids in lowercase', () => {
    // dd-trace keeps the received case of the upper half in _dd.p.tid.
    const theirs = dd.get('an uppercase traceparent')!;
    const our = ours.get('an uppercase traceparent')!;
    assert.deepStrictEqual(theirs.context?.tags, [
      ['_dd.p.tid', '640CFD8D00000000'],
    ]);
    assert.deepStrictEqual(our.context?.tags, [
      ['_dd.p.tid', '640cfd8d00000000'],
    ]);
    assert.match(
      our.injected['x-datadog-tags'],
      /^_dd\.p\.tid=640cfd8d00000000$/
    );
  });
});
