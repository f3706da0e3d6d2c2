/**
 * The library stays browser-safe: code that needs Node's modules (files, paths, PNG through a
 * native addon) lives in `node/` sub-folders of its layer (src/data/node/, src/io/node/,
 * src/plot/node/), reached only through the Node entry src/node.ts, the CLI and the experiments.
 * The Vite bundle test (test/platform) proves the root bundles without them; this test names the
 * file that breaks the rule, which the bundle's error does not.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPackageRoot } from '../../src/backend/wasm/index.js';
import { importSpecifiers } from './imports.js';

const SRC = join(findPackageRoot(), 'src');

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [relative(SRC, path)] : [];
  });
}

/** Files that may use Node: the CLI, the experiments, `node/` folders, the Node entry and the platform's Node adapter. */
export const mayUseNode = (file: string): boolean =>
  /^(cli|experiments)\//.test(file) || /(^|\/)node\//.test(file) || file === 'node.ts' || file === 'platform/node.ts';

const NODE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\(\s*)['"]node:[^'"]+['"]/;

describe('Node-only code', () => {
  const files = sourceFiles();

  it('sorts the rule’s own cases right', () => {
    expect(mayUseNode('data/node/mnist.ts')).toBe(true);
    expect(mayUseNode('io/node/index.ts')).toBe(true);
    expect(mayUseNode('cli/main.ts')).toBe(true);
    expect(mayUseNode('data/mnist-digits.ts')).toBe(false);
    expect(mayUseNode('index.ts')).toBe(false);
    expect(NODE_IMPORT.test("import { readFileSync } from 'node:fs';")).toBe(true);
    expect(NODE_IMPORT.test("const fs = await import('node:fs');")).toBe(true);
    expect(NODE_IMPORT.test("import { x } from './node/png.js';")).toBe(false);
  });

  it('imports node:* modules only where Node code may live', () => {
    const offenders = files.filter((f) => !mayUseNode(f) && NODE_IMPORT.test(readFileSync(join(SRC, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('reaches node/ folders only from where Node code may live', () => {
    const offenders = files
      .filter((f) => !mayUseNode(f))
      .flatMap((from) =>
        importSpecifiers(readFileSync(join(SRC, from), 'utf8'))
          .map((spec) => relative(SRC, resolve(dirname(join(SRC, from)), spec)))
          .filter((to) => /(^|\/)node\//.test(to))
          .map((to) => `src/${from} → src/${to}`),
      );
    expect(offenders).toEqual([]);
  });
});
