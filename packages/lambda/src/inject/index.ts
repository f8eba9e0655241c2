/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Loaded as one unit the first time an inject helper is called.

export { getTraceHeaders } from './traceHeaders';
export { injectSqsSendMessage, injectSqsSendMessageBatch } from './sqs';
export { injectSnsPublish, injectSnsPublishBatch } from './sns';
export { injectEventBridgePutEvents } from './eventBridge';
export { injectKinesisPutRecord, injectKinesisPutRecords } from './kinesis';
export { injectStepFunctionsStartExecution } from './stepFunctions';
export { injectLambdaInvoke } from './lambda';
