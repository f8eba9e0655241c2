// The function under test as an ES module: Lambda's Node.js 22 runtime
// import()s .mjs handlers, its Node.js 24 runtime every handler. Reports the
// span it runs in and, through @otel-dd/lambda's ESM entry point, the
// headers it would send on: the extractor (loaded by the instrumentation
// with require) and this import must share one copy of the package.

import { trace } from '@opentelemetry/api';
import { getTraceHeaders } from '@otel-dd/lambda';

export const handler = async event => {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return {
    ran: true,
    traceId: spanContext?.traceId,
    spanId: spanContext?.spanId,
    eventType: typeof event,
    moduleType: typeof require === 'undefined' ? 'module' : 'commonjs',
    outgoing: getTraceHeaders(),
  };
};
