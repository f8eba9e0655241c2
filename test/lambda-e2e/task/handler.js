'use strict';

// The function under test: reports the span it runs in, so the test sees
// what the instrumentation made the invocation's parent.
const { trace } = require('@opentelemetry/api');

exports.handler = async event => {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return {
    ran: true,
    traceId: spanContext?.traceId,
    spanId: spanContext?.spanId,
    eventType: typeof event,
  };
};
