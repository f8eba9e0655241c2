/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import { resolvePropagationConfig, resolveBaggageLimits } from '../src';
import type { DatadogCompositePropagatorOptions } from '../src';
import { captureWarnings } from './helpers';

function resolve(
  env: Record<string, string>,
  options: DatadogCompositePropagatorOptions = {}
) {
  return captureWarnings(() => resolvePropagationConfig({ ...options, env }));
}

const DEFAULT = ['datadog', 'tracecontext', 'baggage'];

describe('resolvePropagationConfig', () => {
  describe('defaults', () => {
    it('should use dd-trace defaults with an empty environment', () => {
      const { result, warnings } = resolve({});
      assert.deepStrictEqual(result, {
        extract: DEFAULT,
        inject: DEFAULT,
        extractFirst: false,
        extractBehavior: 'continue',
        tagsMaxLength: 512,
        baggageMaxItems: 64,
        baggageMaxBytes: 8192,
        baggageTagKeys: ['user.id', 'session.id', 'account.id'],
      });
      assert.deepStrictEqual(warnings, []);
    });

    it('should read process.env when no env is given', () => {
      const saved = process.env.DD_TRACE_PROPAGATION_STYLE;
      process.env.DD_TRACE_PROPAGATION_STYLE = 'b3multi';
      try {
        assert.deepStrictEqual(resolvePropagationConfig().inject, ['b3multi']);
      } finally {
        if (saved === undefined) delete process.env.DD_TRACE_PROPAGATION_STYLE;
        else process.env.DD_TRACE_PROPAGATION_STYLE = saved;
      }
    });
  });

  describe('DD_TRACE_PROPAGATION_STYLE', () => {
    it('should apply to both directions', () => {
      const { result } = resolve({
        DD_TRACE_PROPAGATION_STYLE: 'tracecontext,datadog',
      });
      assert.deepStrictEqual(result.extract, ['tracecontext', 'datadog']);
      assert.deepStrictEqual(result.inject, ['tracecontext', 'datadog']);
    });

    it('should trim, lowercase and drop empty items', () => {
      const { result, warnings } = resolve({
        DD_TRACE_PROPAGATION_STYLE: ' Datadog ,, TraceContext,B3MULTI ',
      });
      assert.deepStrictEqual(result.extract, [
        'datadog',
        'tracecontext',
        'b3multi',
      ]);
      assert.deepStrictEqual(warnings, []);
    });

    it('should read "b3 single header" as b3', () => {
      const { result } = resolve({
        DD_TRACE_PROPAGATION_STYLE: 'datadog,B3 single header',
      });
      assert.deepStrictEqual(result.extract, ['datadog', 'b3']);
    });

    it('should accept every style name', () => {
      const { result, warnings } = resolve({
        DD_TRACE_PROPAGATION_STYLE:
          'datadog,tracecontext,b3,b3multi,baggage,xray,none',
      });
      assert.deepStrictEqual(result.inject, [
        'datadog',
        'tracecontext',
        'b3',
        'b3multi',
        'baggage',
        'xray',
        'none',
      ]);
      assert.deepStrictEqual(warnings, []);
    });

    it('should keep each style once', () => {
      const { result } = resolve({
        DD_TRACE_PROPAGATION_STYLE: 'datadog,b3,datadog,b3 single header',
      });
      assert.deepStrictEqual(result.inject, ['datadog', 'b3']);
    });

    it('should reject the whole list for one unknown name, with one warning', () => {
      const { result, warnings } = resolve({
        DD_TRACE_PROPAGATION_STYLE: 'datadog,jaeger,foo',
      });
      assert.deepStrictEqual(result.extract, DEFAULT);
      assert.deepStrictEqual(result.inject, DEFAULT);
      assert.strictEqual(warnings.length, 1);
      assert.match(warnings[0], /DD_TRACE_PROPAGATION_STYLE/);
      assert.match(warnings[0], /"datadog,jaeger,foo"/);
      assert.match(warnings[0], /"jaeger"/);
      assert.match(warnings[0], /using "datadog,tracecontext,baggage"/);
    });

    it('should mean no styles when set but empty, as in dd-trace', () => {
      for (const value of ['', ' , ']) {
        const { result, warnings } = resolve({
          DD_TRACE_PROPAGATION_STYLE: value,
        });
        assert.deepStrictEqual(result.extract, []);
        assert.deepStrictEqual(result.inject, []);
        assert.deepStrictEqual(warnings, []);
      }
    });

    it('should keep none as a style that does nothing', () => {
      const { result } = resolve({ DD_TRACE_PROPAGATION_STYLE: 'none' });
      assert.deepStrictEqual(result.extract, ['none']);
    });
  });

  describe('OTEL_PROPAGATORS', () => {
    it('should be used when DD_TRACE_PROPAGATION_STYLE is unset', () => {
      const { result, warnings } = resolve({ OTEL_PROPAGATORS: 'b3,datadog' });
      assert.deepStrictEqual(result.extract, ['b3', 'datadog']);
      assert.deepStrictEqual(result.inject, ['b3', 'datadog']);
      assert.deepStrictEqual(warnings, []);
    });

    it('should add baggage only when listed', () => {
      const { result } = resolve({ OTEL_PROPAGATORS: 'tracecontext' });
      assert.deepStrictEqual(result.extract, ['tracecontext']);
    });

    it('should lose to DD_TRACE_PROPAGATION_STYLE, with one warning', () => {
      const { result, warnings } = resolve({
        DD_TRACE_PROPAGATION_STYLE: 'b3multi',
        OTEL_PROPAGATORS: 'tracecontext',
      });
      assert.deepStrictEqual(result.extract, ['b3multi']);
      assert.strictEqual(warnings.length, 1);
      assert.match(warnings[0], /OTEL_PROPAGATORS="tracecontext"/);
      assert.match(warnings[0], /using DD_TRACE_PROPAGATION_STYLE/);
    });

    it('should not be used when DD_TRACE_PROPAGATION_STYLE is invalid', () => {
      const { result, warnings } = resolve({
        DD_TRACE_PROPAGATION_STYLE: 'foo',
        OTEL_PROPAGATORS: 'tracecontext',
      });
      assert.deepStrictEqual(result.extract, DEFAULT);
      assert.strictEqual(warnings.length, 2);
    });

    it('should reject the whole list for one unknown name', () => {
      const { result, warnings } = resolve({
        OTEL_PROPAGATORS: 'b3multi,jaeger',
      });
      assert.deepStrictEqual(result.extract, DEFAULT);
      assert.strictEqual(warnings.length, 1);
      assert.match(warnings[0], /^OTEL_PROPAGATORS="b3multi,jaeger"/);
    });

    it('should accept xray, a style of this package', () => {
      const { result } = resolve({ OTEL_PROPAGATORS: 'tracecontext,xray' });
      assert.deepStrictEqual(result.extract, ['tracecontext', 'xray']);
    });
  });

  describe('DD_TRACE_PROPAGATION_STYLE_INJECT and _EXTRACT', () => {
    it('should beat DD_TRACE_PROPAGATION_STYLE for their direction', () => {
      const { result } = resolve({
        DD_TRACE_PROPAGATION_STYLE_EXTRACT: 'datadog,tracecontext',
        DD_TRACE_PROPAGATION_STYLE: 'datadog',
      });
      assert.deepStrictEqual(result.extract, ['datadog', 'tracecontext']);
      assert.deepStrictEqual(result.inject, ['datadog']);
    });

    it('should beat OTEL_PROPAGATORS', () => {
      const { result } = resolve({
        DD_TRACE_PROPAGATION_STYLE_INJECT: 'datadog',
        OTEL_PROPAGATORS: 'b3',
      });
      assert.deepStrictEqual(result.inject, ['datadog']);
      assert.deepStrictEqual(result.extract, ['b3']);
    });

    it('should apply even when DD_TRACE_PROPAGATION_STYLE is rejected', () => {
      const { result } = resolve({
        DD_TRACE_PROPAGATION_STYLE: 'foo',
        DD_TRACE_PROPAGATION_STYLE_INJECT: 'b3',
      });
      assert.deepStrictEqual(result.inject, ['b3']);
      assert.deepStrictEqual(result.extract, DEFAULT);
    });

    it('should drop unknown names (not the list), with one warning', () => {
      const { result, warnings } = resolve({
        DD_TRACE_PROPAGATION_STYLE_INJECT: 'Foo, B3 single header,bar',
      });
      assert.deepStrictEqual(result.inject, ['b3']);
      assert.deepStrictEqual(result.extract, DEFAULT);
      assert.strictEqual(warnings.length, 1);
      assert.match(
        warnings[0],
        /^DD_TRACE_PROPAGATION_STYLE_INJECT="Foo, B3 single header,bar"/
      );
      assert.match(warnings[0], /"Foo,bar"/);
      assert.match(warnings[0], /using "b3"/);
    });

    it('should mean no styles when set but empty', () => {
      const { result } = resolve({ DD_TRACE_PROPAGATION_STYLE_EXTRACT: '' });
      assert.deepStrictEqual(result.extract, []);
      assert.deepStrictEqual(result.inject, DEFAULT);
    });
  });

  describe('options', () => {
    it('should beat every variable', () => {
      const { result } = resolve(
        {
          DD_TRACE_PROPAGATION_STYLE: 'datadog',
          DD_TRACE_PROPAGATION_STYLE_INJECT: 'b3',
          OTEL_PROPAGATORS: 'b3multi',
        },
        { inject: ['tracecontext'] }
      );
      assert.deepStrictEqual(result.inject, ['tracecontext']);
      assert.deepStrictEqual(result.extract, ['datadog']);
    });

    it('should accept a comma-separated string and the b3 alias', () => {
      const { result } = resolve({}, { extract: 'B3 Single Header, datadog' });
      assert.deepStrictEqual(result.extract, ['b3', 'datadog']);
    });

    it('should drop unknown names with one warning', () => {
      const { result, warnings } = resolve(
        {},
        { extract: ['datadog', 'abc' as never] }
      );
      assert.deepStrictEqual(result.extract, ['datadog']);
      assert.strictEqual(warnings.length, 1);
      assert.match(warnings[0], /^extract="datadog,abc"/);
    });

    it('should warn once for a value that is not a list', () => {
      const { result, warnings } = resolve({}, { inject: 42 as never });
      assert.deepStrictEqual(result.inject, DEFAULT);
      assert.strictEqual(warnings.length, 1);
      assert.match(warnings[0], /^inject=42/);
    });

    it('should take extractFirst, extractBehavior and limits', () => {
      const { result, warnings } = resolve(
        {
          DD_TRACE_PROPAGATION_EXTRACT_FIRST: 'false',
          DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT: 'ignore',
          DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH: '10',
          DD_TRACE_BAGGAGE_MAX_ITEMS: '1',
          DD_TRACE_BAGGAGE_MAX_BYTES: '1',
          DD_TRACE_BAGGAGE_TAG_KEYS: 'a',
        },
        {
          extractFirst: true,
          extractBehavior: 'restart',
          tagsMaxLength: 0,
          baggageMaxItems: 3,
          baggageMaxBytes: 100,
          baggageTagKeys: ['x', ' y ', 'x', ''],
        }
      );
      assert.strictEqual(result.extractFirst, true);
      assert.strictEqual(result.extractBehavior, 'restart');
      assert.strictEqual(result.tagsMaxLength, 0);
      assert.strictEqual(result.baggageMaxItems, 3);
      assert.strictEqual(result.baggageMaxBytes, 100);
      assert.deepStrictEqual(result.baggageTagKeys, ['x', 'y']);
      assert.deepStrictEqual(warnings, []);
    });

    it('should warn once per invalid option and use the default', () => {
      const { result, warnings } = resolve(
        {},
        {
          extractFirst: 'yes' as never,
          extractBehavior: 'stop' as never,
          tagsMaxLength: -1,
          baggageMaxItems: 1.5,
          baggageMaxBytes: NaN,
          baggageTagKeys: 7 as never,
        }
      );
      assert.strictEqual(result.extractFirst, false);
      assert.strictEqual(result.extractBehavior, 'continue');
      assert.strictEqual(result.tagsMaxLength, 512);
      assert.strictEqual(result.baggageMaxItems, 64);
      assert.strictEqual(result.baggageMaxBytes, 8192);
      assert.deepStrictEqual(result.baggageTagKeys, [
        'user.id',
        'session.id',
        'account.id',
      ]);
      assert.strictEqual(warnings.length, 6);
      for (const [name, fallback] of [
        ['extractFirst=yes', 'false'],
        ['extractBehavior="stop"', 'continue'],
        ['tagsMaxLength=-1', '512'],
        ['baggageMaxItems=1.5', '64'],
        ['baggageMaxBytes=NaN', '8192'],
        ['baggageTagKeys=7', '"user.id,session.id,account.id"'],
      ]) {
        assert.ok(
          warnings.some(w => w.startsWith(name) && w.endsWith(fallback)),
          `${name} → ${fallback} in ${JSON.stringify(warnings)}`
        );
      }
    });

    it('should accept extractBehavior in any letter case', () => {
      const { result } = resolve({}, { extractBehavior: 'Ignore' as never });
      assert.strictEqual(result.extractBehavior, 'ignore');
    });
  });

  describe('DD_TRACE_PROPAGATION_EXTRACT_FIRST', () => {
    for (const [value, expected] of [
      ['true', true],
      ['TRUE', true],
      ['True', true],
      ['1', true],
      ['false', false],
      ['FALSE', false],
      ['0', false],
      ['', false],
    ] as const) {
      it(`should read ${JSON.stringify(value)} as ${expected}`, () => {
        const { result, warnings } = resolve({
          DD_TRACE_PROPAGATION_EXTRACT_FIRST: value,
        });
        assert.strictEqual(result.extractFirst, expected);
        assert.deepStrictEqual(warnings, []);
      });
    }

    for (const value of ['yes', ' true', '2']) {
      it(`should reject ${JSON.stringify(value)} with one warning`, () => {
        const { result, warnings } = resolve({
          DD_TRACE_PROPAGATION_EXTRACT_FIRST: value,
        });
        assert.strictEqual(result.extractFirst, false);
        assert.strictEqual(warnings.length, 1);
        assert.strictEqual(
          warnings[0],
          `DD_TRACE_PROPAGATION_EXTRACT_FIRST=${JSON.stringify(value)} is not a boolean; using false`
        );
      });
    }
  });

  describe('DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT', () => {
    for (const [value, expected] of [
      ['continue', 'continue'],
      ['restart', 'restart'],
      ['Restart', 'restart'],
      ['IGNORE', 'ignore'],
      ['', 'continue'],
    ] as const) {
      it(`should read ${JSON.stringify(value)} as ${expected}`, () => {
        const { result, warnings } = resolve({
          DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT: value,
        });
        assert.strictEqual(result.extractBehavior, expected);
        assert.deepStrictEqual(warnings, []);
      });
    }

    for (const value of ['foo', ' ignore ']) {
      it(`should reject ${JSON.stringify(value)} with one warning`, () => {
        const { result, warnings } = resolve({
          DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT: value,
        });
        assert.strictEqual(result.extractBehavior, 'continue');
        assert.strictEqual(warnings.length, 1);
        assert.match(
          warnings[0],
          /^DD_TRACE_PROPAGATION_BEHAVIOR_EXTRACT=".*" is not one of continue, restart, ignore; using continue$/
        );
      });
    }
  });

  describe('numeric settings', () => {
    it('should read valid integers', () => {
      const { result, warnings } = resolve({
        DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH: '0',
        DD_TRACE_BAGGAGE_MAX_ITEMS: ' 2 ',
        DD_TRACE_BAGGAGE_MAX_BYTES: '100',
      });
      assert.strictEqual(result.tagsMaxLength, 0);
      assert.strictEqual(result.baggageMaxItems, 2);
      assert.strictEqual(result.baggageMaxBytes, 100);
      assert.deepStrictEqual(warnings, []);
    });

    for (const name of [
      'DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH',
      'DD_TRACE_BAGGAGE_MAX_ITEMS',
      'DD_TRACE_BAGGAGE_MAX_BYTES',
    ]) {
      it(`should reject an invalid ${name} with one warning`, () => {
        const defaults: Record<string, number> = {
          DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH: 512,
          DD_TRACE_BAGGAGE_MAX_ITEMS: 64,
          DD_TRACE_BAGGAGE_MAX_BYTES: 8192,
        };
        for (const value of ['abc', '-1', '12.7']) {
          const { result, warnings } = resolve({ [name]: value });
          const resolved = {
            DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH: result.tagsMaxLength,
            DD_TRACE_BAGGAGE_MAX_ITEMS: result.baggageMaxItems,
            DD_TRACE_BAGGAGE_MAX_BYTES: result.baggageMaxBytes,
          }[name];
          assert.strictEqual(resolved, defaults[name]);
          assert.strictEqual(warnings.length, 1, value);
          assert.ok(warnings[0].startsWith(`${name}=${JSON.stringify(value)}`));
          assert.ok(warnings[0].endsWith(String(defaults[name])));
        }
      });
    }
  });

  describe('DD_TRACE_BAGGAGE_TAG_KEYS', () => {
    it('should split, trim and keep letter case', () => {
      const { result } = resolve({ DD_TRACE_BAGGAGE_TAG_KEYS: ' A , b,,c ' });
      assert.deepStrictEqual(result.baggageTagKeys, ['A', 'b', 'c']);
    });

    it('should mean none when empty and all with *', () => {
      assert.deepStrictEqual(
        resolve({ DD_TRACE_BAGGAGE_TAG_KEYS: '' }).result.baggageTagKeys,
        []
      );
      assert.deepStrictEqual(
        resolve({ DD_TRACE_BAGGAGE_TAG_KEYS: '*' }).result.baggageTagKeys,
        ['*']
      );
    });
  });
});

describe('resolveBaggageLimits', () => {
  it('should prefer options, then the environment, then 64 and 8192', () => {
    assert.deepStrictEqual(resolveBaggageLimits(1, undefined, {}), {
      maxItems: 1,
      maxBytes: 8192,
    });
    assert.deepStrictEqual(
      resolveBaggageLimits(undefined, undefined, {
        DD_TRACE_BAGGAGE_MAX_ITEMS: '5',
        DD_TRACE_BAGGAGE_MAX_BYTES: '50',
      }),
      { maxItems: 5, maxBytes: 50 }
    );
  });
});
