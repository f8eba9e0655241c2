/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Loads the hostile corpus (test/fixtures/hostile): expands the generators
// the README describes, keeping `__proto__` and friends as own keys, the way
// JSON.parse (and so the Lambda runtime and every JSON body) gives them.

import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export const FIXTURE_DIR = path.resolve(
  __dirname,
  '..',
  '..',
  'fixtures',
  'hostile'
);

/** What a fixture says the extractor must find: null for no parent. */
export type ExpectedParent = {
  traceId: string;
  /** Left out when it is a hash (Step Functions). */
  spanId?: string;
  sampled?: boolean;
} | null;

export interface HeaderFixture {
  kind: 'headers';
  name: string;
  attacks: string;
  input: Record<string, unknown>;
  /** DatadogPropagator's reading, when the fixture states it. */
  expect?: { datadog?: ExpectedParent };
}

export interface LambdaFixture {
  kind: 'lambda';
  name: string;
  attacks: string;
  event: unknown;
  lambdaContext?: unknown;
  /** A misbehaving custom extractor to run first (see the runner). */
  customExtractor?: string;
  expect?: { parent?: ExpectedParent };
  /**
   * Work allowed for parent extraction: characters given to JSON.parse,
   * characters examined in all (string methods and JSON.parse), records
   * read.
   */
  bounds?: { jsonParseChars?: number; chars?: number; recordReads?: number };
}

export interface CliFixture {
  kind: 'cli';
  name: string;
  attacks: string;
  argv: string[];
  stdin: string;
  expect?: { exitCode?: number };
}

export type Fixture = HeaderFixture | LambdaFixture | CliFixture;

/** Sets an own data property, even one named `__proto__`. */
function define(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function isGenerator(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const keys = Object.keys(value);
  return (
    keys.length === 1 && keys[0].startsWith('$') && keys[0] !== '$manyKeys'
  );
}

function asString(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new Error(`${where}: not a string`);
  return value;
}

function asCount(value: unknown, where: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new Error(`${where}: not a count`);
  }
  return value as number;
}

/** Expands the generators in a fixture value. */
export function expand(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(expand);
  if (typeof value !== 'object' || value === null) return value;
  if (isGenerator(value)) {
    const [name] = Object.keys(value);
    const args = (value as Record<string, unknown>)[name];
    switch (name) {
      case '$repeat': {
        const [unit, n] = args as [unknown, unknown];
        return asString(expand(unit), name).repeat(asCount(n, name));
      }
      case '$join': {
        const [separator, unit, n] = args as [unknown, unknown, unknown];
        const text = asString(unit, name);
        const parts: string[] = [];
        for (let i = 0; i < asCount(n, name); i++) {
          parts.push(text.split('k').join('k' + i));
        }
        return parts.join(asString(separator, name));
      }
      case '$array': {
        const [item, n] = args as [unknown, unknown];
        const expanded = expand(item);
        return new Array(asCount(n, name)).fill(expanded);
      }
      case '$concat': {
        const parts = (args as unknown[]).map(expand);
        if (parts.every(part => Array.isArray(part))) {
          return ([] as unknown[]).concat(...(parts as unknown[][]));
        }
        return parts.map(part => asString(part, name)).join('');
      }
      case '$json':
        return JSON.stringify(expand(args));
      case '$base64':
        return Buffer.from(asString(expand(args), name), 'utf8').toString(
          'base64'
        );
      case '$parse':
        // A value only JSON.parse can build: nested deeper than
        // JSON.stringify (and so the loader's round trip) can go.
        return JSON.parse(asString(expand(args), name));
      default:
        throw new Error(`unknown generator ${name}`);
    }
  }
  const result = {};
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (key === '$manyKeys') {
      const [prefix, n] = item as [unknown, unknown];
      for (let i = 0; i < asCount(n, key); i++) {
        define(result, asString(prefix, key) + i, 'v');
      }
    } else {
      define(result, key, expand(item));
    }
  }
  return result;
}

/**
 * `value` as the Lambda runtime delivers events: parsed from JSON text (the
 * copies `$array` makes become distinct objects). Values too deep for
 * JSON.stringify were built by `$parse` already.
 */
function asParsed(value: unknown): unknown {
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch {
    return value;
  }
  return JSON.parse(text);
}

/** A fixture file: named and described now, expanded when it runs. */
export interface FixtureFile {
  name: string;
  attacks: string;
  kind: Fixture['kind'];
  load(): Fixture;
}

/** Every fixture of the corpus; each checked to say what it attacks. */
export function listFixtures(): FixtureFile[] {
  const files: FixtureFile[] = [];
  for (const file of readdirSync(FIXTURE_DIR).sort()) {
    if (!file.endsWith('.json')) continue;
    const raw = JSON.parse(
      readFileSync(path.join(FIXTURE_DIR, file), 'utf8')
    ) as Record<string, unknown>;
    const name = file.slice(0, -'.json'.length);
    const attacks = raw.attacks;
    if (typeof attacks !== 'string' || attacks.length < 10) {
      throw new Error(`${file}: "attacks" must say what the file attacks`);
    }
    const kind =
      'input' in raw
        ? 'headers'
        : 'event' in raw
          ? 'lambda'
          : 'argv' in raw
            ? 'cli'
            : undefined;
    if (kind === undefined) {
      throw new Error(`${file}: needs "input", "event" or "argv"`);
    }
    files.push({ name, attacks, kind, load: () => expandFixture(name, raw) });
  }
  return files;
}

function expandFixture(name: string, raw: Record<string, unknown>): Fixture {
  const attacks = raw.attacks as string;
  if ('input' in raw) {
    return {
      kind: 'headers',
      name,
      attacks,
      input: expand(raw.input) as Record<string, unknown>,
      expect: raw.expect as HeaderFixture['expect'],
    };
  }
  if ('event' in raw) {
    return {
      kind: 'lambda',
      name,
      attacks,
      event: asParsed(expand(raw.event)),
      lambdaContext:
        raw.lambdaContext === undefined
          ? undefined
          : asParsed(expand(raw.lambdaContext)),
      customExtractor: raw.customExtractor as string | undefined,
      expect: raw.expect as LambdaFixture['expect'],
      bounds: raw.bounds as LambdaFixture['bounds'],
    };
  }
  return {
    kind: 'cli',
    name,
    attacks,
    argv: raw.argv as string[],
    stdin: asString(expand(raw.stdin ?? ''), `${name} stdin`),
    expect: raw.expect as CliFixture['expect'],
  };
}
