/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// The one place that reads propagation settings. dd-trace's precedence:
// code options, then DD_TRACE_PROPAGATION_STYLE_{INJECT,EXTRACT}, then
// DD_TRACE_PROPAGATION_STYLE, then OTEL_PROPAGATORS, then the default.
// Rejected values produce exactly one diag.warn each; nothing throws.

import { diag } from '@opentelemetry/api';
import {
  defaultEnvironment,
  readNonNegativeInteger,
  resolveTagsMaxLength,
  type Environment,
} from '@otel-dd/propagator-datadog';
import {
  DEFAULT_BAGGAGE_MAX_BYTES,
  DEFAULT_BAGGAGE_MAX_ITEMS,
  DEFAULT_BAGGAGE_TAG_KEYS,
  DEFAULT_PROPAGATION_STYLES,
} from './constants';
import type {
  DatadogCompositePropagatorOptions,
  ExtractBehavior,
  PropagationConfig,
  PropagationStyle,
} from './types';

const STYLE_ENV = 'DD_TRACE_PROPAGATION_STYLE';
const OTEL_ENV = 'OTEL_PROPAGATORS';
const KNOWN_STYLES: ReadonlySet<string> = new Set<PropagationStyle>([
  'datadog',
  'tracecontext',
  'b3',
  'b3multi',
  'baggage',
  'xray',
  'none',
]);
const BEHAVIORS: readonly ExtractBehavior[] = ['continue', 'restart', 'ignore'];

/**
 * Combines options, the environment (`options.env ?? process.env`) and
 * dd-trace's defaults into the settings of a composite propagator.
 */
export function resolvePropagationConfig(
  options: DatadogCompositePropagatorOptions = {}
): PropagationConfig {
  const env = options.env ?? defaultEnvironment();
  const shared = resolveSharedStyles(env);
  const limits = resolveBaggageLimits(
    options.baggageMaxItems,
    options.baggageMaxBytes,
    env
  );
  return {
    extract: resolveDirection(options.extract, 'extract', env, shared),
    inject: resolveDirection(options.inject, 'inject', env, shared),
    extractFirst: resolveExtractFirst(options.extractFirst, env),
    extractBehavior: resolveExtractBehavior(options.extractBehavior, env),
    tagsMaxLength: resolveTagsMaxLength(options.tagsMaxLength, env),
    baggageMaxItems: limits.maxItems,
    baggageMaxBytes: limits.maxBytes,
    baggageTagKeys: resolveBaggageTagKeys(options.baggageTagKeys, env),
  };
}

/**
 * The W3C baggage limits: options, else `DD_TRACE_BAGGAGE_MAX_ITEMS` and
 * `DD_TRACE_BAGGAGE_MAX_BYTES`, else 64 and 8192.
 */
export function resolveBaggageLimits(
  maxItems: number | undefined,
  maxBytes: number | undefined,
  env: Environment = defaultEnvironment()
): { maxItems: number; maxBytes: number } {
  return {
    maxItems: resolveLimit(
      maxItems,
      'baggageMaxItems',
      env,
      'DD_TRACE_BAGGAGE_MAX_ITEMS',
      DEFAULT_BAGGAGE_MAX_ITEMS
    ),
    maxBytes: resolveLimit(
      maxBytes,
      'baggageMaxBytes',
      env,
      'DD_TRACE_BAGGAGE_MAX_BYTES',
      DEFAULT_BAGGAGE_MAX_BYTES
    ),
  };
}

/** Splits a list on commas, trims items and drops empty ones. */
function splitList(value: string): string[] {
  const items: string[] = [];
  for (const item of value.split(',')) {
    const trimmed = item.trim();
    if (trimmed.length > 0) items.push(trimmed);
  }
  return items;
}

function normalizeStyle(name: string): string {
  const lower = name.toLowerCase();
  return lower === 'b3 single header' ? 'b3' : lower;
}

/**
 * True for a style name the composite knows, in any case (`b3 single
 * header` included), so that tools can refuse a typo instead of skipping it.
 */
export function isPropagationStyleName(name: string): boolean {
  return KNOWN_STYLES.has(normalizeStyle(name.trim()));
}

function pushUnique<T>(list: T[], item: T): void {
  if (list.indexOf(item) === -1) list.push(item);
}

/**
 * `DD_TRACE_PROPAGATION_STYLE`, else `OTEL_PROPAGATORS`, else the default.
 * One unknown name rejects the whole list. A variable that is set but
 * empty means "no styles", as in dd-trace.
 */
function resolveSharedStyles(env: Environment): PropagationStyle[] {
  const ddValue = env[STYLE_ENV];
  const otelValue = env[OTEL_ENV];
  if (ddValue !== undefined && otelValue !== undefined) {
    diag.warn(
      `${OTEL_ENV}=${JSON.stringify(otelValue)} is ignored because ${STYLE_ENV} is set; using ${STYLE_ENV}`
    );
  }
  const name = ddValue !== undefined ? STYLE_ENV : OTEL_ENV;
  const value = ddValue ?? otelValue;
  if (value === undefined) return DEFAULT_PROPAGATION_STYLES.slice();
  const styles: PropagationStyle[] = [];
  for (const item of splitList(value)) {
    const style = normalizeStyle(item);
    if (!KNOWN_STYLES.has(style)) {
      diag.warn(
        `${name}=${JSON.stringify(value)} names unknown propagation style ${JSON.stringify(item)}; using ${JSON.stringify(DEFAULT_PROPAGATION_STYLES.join(','))}`
      );
      return DEFAULT_PROPAGATION_STYLES.slice();
    }
    pushUnique(styles, style as PropagationStyle);
  }
  return styles;
}

