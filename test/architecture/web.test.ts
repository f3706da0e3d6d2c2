/**
 * The web lab is a consumer of the library, not a part of it: its code under web/ reaches src/
 * only through web/src/lib.ts, which re-exports the package root (src/index.ts) — so the lab uses
 * exactly what a user's page importing `actlab` gets, and src/ never imports the lab.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPackageRoot } from '../../src/backend/wasm/index.js';
import { importSpecifiers } from './imports.js';

const ROOT = findPackageRoot();

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path, ext);
    return ext.test(name) ? [path] : [];
  });
}

/** [file, resolved import] for every relative import of the files, paths relative to the package root. */
const imports = (paths: string[]): [string, string][] =>
  paths.flatMap((file) =>
    importSpecifiers(readFileSync(file, 'utf8')).map((spec): [string, string] => [
      relative(ROOT, file),
      relative(ROOT, resolve(dirname(file), spec)),
    ]),
  );

describe('the web lab and the library', () => {
  it('web/ imports src/ only through web/src/lib.ts, and lib.ts only the package root', () => {
    const edges = imports(files(join(ROOT, 'web'), /\.(ts|tsx)$/)).filter(([, to]) => to.startsWith('src/'));
    expect(edges.length).toBeGreaterThan(0);
    expect(edges.filter(([from]) => from !== 'web/src/lib.ts')).toEqual([]);
    expect(edges.map(([, to]) => to)).toEqual(['src/index.js']);
  });

  it('src/ never imports the lab', () => {
    const edges = imports(files(join(ROOT, 'src'), /\.ts$/)).filter(([, to]) => to.startsWith('web/'));
    expect(edges).toEqual([]);
  });
});
