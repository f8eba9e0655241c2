/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The Lambda function: it knows nothing about tracing. For each order it
// calls the billing service (dd-trace) over HTTP.

'use strict';

const http = require('node:http');

function get(url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, response => {
        let body = '';
        response.on('data', chunk => (body += chunk));
        response.on('end', () => resolve(JSON.parse(body)));
      })
      .on('error', reject);
  });
}

exports.handler = async event => {
  const orders = event.Records.map(record => JSON.parse(record.body));
  const billed = [];
  for (const order of orders) {
    billed.push(await get(`${process.env.BILLING_URL}/bill/${order.id}`));
  }
  return { processed: orders.map(order => order.id), billed };
};
