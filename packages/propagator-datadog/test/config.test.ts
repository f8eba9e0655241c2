/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import * as assert from 'node:assert';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import {
  defaultEnvironment,
  readNonNegativeInteger,
  resolveTagsMaxLength,
} from '../src/config';

function captureWarnings(run: () => void): string[] {
  const warnings: string[] = [];
  const noop = () => {};
  diag.setLogger(
    {
      error: noop,
      warn: (message: string) => warnings.push(message),
      info: noop,
      debug: noop,
      verbose: noop,
    },
    DiagLogLevel.WARN
  );
  try {
    run();
  } finally {
    diag.disable();
  }
  return warnings;
}

describe('config', () => {
  describe('resolveTagsMaxLength()', () => {
    it('should default to 512', () => {
      assert.strictEqual(resolveTagsMaxLength(undefined, {}), 512);
    });

    it('should read DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH, 0 included', () => {
      const env = { DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH: '0' };
      assert.strictEqual(resolveTagsMaxLength(undefined, env), 0);
      assert.strictEqual(
        resolveTagsMaxLength(undefined, {
          DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH: ' 1024 ',
        }),
        1024
      );
    });

    it('should let the option win over the environment', () => {
      const env = { DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH: '100' };
      assert.strictEqual(resolveTagsMaxLength(64, env), 64);
    });

    it('should warn once, naming variable, value and default, for invalid values', () => {
      for (const value of ['abc', '-1', '1.5']) {
        let result = 0;
        const warnings = captureWarnings(() => {
          result = resolveTagsMaxLength(undefined, {
            DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH: value,
          });
        });
        assert.strictEqual(result, 512);
        assert.strictEqual(warnings.length, 1);
        assert.match(warnings[0], /DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH/);
        assert.ok(warnings[0].includes(JSON.stringify(value)));
        assert.match(warnings[0], /512/);
      }
      const warnings = captureWarnings(() => {
        assert.strictEqual(resolveTagsMaxLength(-5, {}), 512);
      });
      assert.strictEqual(warnings.length, 1);
      assert.match(warnings[0], /tagsMaxLength/);
    });

    it('should read process.env by default', () => {
      const saved = process.env.DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH;
      process.env.DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH = '77';
      try {
        assert.strictEqual(resolveTagsMaxLength(undefined), 77);
        assert.strictEqual(defaultEnvironment(), process.env);
      } finally {
        if (saved === undefined)
          delete process.env.DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH;
        else process.env.DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH = saved;
      }
    });
  });

  describe('readNonNegativeInteger()', () => {
    it('should treat empty values as unset', () => {
      assert.strictEqual(readNonNegativeInteger({ X: '' }, 'X', 3), 3);
      assert.strictEqual(readNonNegativeInteger({ X: '  ' }, 'X', 3), 3);
    });
  });
});
