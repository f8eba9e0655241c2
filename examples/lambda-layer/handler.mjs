/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// An SQS consumer, as an ES module: posts each order to the orders service
// (ORDERS_URL). No tracing code: the OpenTelemetry layer instruments it, and
// otel-dd-layer.js makes its span the child of the dd-trace sender and its
// outgoing requests readable by Datadog-instrumented services.

import http from 'node:http';

function post(url, body) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json' } },
      response => {
        response.resume();
        response.on('end', () => resolve(response.statusCode));
      }
    );
    request.on('error', reject);
    request.end(body);
  });
}

export const handler = async event => {
  const statuses = [];
  for (const record of event.Records) {
    statuses.push(await post(process.env.ORDERS_URL, record.body));
  }
  return { batchItemFailures: [], statuses };
};
