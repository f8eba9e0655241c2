/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Caps on untrusted input, checked before anything is decoded or parsed.

/**
 * Longest JSON text parsed to find a carrier inside a message body or
 * payload (SQS body, Kinesis data, durable checkpoint). AWS caps these
 * payloads at 1 MiB, so no genuine event is refused.
 */
export const MAX_PAYLOAD_LENGTH = 1024 * 1024;

/** Longest base64 text decoded for a payload of {@link MAX_PAYLOAD_LENGTH}. */
export const MAX_BASE64_PAYLOAD_LENGTH = Math.ceil(MAX_PAYLOAD_LENGTH / 3) * 4;

/**
 * Longest JSON text of a `_datadog` header map. Datadog headers, a full
 * tracestate (32 members of 256 characters) and W3C baggage (8192 bytes)
 * fit well below it.
 */
export const MAX_CARRIER_LENGTH = 64 * 1024;

/** Longest base64 text decoded for a carrier of {@link MAX_CARRIER_LENGTH}. */
export const MAX_BASE64_CARRIER_LENGTH = Math.ceil(MAX_CARRIER_LENGTH / 3) * 4;

/** At most this many header names of an HTTP event are read. */
export const MAX_HEADER_COUNT = 1024;
