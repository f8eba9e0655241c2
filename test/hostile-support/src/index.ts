/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// Helpers for the robustness tests: fuzzing parameters (a fixed seed in CI,
// `npm run test:fuzz` for more runs and a random seed), hostile values and
// carriers, a prototype snapshot to detect pollution, and a work counter
// that measures what the code under test examines (not how long it takes).
// One private workspace package (`@otel-dd/hostile-support`), so that every
// package's tests and the cross-package suite share it.

import * as assert from 'node:assert';
import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  trace,
  type Context,
  type SpanContext,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';
import * as fc from 'fast-check';

/** Runs per property: OTEL_DD_FUZZ_RUNS, default 300 (times `scale`). */
export function fuzz(scale = 1): { numRuns: number; seed: number } {
  const runs = Number(process.env.OTEL_DD_FUZZ_RUNS ?? 300);
  const seed =
    process.env.OTEL_DD_FUZZ_SEED === 'random'
      ? Date.now()
      : Number(process.env.OTEL_DD_FUZZ_SEED ?? 7);
  return { numRuns: Math.max(1, Math.round(runs * scale)), seed };
}

/**
 * Mocha timeout for suites of property tests: the usual one in CI, none
 * when OTEL_DD_FUZZ_RUNS asks for a larger run.
 */
export const FUZZ_TIMEOUT =
  process.env.OTEL_DD_FUZZ_RUNS === undefined ? 10_000 : 0;

function thrower(): never {
  throw new Error('hostile');
}

/** A proxy whose every trap throws. */
export function throwingProxy(): object {
  return new Proxy(
    {},
    {
      get: thrower,
      has: thrower,
      ownKeys: thrower,
      getOwnPropertyDescriptor: thrower,
      getPrototypeOf: thrower,
      set: thrower,
      defineProperty: thrower,
      deleteProperty: thrower,
    }
  );
}

/** A proxy that has been revoked: any operation on it throws. */
export function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** An array whose element reads throw. */
export function throwingArray(): unknown[] {
  return new Proxy(['1', '2'], {
    get(target, property, receiver) {
      if (typeof property === 'string' && /^\d+$/.test(property)) thrower();
      return Reflect.get(target, property, receiver);
    },
  });
}

/** `object` with a throwing getter (and setter) for `key` added. */
export function withThrowingGetter<T extends object>(
  object: T,
  key: string
): T {
  Object.defineProperty(object, key, {
    get: thrower,
    set: thrower,
    enumerable: true,
    configurable: true,
  });
  return object;
}

/**
 * A value built inside the property, not by fast-check: fast-check looks
 * into generated values (clone and print hooks), and hostile objects throw
 * when looked into.
 */
export class Hostile<T = unknown> {
  constructor(
    readonly description: string,
    readonly build: () => T
  ) {}

  [fc.toStringMethod](): string {
    return this.description;
  }
}

function hostile<T>(description: string, build: () => T): Hostile<T> {
  return new Hostile(description, build);
}

function plain<T>(value: T): Hostile<T> {
  return hostile(fc.stringify(value), () => value);
}

// Built once: generating megabytes per run would make the tests slow.
const HUGE = [
  '9'.repeat(1 << 20),
  '_dd.p.a=b,'.repeat(100_000),
  'a;'.repeat(200_000),
  'x'.repeat(70_000),
  '\u0661'.repeat(1000),
  '\r\n'.repeat(1000),
];

/** Objects that throw when touched. */
export const THROWING: ReadonlyArray<Hostile<unknown>> = [
  hostile('throwingProxy', throwingProxy),
  hostile('revokedProxy', revokedProxy),
  hostile('throwingArray', throwingArray),
  hostile('throwing length getter', () => withThrowingGetter({}, 'length')),
  hostile('frozen array', () => Object.freeze(['1'])),
  hostile('symbol', () => Symbol('x')),
  hostile('function', () => () => '1'),
];

