/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import { ROOT_CONTEXT, TraceFlags } from '@opentelemetry/api';
import { XRayPropagator, getDatadogState } from '../src';
import { extractSpanContext, inject, localSpanContext } from './helpers';

const HEADER =
  'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';

describe('XRayPropagator', () => {
  const propagator = new XRayPropagator();

  describe('.extract()', () => {
    it('should read the AWS documentation example', () => {
      const spanContext = extractSpanContext(propagator, {
        'x-amzn-trace-id': HEADER,
      })!;
      assert.strictEqual(
        spanContext.traceId,
        '5759e988bd862e3fe1be46a994272793'
      );
      assert.strictEqual(spanContext.spanId, '53995c3f42cd8ad8');
      assert.strictEqual(spanContext.traceFlags, TraceFlags.SAMPLED);
      assert.strictEqual(spanContext.isRemote, true);
      assert.deepStrictEqual(getDatadogState(spanContext).tags, [
        ['_dd.p.tid', '5759e988bd862e3f'],
      ]);
    });

    it('should find the header in any case, with fields in any order', () => {
      const spanContext = extractSpanContext(propagator, {
        'X-Amzn-Trace-Id':
          'Sampled=0; Self=1-abc ;Parent=53995C3F42CD8AD8;Root=1-5759E988-BD862E3FE1BE46A994272793;Lineage=a:1',
      })!;
      assert.strictEqual(
        spanContext.traceId,
        '5759e988bd862e3fe1be46a994272793'
      );
      assert.strictEqual(spanContext.spanId, '53995c3f42cd8ad8');
      assert.strictEqual(spanContext.traceFlags, TraceFlags.NONE);
    });

    for (const value of [
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8',
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=?',
      'Root=2-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
      'Root=1-5759e988bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
      'Root=1-00000000-000000000000000000000000;Parent=53995c3f42cd8ad8;Sampled=1',
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=0000000000000000;Sampled=1',
      'Root=1-5759e988-bd862e3fe1be46a99427279g;Parent=53995c3f42cd8ad8;Sampled=1',
      'Parent=53995c3f42cd8ad8;Sampled=1',
      HEADER + ';' + 'x'.repeat(3000),
    ]) {
      it(`should extract nothing from ${JSON.stringify(value.slice(0, 90))}`, () => {
        assert.strictEqual(
          extractSpanContext(propagator, { 'x-amzn-trace-id': value }),
          undefined
        );
      });
    }
  });

  describe('.inject()', () => {
    it('should write Root, Parent and Sampled', () => {
      assert.deepStrictEqual(
        inject(
          propagator,
          localSpanContext(
            '5759e988bd862e3fe1be46a994272793',
            '53995c3f42cd8ad8'
          )
        ),
        { 'x-amzn-trace-id': HEADER }
      );
      assert.deepStrictEqual(
        inject(
          propagator,
          localSpanContext(
            '5759e988bd862e3fe1be46a994272793',
            '53995c3f42cd8ad8',
            false
          )
        ),
        { 'x-amzn-trace-id': HEADER.replace('Sampled=1', 'Sampled=0') }
      );
      assert.deepStrictEqual(inject(propagator, ROOT_CONTEXT), {});
    });
  });

  describe('.fields()', () => {
    it('should list x-amzn-trace-id', () => {
      assert.deepStrictEqual(propagator.fields(), ['x-amzn-trace-id']);
    });
  });
});
