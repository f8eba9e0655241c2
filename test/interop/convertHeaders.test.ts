/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// convertHeaders against dd-trace: dd-trace extracting with the `from` style
// and injecting the extracted context with the `to` style is a conversion;
// ours must write the same headers, for every pair of styles both know.

import * as assert from 'node:assert';
import { convertHeaders } from '@otel-dd/propagator-composite';
import { askDdTrace } from './ddTrace';

type Headers = Record<string, string>;

const STYLES = ['datadog', 'tracecontext', 'b3', 'b3multi'] as const;

/** Contexts as upstream dd-trace services send them. */
const UPSTREAM: Headers[] = [
  {
    'x-datadog-trace-id': '7677100746027276020',
    'x-datadog-parent-id': '7677100746027276020',
    'x-datadog-sampling-priority': '1',
    'x-datadog-tags': '_dd.p.tid=6b00c47500000000,_dd.p.dm=-0',
  },
  {
    'x-datadog-trace-id': '123',
    'x-datadog-parent-id': '456',
    'x-datadog-sampling-priority': '2',
    'x-datadog-origin': 'synthetics',
    'x-datadog-tags':
      '_dd.p.tid=640cfd8d00000000,_dd.p.dm=-4,_dd.p.usr.id=baz64==',
  },
  {
    'x-datadog-trace-id': '18446744073709551615',
    'x-datadog-parent-id': '1',
    'x-datadog-sampling-priority': '-1',
  },
  {
    'x-datadog-trace-id': '42',
    'x-datadog-parent-id': '9223372036854775808',
    'x-datadog-sampling-priority': '0',
    'x-datadog-origin': 'rum',
  },
];

describe('convertHeaders against dd-trace', function () {
  this.timeout(120_000);

  /** Upstream contexts as dd-trace writes them in each style. */
  const sources = new Map<string, Headers[]>();
  const expected = new Map<string, Array<Headers | null>>();

  before(() => {
    for (const from of STYLES) {
      const written = askDdTrace(
        { reinject: UPSTREAM },
        {
          DD_TRACE_PROPAGATION_STYLE_EXTRACT: 'datadog',
          DD_TRACE_PROPAGATION_STYLE_INJECT: from,
        }
      ).reinject;
      sources.set(
        from,
        written.map(h => h ?? {})
      );
    }
    for (const from of STYLES) {
      for (const to of STYLES) {
        expected.set(
          `${from}->${to}`,
          askDdTrace(
            { reinject: sources.get(from)! },
            {
              DD_TRACE_PROPAGATION_STYLE_EXTRACT: from,
              DD_TRACE_PROPAGATION_STYLE_INJECT: to,
            }
          ).reinject
        );
      }
    }
  });

  for (const from of STYLES) {
    for (const to of STYLES) {
      it(`should convert ${from} to ${to} as dd-trace does`, () => {
        const theirs = expected.get(`${from}->${to}`)!;
        sources.get(from)!.forEach((source, index) => {
          assert.ok(
            Object.keys(source).length > 0,
            'dd-trace wrote the source'
          );
          assert.ok(theirs[index], 'dd-trace converted it');
          const ours = convertHeaders(source, { from, to, env: {} });
          assert.deepStrictEqual(
            ours,
            theirs[index] ?? {},
            `context #${index}: ${JSON.stringify(source)}`
          );
        });
      });
    }
  }
});