/**
 * The option, else `DD_TRACE_PROPAGATION_STYLE_<DIRECTION>`, else the
 * shared list. As in dd-trace, unknown names in the option or the
 * direction-specific variable do not reject the list: they are dropped
 * (with one warning for the whole value).
 */
function resolveDirection(
  option: readonly string[] | string | undefined,
  direction: 'extract' | 'inject',
  env: Environment,
  shared: readonly PropagationStyle[]
): PropagationStyle[] {
  let name: string;
  let items: readonly unknown[];
  let display: string;
  if (option !== undefined) {
    name = direction;
    if (typeof option === 'string') {
      items = splitList(option);
      display = option;
    } else if (Array.isArray(option)) {
      items = option;
      display = option.join(',');
    } else {
      diag.warn(
        `${direction}=${String(option)} is not a list of propagation styles; using ${JSON.stringify(shared.join(','))}`
      );
      return shared.slice();
    }
  } else {
    name = `${STYLE_ENV}_${direction.toUpperCase()}`;
    const value = env[name];
    if (value === undefined) return shared.slice();
    items = splitList(value);
    display = value;
  }
  const styles: PropagationStyle[] = [];
  const unknown: string[] = [];
  for (const item of items) {
    const style =
      typeof item === 'string' ? normalizeStyle(item.trim()) : undefined;
    if (style !== undefined && KNOWN_STYLES.has(style)) {
      pushUnique(styles, style as PropagationStyle);
    } else if (style !== '') {
      unknown.push(String(item));
    }
  }
  if (unknown.length > 0) {
    diag.warn(
      `${name}=${JSON.stringify(display)} names unknown propagation style(s) ${JSON.stringify(unknown.join(','))}, ignored; using ${JSON.stringify(styles.join(','))}`
    );
  }
  return styles;
}

/** dd-trace's boolean parsing: `true`/`1`/`false`/`0`, any letter case. */
function resolveExtractFirst(
  option: boolean | undefined,
  env: Environment
): boolean {
  if (option !== undefined) {
    if (typeof option === 'boolean') return option;
    diag.warn(`extractFirst=${String(option)} is not a boolean; using false`);
    return false;
  }
  const name = 'DD_TRACE_PROPAGATION_EXTRACT_FIRST';
  const raw = env[name];
  if (raw === undefined || raw === '') return false;
  const value = raw.toLowerCase();
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  diag.warn(`${name}=${JSON.stringify(raw)} is not a boolean; using false`);
  return false;
}

function resolveExtractBehavior(
  option: ExtractBehavior | undefined,
  env: Environment
): ExtractBehavior {
  let name = 'extractBehavior';
  let raw: unknown = option;
  if (option === undefined) {
    name = 'DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT';
    raw = env[name];
    if (raw === undefined || raw === '') return 'continue';
  }
  const value = typeof raw === 'string' ? raw.toLowerCase() : undefined;
  const behavior = BEHAVIORS.find(item => item === value);
  if (behavior !== undefined) return behavior;
  diag.warn(
    `${name}=${JSON.stringify(raw)} is not one of continue, restart, ignore; using continue`
  );
  return 'continue';
}

function resolveLimit(
  option: number | undefined,
  optionName: string,
  env: Environment,
  envName: string,
  defaultValue: number
): number {
  if (option === undefined) {
    return readNonNegativeInteger(env, envName, defaultValue);
  }
  if (Number.isInteger(option) && option >= 0) return option;
  diag.warn(
    `${optionName}=${String(option)} is not a non-negative integer; using ${defaultValue}`
  );
  return defaultValue;
}

/** Case-sensitive keys; `*` means every key; empty means none. */
function resolveBaggageTagKeys(
  option: readonly string[] | string | undefined,
  env: Environment
): string[] {
  if (option !== undefined) {
    if (typeof option === 'string') return splitList(option);
    if (Array.isArray(option)) {
      const keys: string[] = [];
      for (const key of option) {
        if (typeof key === 'string' && key.trim() !== '') {
          pushUnique(keys, key.trim());
        }
      }
      return keys;
    }
    diag.warn(
      `baggageTagKeys=${String(option)} is not a list of keys; using ${JSON.stringify(DEFAULT_BAGGAGE_TAG_KEYS.join(','))}`
    );
    return DEFAULT_BAGGAGE_TAG_KEYS.slice();
  }
  const raw = env['DD_TRACE_BAGGAGE_TAG_KEYS'];
  return raw === undefined ? DEFAULT_BAGGAGE_TAG_KEYS.slice() : splitList(raw);
}
