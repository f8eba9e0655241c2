'use strict';

// A custom extractor as users write them for Datadog (DD_TRACE_EXTRACTOR):
// the context travels in a field of their own payload.
exports.fromPayload = event => ({
  traceId: event.trace.id,
  parentId: event.trace.parent,
  sampleMode: 1,
  source: 'event',
});
