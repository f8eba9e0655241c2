/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import { DatadogCompositePropagator, getPropagatorFromEnv } from '../src';

describe('getPropagatorFromEnv', () => {
  it('should configure a composite propagator from the given environment', () => {
    const propagator = getPropagatorFromEnv({
      OTEL_PROPAGATORS: 'datadog,tracecontext',
      DD_TRACE_PROPAGATION_EXTRACT_FIRST: 'true',
    });
    assert.ok(propagator instanceof DatadogCompositePropagator);
    assert.deepStrictEqual(propagator.config.extract, [
      'datadog',
      'tracecontext',
    ]);
    assert.strictEqual(propagator.config.extractFirst, true);
  });

  it('should read process.env by default', () => {
    const saved = process.env.OTEL_PROPAGATORS;
    process.env.OTEL_PROPAGATORS = 'xray';
    try {
      assert.deepStrictEqual(getPropagatorFromEnv().fields(), [
        'x-amzn-trace-id',
      ]);
    } finally {
      if (saved === undefined) delete process.env.OTEL_PROPAGATORS;
      else process.env.OTEL_PROPAGATORS = saved;
    }
  });
});
