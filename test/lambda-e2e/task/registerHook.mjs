// `node --import ./registerHook.mjs`: registers the OpenTelemetry ESM loader
// hook with module.register(), as the instrumentation's documentation and
// the OpenTelemetry Lambda layer do. The hook is resolved from here, so it
// is the @opentelemetry/instrumentation the Lambda instrumentation uses.

import { register } from 'node:module';

register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
