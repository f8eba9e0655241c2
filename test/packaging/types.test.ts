/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// TypeScript consumers of the packages, compiled with the module settings
// users have: node16 and nodenext (an ES module .mts and a CommonJS .cts
// file each) and bundler. Each must compile without errors against the
// published declarations, and resolve the ES module types (.d.mts) for
// `import` and the CommonJS ones (.d.ts) for `require`.

import * as assert from 'node:assert';
import * as path from 'node:path';
import * as ts from 'typescript';

const FIXTURES = path.resolve(__dirname, '../fixtures');
const PACKAGES = [
  '@otel-dd/propagator-datadog',
  '@otel-dd/propagator-composite',
  '@otel-dd/lambda',
  '@otel-dd/cli',
];

const COMMON: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  strict: true,
  noEmit: true,
  types: [],
  // Our declaration files are checked, TypeScript's own lib files are not.
  skipLibCheck: false,
  skipDefaultLibCheck: true,
};

const MODES: Array<{
  name: string;
  options: ts.CompilerOptions;
  files: Array<[string, 'esm' | 'cjs']>;
}> = [
  {
    name: 'node16',
    options: {
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
    },
    files: [
      ['consumer.mts', 'esm'],
      ['consumer.cts', 'cjs'],
    ],
  },
  {
    name: 'nodenext',
    options: {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
    },
    files: [
      ['consumer.mts', 'esm'],
      ['consumer.cts', 'cjs'],
    ],
  },
  {
    name: 'bundler',
    options: {
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
    },
    files: [['consumer.bundler.ts', 'esm']],
  },
];

describe('TypeScript consumers', function () {
  this.timeout(60_000);

  for (const { name, options, files } of MODES) {
    describe(`moduleResolution ${name}`, () => {
      const compilerOptions = { ...COMMON, ...options };

      it('compiles without errors', () => {
        const program = ts.createProgram(
          files.map(([file]) => path.join(FIXTURES, file)),
          compilerOptions
        );
        const diagnostics = ts.getPreEmitDiagnostics(program);
        assert.deepStrictEqual(
          diagnostics.map(diagnostic =>
            ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
          ),
          []
        );
      });

      for (const [file, kind] of files) {
        it(`${file} resolves the ${kind === 'esm' ? '.d.mts' : '.d.ts'} types`, () => {
          for (const pkg of PACKAGES) {
            const { resolvedModule } = ts.resolveModuleName(
              pkg,
              path.join(FIXTURES, file),
              compilerOptions,
              ts.sys,
              undefined,
              undefined,
              kind === 'esm' ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS
            );
            assert.ok(resolvedModule, pkg);
            const expected =
              kind === 'esm'
                ? /build\/esm\/index\.d\.mts$/
                : /build\/src\/index\.d\.ts$/;
            assert.match(resolvedModule.resolvedFileName, expected, pkg);
          }
        });
      }
    });
  }
});
