/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import {
  ddOutcome,
  normalizeInjected,
  runDdTrace,
  runOurs,
  withoutLocalDecision,
  type Outcome,
} from './helpers';
import { HEADER_CASES } from './cases';
import type { WorkerOutput } from './protocol';

/** Style settings, each given to dd-trace and to us as the same env. */
const CONFIGS: Record<string, Record<string, string>> = {
  default: {},
  datadog: { DD_TRACE_PROPAGATION_STYLE: 'datadog' },
  tracecontext: { DD_TRACE_PROPAGATION_STYLE: 'tracecontext' },
  b3: { DD_TRACE_PROPAGATION_STYLE: 'b3' },
  'b3 single header': { DD_TRACE_PROPAGATION_STYLE: 'B3 single header' },
  b3multi: { DD_TRACE_PROPAGATION_STYLE: 'b3multi' },
  baggage: { DD_TRACE_PROPAGATION_STYLE: 'baggage' },
  none: { DD_TRACE_PROPAGATION_STYLE: 'none' },
  'tracecontext,datadog': {
    DD_TRACE_PROPAGATION_STYLE: 'tracecontext,datadog',
  },
  'extract first': { DD_TRACE_PROPAGATION_EXTRACT_FIRST: 'true' },
  'extract first, tracecontext,datadog': {
    DD_TRACE_PROPAGATION_STYLE: 'tracecontext,datadog,baggage',
    DD_TRACE_PROPAGATION_EXTRACT_FIRST: '1',
  },
  restart: { DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT: 'restart' },
  ignore: { DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT: 'Ignore' },
  'OTEL_PROPAGATORS=b3multi,tracecontext,baggage': {
    OTEL_PROPAGATORS: 'b3multi,tracecontext,baggage',
  },
  'extract b3multi,datadog; inject b3,tracecontext': {
    DD_TRACE_PROPAGATION_STYLE_EXTRACT: 'b3multi,datadog',
    DD_TRACE_PROPAGATION_STYLE_INJECT: 'b3,tracecontext',
  },
  'datadog,b3,b3multi,tracecontext': {
    DD_TRACE_PROPAGATION_STYLE: 'datadog,b3,b3multi,tracecontext',
  },
  'x-datadog-tags disabled': { DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH: '0' },
  'baggage limits, all keys as tags': {
    DD_TRACE_BAGGAGE_MAX_ITEMS: '2',
    DD_TRACE_BAGGAGE_TAG_KEYS: '*',
  },
};

const caseNames = Object.keys(HEADER_CASES);
const caseHeaders = caseNames.map(name => HEADER_CASES[name]);

/** The child span started a trace of its own. */
function isNewTrace(outcome: Outcome): boolean {
  return (
    outcome.context === null ||
    outcome.child.traceId !== outcome.context.traceId ||
    outcome.links.some(
      link => link.attributes.reason === 'propagation_behavior_extract'
    )
  );
}

describe('DatadogCompositePropagator interop with dd-trace', function () {
  const outputs = new Map<string, WorkerOutput>();

  before(async function () {
    this.timeout(60000);
    const names = Object.keys(CONFIGS);
    const results = await Promise.all(
      names.map(name => runDdTrace(CONFIGS[name], caseHeaders))
    );
    names.forEach((name, i) => outputs.set(name, results[i]));
  });

  for (const [configName, env] of Object.entries(CONFIGS)) {
    describe(`with ${configName} (${JSON.stringify(env)})`, () => {
      let ours: Outcome[];
      before(() => {
        ours = runOurs(env, caseHeaders);
      });

      caseNames.forEach((caseName, index) => {
        it(`should match dd-trace for ${caseName}`, () => {
          const dd = ddOutcome(outputs.get(configName)!.results[index]);
          const our = ours[index];
          const ignore = env.DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT === 'Ignore';
          if (ignore) {
            // dd-trace returns the context, its tracer then drops it.
            assert.strictEqual(our.context, null);
          } else {
            assert.deepStrictEqual(our.context, dd.context, 'extracted');
          }
          assert.deepStrictEqual(our.links, dd.links, 'links');
          assert.deepStrictEqual(our.baggage, dd.baggage, 'baggage');
          if (caseName === 'malformed baggage') {
            // Known difference: dd-trace tags the members it read before
            // finding the malformed one, although it discards the header.
            assert.deepStrictEqual(our.baggageTags, {});
          } else {
            assert.deepStrictEqual(
              our.baggageTags,
              dd.baggageTags,
              'baggage tags'
            );
          }

          const newTrace = isNewTrace(dd) || ignore;
          assert.strictEqual(isNewTrace(our) || ignore, newTrace, 'new trace');
          let expected = normalizeInjected(dd.injected, dd.child, newTrace);
          if (newTrace) expected = withoutLocalDecision(expected);
          assert.deepStrictEqual(
            normalizeInjected(our.injected, our.child, newTrace),
            expected,
            'injected from a child span'
          );
        });
      });
    });
  }
});
