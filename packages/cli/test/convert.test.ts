/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import { run } from './helpers';

const DATADOG_JSON = JSON.stringify({
  'X-Datadog-Trace-Id': '123',
  'x-datadog-parent-id': '456',
  'x-datadog-sampling-priority': '2',
  'x-datadog-tags': '_dd.p.tid=640cfd8d00000000',
});
const TRACEPARENT = '00-640cfd8d00000000000000000000007b-00000000000001c8-01';

describe('otel-dd convert', () => {
  it('should convert JSON on stdin to JSON', async () => {
    const result = await run(['convert', '--to', 'tracecontext'], {
      stdin: DATADOG_JSON,
    });
    assert.strictEqual(result.code, 0);
    const out = JSON.parse(result.stdout);
    assert.strictEqual(out.traceparent, TRACEPARENT);
    assert.deepStrictEqual(Object.keys(out).sort(), [
      'traceparent',
      'tracestate',
    ]);
  });

  it('should read curl -v lines and print header lines', async () => {
    const stdin = `> GET / HTTP/1.1\r\n> Host: x\r\n> traceparent: ${TRACEPARENT}\r\n>\r\n`;
    const result = await run(
      ['convert', '--to', 'datadog', '--format', 'headers'],
      { stdin }
    );
    assert.strictEqual(result.code, 0);
    assert.match(result.stdout, /^x-datadog-trace-id: 123$/m);
    assert.match(
      result.stdout,
      /^x-datadog-tags: _dd\.p\.tid=640cfd8d00000000$/m
    );
  });

  it('should read -H arguments and honour --from', async () => {
    const result = await run(
      [
        'convert',
        '--from',
        'b3',
        '--to',
        'b3multi',
        '-H',
        'b3: 640cfd8d00000000000000000000007b-00000000000001c8-1',
        '--header',
        `traceparent: ${TRACEPARENT.replace('7b-', '7c-')}`,
      ],
      { stdinIsTTY: true }
    );
    assert.strictEqual(result.code, 0);
    assert.strictEqual(
      JSON.parse(result.stdout)['x-b3-traceid'],
      '640cfd8d00000000000000000000007b'
    );
  });

  it('should use the environment for the default extract styles', async () => {
    const result = await run(['convert', '--to', 'tracecontext'], {
      stdin: DATADOG_JSON,
      env: { DD_TRACE_PROPAGATION_STYLE_EXTRACT: 'b3' },
    });
    assert.strictEqual(result.code, 1);
    assert.match(result.stderr, /no trace context found/);
  });

  it('should exit 2 with one line for bad input', async () => {
    for (const [argv, stdin] of [
      [['convert'], DATADOG_JSON],
      [['convert', '--to', 'jaeger'], DATADOG_JSON],
      [['convert', '--to', 'b3', '--from', ''], DATADOG_JSON],
      [['convert', '--to', 'b3', '--format', 'xml'], DATADOG_JSON],
      [['convert', '--to', 'b3'], '{"broken":'],
      [['convert', '--to', 'b3', 'extra'], DATADOG_JSON],
    ] as Array<[string[], string]>) {
      const result = await run(argv, { stdin });
      assert.strictEqual(result.code, 2, argv.join(' '));
      assert.match(result.stderr, /^otel-dd: [^\n]+\n$/, argv.join(' '));
    }
  });

  it('should refuse to wait on a terminal without -H', async () => {
    const result = await run(['convert', '--to', 'b3'], { stdinIsTTY: true });
    assert.strictEqual(result.code, 2);
    assert.match(result.stderr, /no headers/);
  });

  it('should print help', async () => {
    const result = await run(['convert', '--help']);
    assert.strictEqual(result.code, 0);
    assert.match(result.stdout, /Usage: otel-dd convert/);
  });
});