/** Values of every kind, including ones that throw when touched. */
export const hostileValue: fc.Arbitrary<Hostile> = fc.oneof(
  // Valid or nearly valid values of every header, so that parsing goes deep.
  fc
    .constantFrom(
      '1',
      '2',
      '0',
      '-1',
      '18446744073709551615',
      'rum',
      '_dd.p.dm=-4,_dd.p.tid=640cfd8d00000000',
      '00-0000000000000000000000000000007b-00000000000001c8-01',
      'dd=s:2;o:rum;t.dm:-4;p:00000000000001c8,ot=th:8',
      '0000000000000001-0000000000000002-d',
      '000000000000007b',
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
      'user.id=a%20b,__proto__=x;p=1',
      '{"x-datadog-trace-id":"1","x-datadog-parent-id":"2"}'
    )
    .map(plain),
  fc.string({ maxLength: 30 }).map(plain),
  fc.string({ unit: 'binary', maxLength: 30 }).map(plain),
  fc
    .bigInt({ min: -(1n << 65n), max: 1n << 65n })
    .map(String)
    .map(plain),
  fc
    .constantFrom(...HUGE)
    .map(value =>
      hostile(
        `${JSON.stringify(value.slice(0, 8))} x ${value.length}`,
        () => value
      )
    ),
  fc
    .array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), {
      maxLength: 4,
    })
    .map(plain),
  fc
    .anything({
      withBoxedValues: true,
      withNullPrototype: true,
      withSparseArray: true,
      withTypedArray: true,
      withMap: true,
      withSet: true,
      withBigInt: true,
      withDate: true,
    })
    .map(plain),
  fc.constantFrom(...THROWING)
);

/** An object with these own properties (`__proto__` included, as JSON.parse). */
export function ownProperties(
  entries: ReadonlyArray<readonly [string, unknown]>,
  prototype: object | null = Object.prototype
): Record<string, unknown> {
  const object = Object.create(prototype) as Record<string, unknown>;
  for (const [key, value] of entries) {
    Object.defineProperty(object, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return object;
}

/**
 * Carriers with keys from `names`: plain, `valid` headers with hostile
 * ones mixed in, frozen, null-prototype, with a throwing getter, behind
 * throwing or revoked proxies, or not objects.
 */
export function hostileCarrier(
  names: readonly string[],
  valid: Readonly<Record<string, string>> = {}
): fc.Arbitrary<Hostile> {
  const entries = fc.array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom(...names),
        fc.constantFrom(...names.map(name => name.toUpperCase())),
        fc.constantFrom('__proto__', 'constructor', 'prototype'),
        fc.string({ maxLength: 10 })
      ),
      hostileValue
    ),
    { maxLength: 8 }
  );
  const build = (list: ReadonlyArray<[string, Hostile]>) =>
    list.map(([key, value]) => [key, value.build()] as const);
  const show = (kind: string, list: ReadonlyArray<[string, Hostile]>) =>
    `${kind} ${fc.stringify(list)}`;
  return fc.oneof(
    {
      weight: 4,
      arbitrary: entries.map(list =>
        hostile(show('plain', list), () => ownProperties(build(list)))
      ),
    },
    {
      // Valid headers with hostile ones added or overriding some of them.
      weight: 2,
      arbitrary: entries.map(list =>
        hostile(show('valid and', list), () =>
          ownProperties([...Object.entries(valid), ...build(list)])
        )
      ),
    },
    entries.map(list =>
      hostile(show('frozen', list), () =>
        Object.freeze(ownProperties(build(list)))
      )
    ),
    entries.map(list =>
      hostile(show('null prototype', list), () =>
        ownProperties(build(list), null)
      )
    ),
    fc
      .tuple(entries, fc.constantFrom(...names))
      .map(([list, name]) =>
        hostile(show(`throwing getter ${name}`, list), () =>
          withThrowingGetter(ownProperties(build(list)), name)
        )
      ),
    fc.constantFrom(
      ...THROWING,
      plain(null),
      plain(undefined),
      plain(42),
      plain('x-datadog-trace-id: 1'),
      plain(['x-datadog-trace-id', '1'])
    )
  );
}

