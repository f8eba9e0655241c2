/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import { context as contextApi } from '@opentelemetry/api';
import {
  enablePendingRootHandoff,
  getPendingRoot,
  takeHandedOffRoot,
} from './pendingRoot';

const HEX = '0123456789abcdef';

/**
 * An OpenTelemetry SDK `IdGenerator` (implemented structurally: no SDK
 * dependency) that continues a Datadog trace received with
 * `x-datadog-parent-id: 0` (Datadog Synthetics): the root span started for
 * that request gets the received trace id, once. Other ids are random, as
 * the SDK's RandomIdGenerator makes them. Use with {@link DatadogSampler},
 * which gives that root span the Datadog sampling decision and origin.
 */
export class DatadogIdGenerator {
  constructor() {
    enablePendingRootHandoff();
  }

  generateTraceId(): string {
    try {
      // The record extraction just handed off (instrumentation-http starts
      // the span without activating the context), else the active one.
      let root = takeHandedOffRoot();
      if (root === undefined || root.consumed) {
        root = getPendingRoot(contextApi.active());
      }
      if (root !== undefined && !root.consumed) {
        root.consumed = true;
        return root.traceId;
      }
    } catch {
      // A random id below.
    }
    return randomId(32);
  }

  generateSpanId(): string {
    return randomId(16);
  }
}

/** `length` random lowercase hex digits, not all zero. */
function randomId(length: number): string {
  let id = '';
  let zero = true;
  for (let i = 0; i < length; i += 8) {
    // 32 random bits at a time, as 8 hex digits.
    let bits = (Math.random() * 0x100000000) >>> 0;
    if (bits !== 0) zero = false;
    for (let j = 0; j < 8; j++) {
      id += HEX[bits & 15];
      bits >>>= 4;
    }
  }
  // An all-zero id is invalid; W3C's RandomIdGenerator sets the last digit.
  return zero ? id.slice(0, -1) + '1' : id;
}
