/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import { inspectHeaders } from '../src/commands/inspect';
import { run } from './helpers';

const headers = {
  'x-datadog-trace-id': '123',
  'x-datadog-parent-id': '456',
  'x-datadog-sampling-priority': '2',
  'x-datadog-origin': 'rum',
  'x-datadog-tags': '_dd.p.tid=640cfd8d00000000,_dd.p.dm=-4',
  traceparent: '00-640cfd8d00000000000000000000007b-00000000000001c8-01',
  tracestate: 'dd=s:2;o:rum,other=x',
  baggage: 'user.id=alice',
};

describe('otel-dd inspect', () => {
  it('should decode ids both ways, priority by name, origin, tags, tracestate and baggage', () => {
    const inspection = inspectHeaders(headers, {});
    assert.deepStrictEqual(inspection.found, ['datadog', 'tracecontext']);
    assert.match(inspection.agreement, /^agree/);
    assert.deepStrictEqual(inspection.result, {
      traceId: '640cfd8d00000000000000000000007b',
      datadogTraceId: '123',
      tid: '640cfd8d00000000',
      spanId: '00000000000001c8',
      datadogSpanId: '456',
      sampled: true,
      priority: '2 (USER_KEEP)',
      origin: 'rum',
      tags: ['_dd.p.tid=640cfd8d00000000', '_dd.p.dm=-4'],
    });
    assert.deepStrictEqual(inspection.tracestate, ['dd=s:2;o:rum', 'other=x']);
    assert.deepStrictEqual(inspection.baggage, ['user.id=alice']);
  });

  it('should say when styles carry different traces, and show the link', () => {
    const inspection = inspectHeaders(
      {
        ...headers,
        traceparent: '00-11111111111111111111111111111111-00000000000001c8-01',
      },
      {}
    );
    assert.match(inspection.agreement, /CONFLICT/);
    assert.strictEqual(inspection.links.length, 1);
    assert.strictEqual(
      inspection.links[0].attributes.reason,
      'terminated_context'
    );
  });

  it('should flag a Datadog header that lost the upper 64 bits', () => {
    const { 'x-datadog-tags': _dropped, ...without } = headers;
    assert.match(inspectHeaders(without, {}).agreement, /low 64 bits/);
  });

  it('should say when the parents differ within one trace', () => {
    const inspection = inspectHeaders(
      {
        ...headers,
        traceparent: '00-640cfd8d00000000000000000000007b-00000000000000aa-01',
      },
      {}
    );
    assert.match(inspection.agreement, /different parent spans/);
    assert.strictEqual(inspection.result?.spanId, '00000000000000aa');
  });

  it('should print a table on a TTY and plain lines in a pipe', async () => {
    const stdin = JSON.stringify(headers);
    const tty = await run(['inspect'], { stdin, isTTY: true });
    const pipe = await run(['inspect'], { stdin });
    assert.strictEqual(tty.code, 0);
    assert.match(tty.stdout, /^sampling priority +2 \(USER_KEEP\)$/m);
    assert.match(pipe.stdout, /^sampling priority: 2 \(USER_KEEP\)$/m);
    assert.match(
      pipe.stdout,
      /^datadog trace id: 123 {2}_dd\.p\.tid=640cfd8d00000000$/m
    );
    const json = JSON.parse(
      (await run(['inspect', '--json'], { stdin })).stdout
    );
    assert.strictEqual(json.result.datadogSpanId, '456');
  });

  it('should exit 1 when nothing is found and 2 for bad input', async () => {
    assert.strictEqual(
      (await run(['inspect'], { stdin: '{"host":"x"}' })).code,
      1
    );
    assert.strictEqual(
      (await run(['inspect', '--from', 'zipkin'], { stdin: '{}' })).code,
      2
    );
    assert.strictEqual((await run(['inspect', 'x'], { stdin: '{}' })).code, 2);
    assert.match(
      (await run(['inspect', '-h'])).stdout,
      /Usage: otel-dd inspect/
    );
  });
});