const WATCHED: ReadonlyArray<[string, unknown]> = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
  ['Number.prototype', Number.prototype],
  ['Boolean.prototype', Boolean.prototype],
  ['RegExp.prototype', RegExp.prototype],
  ['Map.prototype', Map.prototype],
  ['Set.prototype', Set.prototype],
  ['Promise.prototype', Promise.prototype],
  ['Error.prototype', Error.prototype],
  ['Object', Object],
  ['Array', Array],
  ['JSON', JSON],
  ['globalThis', globalThis],
];

/**
 * Stands for a global that Node defines lazily (an accessor that becomes a
 * data property on first use, such as `TextEncoder`).
 */
const LAZY_GLOBAL = Symbol('lazy global');

/** The own properties of the built-in objects a payload could reach. */
export function prototypeSnapshot(): Map<string, unknown> {
  const snapshot = new Map<string, unknown>();
  for (const [name, object] of WATCHED) {
    snapshot.set(name + ' prototype', Object.getPrototypeOf(object));
    for (const key of Reflect.ownKeys(object as object)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(
        object as object,
        key
      )!;
      snapshot.set(
        `${name}.${String(key)}`,
        'value' in descriptor
          ? descriptor.value
          : object === globalThis
            ? LAZY_GLOBAL
            : descriptor.get
      );
    }
  }
  return snapshot;
}

/** Asserts that no built-in changed since `before` was taken. */
export function assertNoPollution(before: Map<string, unknown>): void {
  const after = prototypeSnapshot();
  for (const [key, value] of after) {
    if (!before.has(key)) assert.fail(`${key} was added`);
    const old = before.get(key);
    if (!Object.is(old, value) && old !== LAZY_GLOBAL) {
      assert.fail(`${key} was changed`);
    }
  }
  for (const key of before.keys()) {
    if (!after.has(key)) assert.fail(`${key} was removed`);
  }
  // Canaries that hostile payloads try to plant.
  const probe: Record<string, unknown> = {};
  for (const name of ['polluted', 'isAdmin', 'x-datadog-trace-id']) {
    assert.strictEqual(probe[name], undefined, `{}.${name} is inherited`);
  }
}

/** What a function examined while it ran. */
export interface Work {
  /** Characters looked at by string methods and JSON.parse. */
  chars: number;
  /** Characters given to JSON.parse. */
  jsonChars: number;
  /** JSON.parse calls. */
  jsonParses: number;
}

type Counter = (self: string, args: unknown[], result: unknown) => number;

const indexOfCost: Counter = (self, args, result) => {
  const from = Math.max(0, Math.min(self.length, Number(args[1]) || 0));
  const found = result as number;
  return found === -1
    ? self.length - from
    : found - from + String(args[0]).length;
};

const STRING_COUNTERS: Record<string, Counter> = {
  charCodeAt: () => 1,
  codePointAt: () => 1,
  charAt: () => 1,
  at: () => 1,
  indexOf: indexOfCost,
  lastIndexOf: self => self.length,
  includes: self => self.length,
  startsWith: (_self, args) => String(args[0]).length,
  endsWith: (_self, args) => String(args[0]).length,
  slice: (_self, _args, result) => (result as string).length,
  substring: (_self, _args, result) => (result as string).length,
  split: self => self.length,
  trim: self => self.length,
  trimStart: self => self.length,
  trimEnd: self => self.length,
  toLowerCase: self => self.length,
  toUpperCase: self => self.length,
  replace: self => self.length,
  match: self => self.length,
  normalize: self => self.length,
};

/**
 * Runs `fn` with String.prototype methods and JSON.parse instrumented, and
 * returns what they were asked to examine. The count is an upper estimate
 * of the characters read; it does not depend on the machine's speed.
 */
export function measureWork(fn: () => void): Work {
  const work: Work = { chars: 0, jsonChars: 0, jsonParses: 0 };
  const proto = String.prototype as unknown as Record<
    string,
    (...args: unknown[]) => unknown
  >;
  const originals = new Map<string, (...args: unknown[]) => unknown>();
  const parse = JSON.parse;
  for (const [name, counter] of Object.entries(STRING_COUNTERS)) {
    const original = proto[name];
    originals.set(name, original);
    proto[name] = function (this: string, ...args: unknown[]) {
      const result = Reflect.apply(original, this, args);
      work.chars += counter(String(this), args, result);
      return result;
    };
  }
  JSON.parse = function (text: string, reviver?: never) {
    work.jsonParses++;
    work.jsonChars += String(text).length;
    work.chars += String(text).length;
    return parse(text, reviver);
  };
  try {
    fn();
  } finally {
    for (const [name, original] of originals) proto[name] = original;
    JSON.parse = parse;
  }
  return work;
}

