'use strict';

// An SQS consumer. It knows nothing about tracing: the instrumentation
// wraps it and @otel-dd/lambda finds the sender's trace.
exports.handler = async event => {
  const orders = event.Records.map(record => JSON.parse(record.body));
  return {
    processed: orders.map(order => order.id),
    batchItemFailures: [],
  };
};
