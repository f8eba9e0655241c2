/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Datadog Synthetics sends `x-datadog-parent-id: 0`: the service's span must
// be the root of the trace Synthetics started. Checked through the real
// Node SDK and instrumentation-http in a child process.

import * as assert from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import * as path from 'node:path';

const SERVER = path.join(__dirname, 'syntheticsServer.js');
/** Low 64 bits in decimal, and the upper 64 bits as `_dd.p.tid`. */
const TRACE_ID_LOW = '1311768467463790320';
const TID = '640cfd8d00000000';
const TRACE_ID = TID + '123456789abcdef0';
const SYNTHETICS_HEADERS = {
  'x-datadog-trace-id': TRACE_ID_LOW,
  'x-datadog-parent-id': '0',
  'x-datadog-origin': 'synthetics',
  'x-datadog-sampling-priority': '1',
  'x-datadog-tags': `_dd.p.tid=${TID}`,
};

interface Line {
  type: string;
  [key: string]: any;
}

class Server {
  url = '';
  private readonly _lines: Line[] = [];
  private readonly _child: ChildProcess;

  constructor(env: Record<string, string>) {
    const clean: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (!key.startsWith('DD_') && !key.startsWith('OTEL_'))
        clean[key] = value;
    }
    this._child = spawn(process.execPath, [SERVER], {
      env: { ...clean, ...env },
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
      }
    });
  }

  count(match: (line: Line) => boolean): number {
    return this._lines.filter(match).length;
  }

  async waitFor(match: (line: Line) => boolean): Promise<Line> {
    const deadline = Date.now() + 10000;
    for (;;) {
      const found = this._lines.find(match);
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error('timed out waiting');
      await new Promise(resolve => setTimeout(resolve, 20));
    }
  }

  async start(): Promise<void> {
    this.url = (await this.waitFor(line => line.type === 'listening')).url;
  }

  stop(): Promise<void> {
    return new Promise(resolve => {
      if (this._child.exitCode !== null) return resolve();
      this._child.once('exit', () => resolve());
      this._child.kill('SIGTERM');
    });
  }
}

/** A downstream service that records the headers it receives. */
class Downstream {
  readonly received: http.IncomingHttpHeaders[] = [];
  private readonly _server = http.createServer((request, response) => {
    this.received.push(request.headers);
    response.end('ok');
  });

  url(): string {
    const address = this._server.address();
    assert.ok(address !== null && typeof address === 'object');
    return `http://127.0.0.1:${address.port}/`;
  }

  start(): Promise<void> {
    return new Promise(resolve =>
      this._server.listen(0, '127.0.0.1', () => resolve())
    );
  }

  stop(): Promise<void> {
    return new Promise(resolve => this._server.close(() => resolve()));
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

describe('Synthetics (x-datadog-parent-id: 0) through the Node SDK', function () {
  this.timeout(30000);
  let downstream: Downstream;
  before(() => {
    downstream = new Downstream();
    return downstream.start();
  });
  after(() => downstream.stop());

  async function request(
    server: Server,
    headers: Record<string, string>
  ): Promise<{ body: any; outgoing: http.IncomingHttpHeaders }> {
    const before = downstream.received.length;
    const body = await get(
      `${server.url}/?downstream=${encodeURIComponent(downstream.url())}`,
      headers
    );
    assert.strictEqual(downstream.received.length, before + 1);
    return { body, outgoing: downstream.received[before] };
  }

  for (const propagator of ['composite', 'datadog'])
    describe(`with DatadogIdGenerator and DatadogSampler (${propagator})`, () => {
      let server: Server;
      before(() => {
        server = new Server({
          OTEL_DD_OPT_IN: '1',
          OTEL_DD_PROPAGATOR: propagator,
        });
        return server.start();
      });
      after(() => server.stop());

      it('should make the server span the root of the Synthetics trace', async () => {
        const { body, outgoing } = await request(server, SYNTHETICS_HEADERS);
        assert.strictEqual(body.serverTraceId, TRACE_ID);
        const span = await server.waitFor(
          line =>
            line.type === 'span' &&
            line.name === 'GET' &&
            line.traceId === TRACE_ID &&
            line.parentSpanId === null
        );
        assert.match(span.traceState, /^dd=s:1;o:synthetics;t\.tid:/);

        // The call to the next service continues the same trace.
        assert.strictEqual(outgoing['x-datadog-trace-id'], TRACE_ID_LOW);
        assert.strictEqual(outgoing['x-datadog-origin'], 'synthetics');
        assert.strictEqual(outgoing['x-datadog-sampling-priority'], '1');
        assert.match(
          String(outgoing['x-datadog-tags']),
          /_dd\.p\.tid=640cfd8d00000000/
        );
        assert.notStrictEqual(outgoing['x-datadog-parent-id'], '0');
        if (propagator === 'composite') {
          assert.match(
            String(outgoing.traceparent),
            new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`)
          );
          const members = String(outgoing.tracestate).slice(3).split(';');
          assert.ok(
            members.includes('s:1') && members.includes('o:synthetics')
          );
        }
      });

      it('should give other root spans random trace ids', async () => {
        const isLater = (line: Line): boolean =>
          line.type === 'span' && line.name === 'later-root';
        const seen = server.count(isLater);
        const { body } = await request(server, SYNTHETICS_HEADERS);
        assert.strictEqual(body.serverTraceId, TRACE_ID);
        // Started with `root: true` inside the request: the id is used once.
        assert.notStrictEqual(body.insideTraceId, TRACE_ID);
        assert.match(body.insideTraceId, /^[0-9a-f]{32}$/);
        // Started after the request, outside its context.
        await server.waitFor(() => server.count(isLater) > seen);
        let skip = seen;
        const later = await server.waitFor(
          line => isLater(line) && skip-- === 0
        );
        assert.notStrictEqual(later.traceId, TRACE_ID);
        assert.strictEqual(later.parentSpanId, null);
        assert.strictEqual(later.traceState, null);
      });

      it('should drop the trace when Synthetics sends priority 0', async () => {
        const { body, outgoing } = await request(server, {
          ...SYNTHETICS_HEADERS,
          'x-datadog-sampling-priority': '0',
        });
        assert.strictEqual(body.serverTraceId, TRACE_ID);
        assert.strictEqual(outgoing['x-datadog-trace-id'], TRACE_ID_LOW);
        assert.strictEqual(outgoing['x-datadog-sampling-priority'], '0');
        assert.strictEqual(outgoing['x-datadog-origin'], 'synthetics');
      });

      it('should still start new traces for requests without headers', async () => {
        const { body, outgoing } = await request(server, {});
        assert.notStrictEqual(body.serverTraceId, TRACE_ID);
        assert.match(body.serverTraceId, /^[0-9a-f]{32}$/);
        assert.strictEqual(outgoing['x-datadog-origin'], undefined);
      });
    });

  describe('without the opt-in components', () => {
    let server: Server;
    before(() => {
      server = new Server({});
      return server.start();
    });
    after(() => server.stop());

    it('should start a new trace, as before', async () => {
      const { body, outgoing } = await request(server, SYNTHETICS_HEADERS);
      assert.match(body.serverTraceId, /^[0-9a-f]{32}$/);
      assert.notStrictEqual(body.serverTraceId, TRACE_ID);
      assert.notStrictEqual(outgoing['x-datadog-trace-id'], TRACE_ID_LOW);
      assert.strictEqual(outgoing['x-datadog-origin'], undefined);
    });
  });
});
