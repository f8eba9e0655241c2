/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import { diag } from '@opentelemetry/api';
import {
  resolvePropagationConfig,
  type PropagationConfig,
} from '@otel-dd/propagator-composite';
import { runDdTrace } from './helpers';
import type { WorkerConfig } from './protocol';

/**
 * Environments given to dd-trace and to resolvePropagationConfig. Where we
 * deliberately differ, `ours` holds what we resolve instead.
 */
const ENVIRONMENTS: Array<{
  env: Record<string, string>;
  ours?: Partial<PropagationConfig>;
}> = [
  { env: {} },
  { env: { DD_TRACE_PROPAGATION_STYLE: 'Datadog, B3 single header' } },
  { env: { DD_TRACE_PROPAGATION_STYLE: 'datadog,,b3multi' } },
  { env: { DD_TRACE_PROPAGATION_STYLE: 'datadog,datadog' } },
  { env: { DD_TRACE_PROPAGATION_STYLE: 'none' } },
  { env: { DD_TRACE_PROPAGATION_STYLE: 'none,datadog' } },
  { env: { DD_TRACE_PROPAGATION_STYLE: '' } },
  { env: { DD_TRACE_PROPAGATION_STYLE: ' , ' } },
  { env: { DD_TRACE_PROPAGATION_STYLE: 'datadog,foo' } },
  { env: { OTEL_PROPAGATORS: 'b3,datadog' } },
  { env: { OTEL_PROPAGATORS: 'b3multi,jaeger' } },
  { env: { OTEL_PROPAGATORS: '' } },
  {
    env: {
      DD_TRACE_PROPAGATION_STYLE: 'b3multi',
      OTEL_PROPAGATORS: 'tracecontext',
    },
  },
  {
    env: {
      DD_TRACE_PROPAGATION_STYLE: 'foo',
      OTEL_PROPAGATORS: 'tracecontext',
    },
  },
  {
    env: {
      DD_TRACE_PROPAGATION_STYLE_EXTRACT: 'datadog,tracecontext',
      DD_TRACE_PROPAGATION_STYLE: 'datadog',
    },
  },
  {
    env: {
      DD_TRACE_PROPAGATION_STYLE_EXTRACT: 'Datadog',
      OTEL_PROPAGATORS: 'b3',
    },
  },
  {
    env: {
      DD_TRACE_PROPAGATION_STYLE: 'foo',
      DD_TRACE_PROPAGATION_STYLE_INJECT: 'b3',
    },
  },
  { env: { DD_TRACE_PROPAGATION_STYLE_INJECT: 'Foo, B3 single header' } },
  { env: { DD_TRACE_PROPAGATION_STYLE_EXTRACT: '' } },
  { env: { DD_TRACE_PROPAGATION_EXTRACT_FIRST: 'TRUE' } },
  { env: { DD_TRACE_PROPAGATION_EXTRACT_FIRST: '1' } },
  { env: { DD_TRACE_PROPAGATION_EXTRACT_FIRST: '0' } },
  { env: { DD_TRACE_PROPAGATION_EXTRACT_FIRST: 'yes' } },
  { env: { DD_TRACE_PROPAGATION_EXTRACT_FIRST: ' true' } },
  { env: { DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT: 'Restart' } },
  { env: { DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT: 'ignore' } },
  { env: { DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT: ' ignore ' } },
  { env: { DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT: 'foo' } },
  { env: { DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH: '0' } },
  { env: { DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH: '1024' } },
  { env: { DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH: '0x10' } },
  { env: { DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH: '1e3' } },
  // dd-trace truncates or keeps any number; we reject what is not a
  // non-negative integer and keep the default.
  {
    env: { DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH: '12.7' },
    ours: { tagsMaxLength: 512 },
  },
  {
    env: { DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH: '-1' },
    ours: { tagsMaxLength: 512 },
  },
  {
    env: {
      DD_TRACE_BAGGAGE_MAX_ITEMS: 'abc',
      DD_TRACE_BAGGAGE_MAX_BYTES: '100',
    },
  },
  {
    env: { DD_TRACE_BAGGAGE_MAX_ITEMS: '0', DD_TRACE_BAGGAGE_MAX_BYTES: '1e3' },
  },
  {
    env: { DD_TRACE_BAGGAGE_MAX_BYTES: '-5' },
    ours: { baggageMaxBytes: 8192 },
  },
  // dd-trace reads an empty number as 0; we treat it as unset.
  {
    env: { DD_TRACE_BAGGAGE_MAX_ITEMS: '' },
    ours: { baggageMaxItems: 64 },
  },
  { env: { DD_TRACE_BAGGAGE_TAG_KEYS: '*' } },
  { env: { DD_TRACE_BAGGAGE_TAG_KEYS: '' } },
  { env: { DD_TRACE_BAGGAGE_TAG_KEYS: ' A , b,,c ' } },
];

/**
 * dd-trace keeps names it does not know in the direction-specific lists
 * and the legacy `b3 single header` spelling there, then ignores or
 * aliases them when propagating; compare what it will actually do.
 */
function effectiveStyles(styles: string[]): string[] {
  const known = ['datadog', 'tracecontext', 'b3', 'b3multi', 'baggage', 'none'];
  const result: string[] = [];
  for (const style of styles) {
    const name = style === 'b3 single header' ? 'b3' : style;
    if (known.includes(name) && !result.includes(name)) result.push(name);
  }
  return result;
}

function fromDdTrace(config: WorkerConfig): PropagationConfig {
  return {
    extract: effectiveStyles(config.extract) as PropagationConfig['extract'],
    inject: effectiveStyles(config.inject) as PropagationConfig['inject'],
    extractFirst: config.extractFirst,
    extractBehavior:
      config.extractBehavior as PropagationConfig['extractBehavior'],
    tagsMaxLength: config.tagsMaxLength,
    baggageMaxItems: config.baggageMaxItems,
    baggageMaxBytes: config.baggageMaxBytes,
    baggageTagKeys: config.baggageTagKeys,
  };
}

describe('resolvePropagationConfig interop with dd-trace', function () {
  const resolved: WorkerConfig[] = [];

  before(async function () {
    this.timeout(60000);
    const outputs = await Promise.all(
      ENVIRONMENTS.map(({ env }) => runDdTrace(env, []))
    );
    for (const output of outputs) resolved.push(output.config);
  });

  ENVIRONMENTS.forEach(({ env, ours }, index) => {
    it(`should resolve ${JSON.stringify(env)} as dd-trace does`, () => {
      const warn = diag.warn;
      diag.warn = () => {};
      let actual: PropagationConfig;
      try {
        actual = resolvePropagationConfig({ env });
      } finally {
        diag.warn = warn;
      }
      const expected = { ...fromDdTrace(resolved[index]), ...ours };
      assert.deepStrictEqual(
        { ...actual, extract: [...actual.extract], inject: [...actual.inject] },
        expected
      );
      if (ours !== undefined) {
        // The deviation is real: dd-trace resolved something else.
        assert.notDeepStrictEqual(fromDdTrace(resolved[index]), expected);
      }
    });
  });
});
