/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

// What users install and what runs in it: every package under packages/
// ships only its build output, README and LICENSE, needs no install
// scripts (nor does anything it depends on in production), and its
// sources hold no regular expression that can backtrack catastrophically
// and no eval.

import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const PACKAGES = path.join(ROOT, 'packages');
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'];

interface PackageJson {
  name: string;
  private?: boolean;
  main?: string;
  types?: string;
  bin?: string | Record<string, string>;
  scripts?: Record<string, string>;
  gypfile?: boolean;
}

function packageDirs(): string[] {
  return readdirSync(PACKAGES)
    .map(name => path.join(PACKAGES, name))
    .filter(dir => {
      try {
        return statSync(path.join(dir, 'package.json')).isFile();
      } catch {
        return false;
      }
    });
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

describe('published packages', () => {
  const dirs = packageDirs();
  let packed: Array<{ name: string; files: Array<{ path: string }> }>;

  before(function () {
    this.timeout(60_000);
    // One npm call for the workspaces under packages/ (test helpers are
    // private workspaces elsewhere); scripts off, nothing written.
    const output = execFileSync(
      'npm',
      [
        'pack',
        '--dry-run',
        '--json',
        '--ignore-scripts',
        ...dirs.flatMap(dir => ['--workspace', dir]),
      ],
      { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }
    );
    packed = JSON.parse(output.slice(output.indexOf('[')));
  });

  it('every package under packages/ is packed', () => {
    const names = dirs
      .map(dir => readJson<PackageJson>(path.join(dir, 'package.json')))
      .filter(pkg => pkg.private !== true)
      .map(pkg => pkg.name)
      .sort();
    assert.ok(names.length >= 4, names.join(', '));
    assert.deepStrictEqual(packed.map(pkg => pkg.name).sort(), names);
  });

  it('ships only build output, README and LICENSE: no tests, sources, maps of tests or build info', () => {
    for (const pkg of packed) {
      const files = pkg.files.map(file => file.path);
      const misplaced = files.filter(
        file =>
          !['README.md', 'LICENSE', 'package.json'].includes(file) &&
          !(
            file.startsWith('build/') &&
            !file.startsWith('build/test/') &&
            !file.includes('/test/') &&
            !/\.test\.|tsbuildinfo$/.test(file) &&
            (/\.d\.m?ts(\.map)?$/.test(file) || !/\.m?ts$/.test(file))
          )
      );
      assert.deepStrictEqual(misplaced, [], pkg.name);
      for (const required of ['README.md', 'LICENSE', 'package.json']) {
        assert.ok(files.includes(required), `${pkg.name} lacks ${required}`);
      }
      assert.ok(!files.includes('binding.gyp'), `${pkg.name}: binding.gyp`);
    }
  });

  it('ships what main, types and bin point to', () => {
    for (const dir of dirs) {
      const pkg = readJson<PackageJson>(path.join(dir, 'package.json'));
      const files = packed
        .find(entry => entry.name === pkg.name)!
        .files.map(file => path.posix.normalize(file.path));
      const targets = [
        pkg.main,
        pkg.types,
        ...(typeof pkg.bin === 'string'
          ? [pkg.bin]
          : Object.values(pkg.bin ?? {})),
      ].filter((target): target is string => target !== undefined);
      assert.ok(targets.length > 0, pkg.name);
      for (const target of targets) {
        assert.ok(
          files.includes(path.posix.normalize(target)),
          `${pkg.name}: ${target} is not shipped`
        );
      }
    }
  });

  it('needs no install scripts, nor does anything it depends on in production', () => {
    for (const dir of dirs) {
      const pkg = readJson<PackageJson>(path.join(dir, 'package.json'));
      for (const script of INSTALL_SCRIPTS) {
        assert.strictEqual(pkg.scripts?.[script], undefined, `${pkg.name}`);
      }
      assert.notStrictEqual(pkg.gypfile, true, pkg.name);
    }
    // The lockfile marks what only development needs; the rest is what
    // users install with our packages.
    const lock = readJson<{
      packages: Record<string, { dev?: boolean; hasInstallScript?: boolean }>;
    }>(path.join(ROOT, 'package-lock.json'));
    const withScripts = Object.entries(lock.packages)
      .filter(([, entry]) => entry.dev !== true && entry.hasInstallScript)
      .map(([name]) => name);
    assert.deepStrictEqual(withScripts, []);
  });
});

/** Every `.ts` file under `dir` (build output and tests excluded). */
function sources(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sources(file));
    else if (entry.name.endsWith('.ts')) files.push(file);
  }
  return files;
}