/**
 * Contexts that break the Context and Span interfaces: a span context of
 * junk values, a span whose `spanContext()` throws, a context whose methods
 * throw, a proxy that throws on every access. Suites add their own valid
 * contexts beside these.
 */
export const brokenContext: fc.Arbitrary<Hostile<Context>> = fc.oneof(
  fc.tuple(hostileValue, hostileValue, hostileValue, hostileValue).map(
    ([traceId, spanId, traceFlags, traceState]) =>
      new Hostile(
        `junk span context ${traceId.description} ${spanId.description}`,
        () =>
          trace.setSpanContext(ROOT_CONTEXT, {
            traceId: traceId.build(),
            spanId: spanId.build(),
            traceFlags: traceFlags.build(),
            traceState: traceState.build(),
          } as SpanContext)
      )
  ),
  fc.constant(
    new Hostile('span whose spanContext() throws', () =>
      trace.setSpan(ROOT_CONTEXT, {
        spanContext: () => {
          throw new Error('spanContext');
        },
      } as never)
    )
  ),
  fc.constant(
    new Hostile(
      'throwing context',
      () =>
        ({
          getValue: () => {
            throw new Error('getValue');
          },
          setValue: () => {
            throw new Error('setValue');
          },
          deleteValue: () => {
            throw new Error('deleteValue');
          },
        }) as Context
    )
  ),
  fc.constant(new Hostile('proxy context', () => throwingProxy() as Context))
);

/**
 * Carriers and setters that refuse writes in every way; `property` is a
 * header the propagator under test writes, made a throwing setter.
 */
export function hostileSink(
  property: string
): fc.Arbitrary<Hostile<[unknown, TextMapSetter]>> {
  return fc.constantFrom(
    new Hostile<[unknown, TextMapSetter]>('{}', () => [
      {},
      defaultTextMapSetter,
    ]),
    new Hostile<[unknown, TextMapSetter]>('frozen', () => [
      Object.freeze({}),
      defaultTextMapSetter,
    ]),
    new Hostile<[unknown, TextMapSetter]>('proxy', () => [
      throwingProxy(),
      defaultTextMapSetter,
    ]),
    new Hostile<[unknown, TextMapSetter]>('null', () => [
      null,
      defaultTextMapSetter,
    ]),
    new Hostile<[unknown, TextMapSetter]>(
      `throwing ${property} property`,
      () => [withThrowingGetter({}, property), defaultTextMapSetter]
    ),
    new Hostile<[unknown, TextMapSetter]>('throwing setter', () => [
      {},
      {
        set: () => {
          throw new Error('set');
        },
      },
    ])
  );
}

/** Getters that follow the interface (most often), return junk, or throw. */
export const hostileGetter: fc.Arbitrary<Hostile<TextMapGetter>> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constant(
      new Hostile<TextMapGetter>('default getter', () => defaultTextMapGetter)
    ),
  },
  fc.tuple(hostileValue, hostileValue).map(
    ([value, keys]) =>
      new Hostile<TextMapGetter>(`getter of ${value.description}`, () => ({
        get: () => value.build() as string,
        keys: () => keys.build() as string[],
      }))
  ),
  fc.constant(
    new Hostile<TextMapGetter>('throwing getter', () => ({
      get: () => {
        throw new Error('get');
      },
      keys: () => {
        throw new Error('keys');
      },
    }))
  ),
  fc.constant(
    new Hostile<TextMapGetter>('getter with throwing keys', () => ({
      get: (carrier: unknown, key: string) =>
        defaultTextMapGetter.get(carrier, key),
      keys: () => throwingProxy() as string[],
    }))
  )
);
