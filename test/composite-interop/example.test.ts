/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { hexIdToDecimal } from '@otel-dd/propagator-datadog';

const EXAMPLE = path.resolve(__dirname, '../../../examples/composite-http');

/** The two ways to run the example: CommonJS, and its ES module twin. */
const VARIANTS: Array<{ name: string; args: string[] }> = [
  { name: 'server.js', args: [path.join(EXAMPLE, 'server.js')] },
  {
    name: 'server.mjs with --import telemetry.mjs',
    args: [
      '--import',
      pathToFileURL(path.join(EXAMPLE, 'telemetry.mjs')).href,
      path.join(EXAMPLE, 'server.mjs'),
    ],
  },
];

interface Line {
  type: string;
  [key: string]: any;
}

/** The example server as a child process, with its output as JSON lines. */
class ExampleServer {
  url = '';
  private readonly _lines: Line[] = [];
  private readonly _waiters: Array<() => void> = [];
  private readonly _child: ChildProcess;

  constructor(env: Record<string, string>, args: string[]) {
    const clean: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (!key.startsWith('DD_') && !key.startsWith('OTEL_'))
        clean[key] = value;
    }
    this._child = spawn(process.execPath, args, {
      env: { ...clean, PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffer = '';
    this._child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      let newline: number;
      while ((newline = buffer.indexOf('\n')) !== -1) {
        const text = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (text.startsWith('{')) this._lines.push(JSON.parse(text));
        for (const wake of this._waiters.splice(0)) wake();
      }
    });
  }

  async waitFor(match: (line: Line) => boolean): Promise<Line> {
    const deadline = Date.now() + 10000;
    for (;;) {
      const found = this._lines.find(match);
      if (found !== undefined) return found;
      if (Date.now() > deadline)
        throw new Error('timed out waiting for output');
      await new Promise<void>(resolve => {
        this._waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  async start(): Promise<void> {
    const line = await this.waitFor(item => item.type === 'listening');
    this.url = line.url;
  }

  stop(): Promise<void> {
    return new Promise(resolve => {
      if (this._child.exitCode !== null) return resolve();
      this._child.once('exit', () => resolve());
      this._child.kill('SIGTERM');
    });
  }
}

function get(url: string, headers: Record<string, string>): Promise<any> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, response => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', chunk => (body += chunk));
        response.on('end', () => resolve(JSON.parse(body)));
      })
      .on('error', reject);
  });
}

for (const { name, args } of VARIANTS)
  describe(`examples/composite-http: ${name}`, function () {
    this.timeout(30000);

    describe('with default settings', () => {
      let server: ExampleServer;
      before(() => {
        server = new ExampleServer({}, args);
        return server.start();
      });
      after(() => server.stop());

      it('should continue a trace sent with Datadog headers', async () => {
        const body = await get(server.url, {
          'x-datadog-trace-id': '123',
          'x-datadog-parent-id': '456',
          'x-datadog-sampling-priority': '2',
          'x-datadog-origin': 'rum',
          'x-datadog-tags': '_dd.p.tid=640cfd8d00000000,_dd.p.dm=-4',
          traceparent:
            '00-640cfd8d00000000abcdefab12345678-000000003ade68b1-01',
          baggage: 'user.id=alice',
        });
        assert.strictEqual(body.traceId, '640cfd8d00000000000000000000007b');
        const span = await server.waitFor(
          line => line.type === 'span' && line.spanId === body.spanId
        );
        assert.strictEqual(span.parentSpanId, '00000000000001c8');
        assert.deepStrictEqual(span.links, [
          {
            traceId: '640cfd8d00000000abcdefab12345678',
            spanId: '000000003ade68b1',
            attributes: {
              reason: 'terminated_context',
              context_headers: 'tracecontext',
            },
          },
        ]);
        assert.strictEqual(span.attributes['baggage.user.id'], 'alice');
        assert.deepStrictEqual(body.outgoing, {
          baggage: 'user.id=alice',
          'x-datadog-trace-id': '123',
          'x-datadog-parent-id': hexIdToDecimal(body.spanId),
          'x-datadog-sampling-priority': '2',
          'x-datadog-origin': 'rum',
          'x-datadog-tags': '_dd.p.tid=640cfd8d00000000,_dd.p.dm=-4',
          traceparent: `00-640cfd8d00000000000000000000007b-${body.spanId}-01`,
          tracestate: `dd=t.tid:640cfd8d00000000;o:rum;t.dm:-4;s:2;p:${body.spanId}`,
        });
      });

      it('should start a new trace without incoming headers', async () => {
        const body = await get(server.url, {});
        assert.notStrictEqual(body.traceId, '640cfd8d00000000000000000000007b');
        const span = await server.waitFor(
          line => line.type === 'span' && line.spanId === body.spanId
        );
        assert.strictEqual(span.parentSpanId, null);
        assert.deepStrictEqual(span.links, []);
        assert.strictEqual(body.outgoing['x-datadog-sampling-priority'], '1');
      });
    });

    describe('with DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT=restart', () => {
      let server: ExampleServer;
      before(() => {
        server = new ExampleServer(
          { DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT: 'restart' },
          args
        );
        return server.start();
      });
      after(() => server.stop());

      it('should start a new trace linked to the incoming one', async () => {
        const body = await get(server.url, {
          'x-datadog-trace-id': '123',
          'x-datadog-parent-id': '456',
          'x-datadog-sampling-priority': '1',
        });
        assert.notStrictEqual(body.traceId, '0000000000000000000000000000007b');
        const span = await server.waitFor(
          line => line.type === 'span' && line.spanId === body.spanId
        );
        assert.strictEqual(span.parentSpanId, null);
        assert.deepStrictEqual(span.links, [
          {
            traceId: '0000000000000000000000000000007b',
            spanId: '00000000000001c8',
            attributes: {
              reason: 'propagation_behavior_extract',
              context_headers: 'datadog',
            },
          },
        ]);
      });
    });
  });