/** The regular expressions written in a source file (literal or `new RegExp('...')`). */
function regexesIn(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const literal = (node as ts.RegularExpressionLiteral).text;
      found.push(literal.slice(1, literal.lastIndexOf('/')));
    } else if (
      (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'RegExp'
    ) {
      const [pattern] = node.arguments ?? [];
      found.push(
        pattern !== undefined && ts.isStringLiteralLike(pattern)
          ? pattern.text
          : '<dynamic RegExp>'
      );
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * True when a quantified group contains a quantifier itself, both
 * repeating (`*`, `+`, `{n,}`, `{n,m}` with m > 1): the nested repetition
 * (`(a+)+`) behind catastrophic backtracking.
 */
export function hasNestedQuantifier(pattern: string): boolean {
  const groups: boolean[] = [false];
  let i = 0;
  /** Length of a repeating quantifier at `at`, else 0 (`?` does not repeat). */
  const repeating = (at: number): number => {
    const char = pattern[at];
    if (char === '*' || char === '+') return 1;
    if (char !== '{') return 0;
    const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at));
    if (match === null) return 0;
    const max = match[2] === undefined ? Number(match[1]) : match[3];
    return max === '' || Number(max) > 1 ? match[0].length : 0;
  };
  while (i < pattern.length) {
    const char = pattern[i];
    if (char === '\\') {
      i += 2;
    } else if (char === '[') {
      i++;
      while (i < pattern.length && pattern[i] !== ']') {
        i += pattern[i] === '\\' ? 2 : 1;
      }
      i++;
    } else if (char === '(') {
      groups.push(false);
      i++;
      continue;
    } else if (char === ')') {
      const inner = groups.pop() ?? false;
      i++;
      const length = repeating(i);
      if (length > 0 && inner) return true;
      groups[groups.length - 1] ||= inner || length > 0;
      i += length;
      continue;
    } else {
      i++;
    }
    const length = repeating(i);
    if (length > 0) groups[groups.length - 1] = true;
    i += length;
  }
  return false;
}

describe('source audit', () => {
  const files = packageDirs().flatMap(dir => sources(path.join(dir, 'src')));

  it('recognises nested quantifiers', () => {
    for (const bad of ['(a+)+$', '^(\\d*,?)*$', '(x{1,5}){2,}', '((ab)*c)+']) {
      assert.ok(hasNestedQuantifier(bad), bad);
    }
    for (const good of [
      '^[a-z0-9][_0-9a-z\\-*/]{0,255}$',
      '^(HTTP\\/|[A-Z]+ \\S+ HTTP\\/)',
      '^(false|0)$',
      '(a|b)+',
      '(a+)?',
      '[(a+)]+',
    ]) {
      assert.ok(!hasNestedQuantifier(good), good);
    }
  });

  it('no regular expression in package sources nests repetition', () => {
    let count = 0;
    for (const file of files) {
      for (const pattern of regexesIn(file)) {
        count++;
        assert.notStrictEqual(pattern, '<dynamic RegExp>', file);
        assert.ok(
          !hasNestedQuantifier(pattern),
          `${path.relative(ROOT, file)}: /${pattern}/`
        );
      }
    }
    assert.ok(count > 0, 'no regular expression found: the scan is broken');
  });

  it('no eval or Function constructor in package sources', () => {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      assert.ok(!/\beval\s*\(|\bnew\s+Function\s*\(/.test(text), file);
    }
  });
});
