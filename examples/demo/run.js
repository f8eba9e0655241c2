#!/usr/bin/env node
/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The whole journey on loopback, in one command:
//   frontend (dd-trace) -> orders (OTel) -> SQS event -> orders-consumer
//   (OTel Lambda) -> billing (dd-trace)
// Spans from both tracers are collected from the processes' stdout and
// printed as one tree, with ids in both forms. `--json` prints the result
// for machines. Exit code 0 when it is one trace, 1 otherwise.

'use strict';

const { spawn } = require('node:child_process');
const http = require('node:http');
const path = require('node:path');

const json = process.argv.includes('--json');
const processes = [];

function start(name, script, args = [], env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(__dirname, script), ...args],
      {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      }
    );
    const entry = { name, child, stdout: '', stderr: '' };
    processes.push(entry);
    child.stdout.on('data', chunk => (entry.stdout += chunk));
    child.stderr.on('data', chunk => {
      entry.stderr += chunk;
      const ready = /READY (\S+)/.exec(entry.stderr);
      if (ready) resolve(ready[1]);
    });
    child.on('exit', code =>
      reject(new Error(`${name} exited (${code}): ${entry.stderr}`))
    );
    setTimeout(
      () => reject(new Error(`${name} did not start: ${entry.stderr}`)),
      30000
    ).unref();
  });
}

function get(url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, response => {
        let body = '';
        response.on('data', chunk => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode, body })
        );
      })
      .on('error', reject);
  });
}

const hexToDecimal = hex => BigInt('0x' + hex).toString();

/** Spans as both tracers print them, in one shape. */
function collectSpans() {
  const spans = [];
  for (const { name, stdout } of processes) {
    for (const line of stdout.split('\n')) {
      if (!line.startsWith('{')) continue;
      let parsed;
      try {
        parsed = JSON.parse(line);
      } catch {
        continue;
      }
      if (parsed.otel) {
        const s = parsed.otel;
        spans.push({
          tracer: 'otel',
          process: name,
          service: s.service,
          name: s.name,
          traceId: s.traceId,
          spanId: s.spanId,
          parentId: s.parentSpanId,
        });
      }
      for (const chunk of parsed.traces ?? []) {
        // dd-trace writes the upper 64 bits once per chunk, in _dd.p.tid.
        const tid =
          chunk.find(s => s.meta && s.meta['_dd.p.tid'])?.meta['_dd.p.tid'] ??
          '0'.repeat(16);
        for (const s of chunk) {
          spans.push({
            tracer: 'dd-trace',
            process: name,
            service: s.service,
            name: `${s.name} ${s.resource}`,
            traceId: tid + s.trace_id.padStart(16, '0'),
            spanId: s.span_id.padStart(16, '0'),
            parentId:
              s.parent_id === '0000000000000000'
                ? undefined
                : s.parent_id.padStart(16, '0'),
          });
        }
      }
    }
  }
  return spans;
}

function analyse(spans) {
  const traceIds = [...new Set(spans.map(s => s.traceId))];
  const ids = new Set(spans.map(s => s.spanId));
  const roots = spans.filter(s => s.parentId === undefined);
  const orphans = spans.filter(
    s => s.parentId !== undefined && !ids.has(s.parentId)
  );
  const tracers = new Set(spans.map(s => s.tracer));
  const oneTrace =
    spans.length > 0 &&
    traceIds.length === 1 &&
    roots.length === 1 &&
    orphans.length === 0 &&
    tracers.size === 2;
  return { oneTrace, traceIds, roots: roots.length, orphans: orphans.length };
}

function printTree(spans, analysis) {
  const lines = [];
  const [traceId] = analysis.traceIds;
  if (traceId) {
    lines.push(`trace ${traceId}`);
    lines.push(
      `  Datadog: x-datadog-trace-id ${hexToDecimal(traceId.slice(16))}, _dd.p.tid=${traceId.slice(0, 16)}`
    );
  }
  const children = new Map();
  for (const span of spans) {
    const list = children.get(span.parentId) ?? [];
    list.push(span);
    children.set(span.parentId, list);
  }
  const walk = (span, depth) => {
    lines.push(
      `${'  '.repeat(depth + 1)}${span.tracer === 'otel' ? '[otel]    ' : '[dd-trace]'} ${span.service}: ${span.name}` +
        `  span ${span.spanId} = ${hexToDecimal(span.spanId)}`
    );
    for (const child of children.get(span.spanId) ?? []) walk(child, depth + 1);
  };
  for (const root of spans.filter(
    s => s.parentId === undefined || !spans.some(p => p.spanId === s.parentId)
  )) {
    walk(root, 0);
  }
  lines.push('');
  lines.push(
    analysis.oneTrace
      ? `ONE TRACE: ${spans.length} spans from dd-trace and OpenTelemetry share trace ${traceId}, connected from one root.`
      : `NOT ONE TRACE: ${analysis.traceIds.length} trace ids, ${analysis.roots} roots, ${analysis.orphans} spans with a missing parent.`
  );
  return lines.join('\n') + '\n';
}

async function main() {
  const billing = await start('billing', 'ddTraceService.js', ['billing']);
  const lambda = await start('orders-consumer', 'otelLambdaRuntime.js', [], {
    BILLING_URL: billing,
  });
  const orders = await start('orders', 'otelOrdersService.js', [], {
    LAMBDA_URL: lambda,
  });
  const frontend = await start('frontend', 'ddTraceService.js', [
    'frontend',
    orders,
  ]);

  const response = await get(`${frontend}/checkout`);
  // dd-trace flushes on an interval; give every process time to print.
  await new Promise(resolve => setTimeout(resolve, 600));
  for (const { child } of processes) child.kill('SIGTERM');
  await Promise.all(
    processes.map(
      ({ child }) => new Promise(resolve => child.once('exit', resolve))
    )
  );

  const spans = collectSpans();
  const analysis = analyse(spans);
  if (json) {
    process.stdout.write(
      JSON.stringify({ ...analysis, response, spans }, null, 2) + '\n'
    );
  } else {
    process.stdout.write(
      `GET ${frontend}/checkout -> ${response.status} ${response.body}\n\n`
    );
    process.stdout.write(printTree(spans, analysis));
  }
  return analysis.oneTrace ? 0 : 1;
}

main().then(
  code => process.exit(code),
  error => {
    process.stderr.write(`demo failed: ${error.stack || error}\n`);
    for (const { child } of processes) child.kill('SIGKILL');
    process.exit(2);
  }
);
