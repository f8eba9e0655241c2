/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// examples/lambda-layer: otel-dd-layer.js wires @otel-dd into the
// OpenTelemetry Lambda layer's global hooks, with no change to the (ES
// module) handler. The layer is emulated (examples/lambda-layer/local): it
// calls the same hooks at the same moments as the real one.

import * as assert from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { hexIdToDecimal } from '@otel-dd/propagator-datadog';
import type { Producer } from './ddProducerWorker';
import { sqsRecord, sqsString } from './events';
import { TASK_ROOT, ddTraceProducers } from './workers';

const EXAMPLE = path.resolve(__dirname, '../../../examples/lambda-layer');
const LAYER_FILE = path.join(EXAMPLE, 'otel-dd-layer.js');

interface Line {
  type: string;
  [key: string]: any;
}

/** A stand-in for the orders service the handler posts to. */
class OrdersService {
  readonly received: http.IncomingHttpHeaders[] = [];
  private readonly _server = http.createServer((request, response) => {
    this.received.push(request.headers);
    request.resume();
    request.on('end', () => response.end('ok'));
  });

  start(): Promise<string> {
    return new Promise(resolve =>
      this._server.listen(0, '127.0.0.1', () =>
        resolve(
          `http://127.0.0.1:${(this._server.address() as AddressInfo).port}/`
        )
      )
    );
  }

  stop(): Promise<void> {
    return new Promise(resolve => this._server.close(() => resolve()));
  }
}

/** local/run.js: the function under the emulated layer, one event. */
function runUnderLayer(
  event: unknown,
  env: Record<string, string>
): Promise<Line[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(EXAMPLE, 'local', 'run.js')],
      {
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['pipe', 'pipe', 'inherit'],
      }
    );
    let output = '';
    child.stdout.setEncoding('utf8').on('data', chunk => (output += chunk));
    child.on('error', reject);
    child.on('exit', code => {
      if (code !== 0) return reject(new Error(`run.js exited with ${code}`));
      resolve(
        output
          .split('\n')
          .filter(line => line.startsWith('{'))
          .map(line => JSON.parse(line) as Line)
      );
    });
    child.stdin.end(JSON.stringify([event]));
  });
}

describe('examples/lambda-layer', function () {
  this.timeout(60_000);

  it('invoke.js: the handler is the dd-trace sender`s child and sends Datadog headers on', () => {
    const output = execFileSync(
      process.execPath,
      [path.join(EXAMPLE, 'invoke.js')],
      { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } }
    );
    const { result, span, ordersServiceReceived } = JSON.parse(output);
    assert.deepStrictEqual(result.result.statuses, [200, 200]);
    // x-datadog-trace-id 3722547357635736308 with _dd.p.tid=6b00cde100000000,
    // parent 547798646659507243; the second message's sender is a link.
    assert.strictEqual(span.traceId, '6b00cde10000000033a925194f7272f4');
    assert.strictEqual(span.parentSpanId, '079a2bf77e94642b');
    assert.deepStrictEqual(span.links, [
      {
        traceId: '6b00cde1000000000ffffba3de8707d9',
        spanId: '09a9672a0a01d2b3',
      },
    ]);
    assert.strictEqual(ordersServiceReceived.length, 2);
    for (const headers of ordersServiceReceived) {
      assert.strictEqual(headers['x-datadog-trace-id'], '3722547357635736308');
      assert.match(
        headers.traceparent,
        /^00-6b00cde10000000033a925194f7272f4-/
      );
    }
  });

  describe('with real dd-trace senders', () => {
    let orders: OrdersService;
    let url: string;
    let first: Producer;
    let second: Producer;
    let other: Producer;
    let event: unknown;

    before(async () => {
      orders = new OrdersService();
      url = await orders.start();
      [first, second, other] = ddTraceProducers({ producers: [{}, {}, {}] });
      event = {
        Records: [
          sqsRecord('m0', {
            body: '{"id":"order-1"}',
            // Datadog headers, and the W3C context of another trace.
            attributes: sqsString({
              ...first.headers,
              traceparent: other.headers.traceparent,
              tracestate: '',
            }),
          }),
          sqsRecord('m1', {
            body: '{"id":"order-2"}',
            attributes: sqsString(second.headers),
          }),
        ],
      };
    });
    after(() => orders.stop());
    beforeEach(() => (orders.received.length = 0));

    function invocation(lines: Line[]): Line {
      const span = lines.find(
        line => line.type === 'span' && line.name === 'orders-consumer'
      );
      assert.ok(span, JSON.stringify(lines));
      return span;
    }

    it('every hook is applied: extractor, request hook, propagator, span processor', async () => {
      const lines = await runUnderLayer(event, { ORDERS_URL: url });
      assert.deepStrictEqual(lines.at(-1), {
        type: 'result',
        result: { batchItemFailures: [], statuses: [200, 200] },
      });
      const span = invocation(lines);
      // configureLambdaInstrumentation: eventContextExtractor...
      assert.strictEqual(span.traceId, first.traceId);
      assert.strictEqual(span.parentSpanId, first.spanId);
      const links = span.links.map((link: any) => [
        link.traceId,
        link.spanId,
        link.attributes.reason ?? link.attributes['messaging.message.id'],
      ]);
      // ...and requestHook (the second sender); configureTracer:
      // DatadogSpanLinksProcessor (the other trace in the first carrier).
      assert.deepStrictEqual(
        links.sort(),
        [
          [other.traceId, other.spanId, 'terminated_context'],
          [second.traceId, second.spanId, 'm1'],
        ].sort()
      );
      // configureSdkRegistration: the global propagator writes Datadog
      // headers (the layer's default would not) on the HTTP client spans.
      const clients = lines.filter(
        line => line.type === 'span' && line.name === 'POST'
      );
      assert.strictEqual(orders.received.length, 2);
      for (const [index, headers] of orders.received.entries()) {
        const client = clients[index];
        assert.strictEqual(client.traceId, first.traceId);
        assert.strictEqual(
          headers['x-datadog-trace-id'],
          first.headers['x-datadog-trace-id']
        );
        assert.strictEqual(
          headers['x-datadog-parent-id'],
          hexIdToDecimal(client.spanId)
        );
        assert.strictEqual(
          headers.traceparent,
          `00-${first.traceId}-${client.spanId}-01`
        );
      }
    });

    it('keeps the hooks a function already defined', async () => {
      const lines = await runUnderLayer(event, {
        ORDERS_URL: url,
        NODE_OPTIONS: `--require ${path.join(TASK_ROOT, 'layerUserHooks.js')} --require ${LAYER_FILE}`,
      });
      const span = invocation(lines);
      assert.strictEqual(span.attributes['app.own_hook'], true);
      assert.strictEqual(span.parentSpanId, first.spanId);
      assert.strictEqual(span.links.length, 2);
    });

    it('DD_TRACE_PROPAGATION_STYLE set by the function wins', async () => {
      await runUnderLayer(event, {
        ORDERS_URL: url,
        DD_TRACE_PROPAGATION_STYLE: 'tracecontext',
      });
      assert.strictEqual(orders.received.length, 2);
      for (const headers of orders.received) {
        assert.strictEqual(headers['x-datadog-trace-id'], undefined);
        assert.ok(headers.traceparent);
      }
    });
  });
});
