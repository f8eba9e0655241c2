/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

export { main, MAIN_HELP } from './main';
export { describeId } from './commands/ids';
export { inspectHeaders } from './commands/inspect';
export type { Inspection, Reading } from './commands/inspect';
export { parseHeadersText, parseHeaderArgs } from './headersInput';
export type { HeaderMap } from './headersInput';
export type { CommandIO } from './io';
export { UsageError } from './UsageError';
