/**
 * The layer rule of docs/architecture.md, checked on the imports of src/: a file imports only
 * from its own folder, from folders on the same line of the doc's layer list, or from lower
 * lines — never from a line above. The layer order is read from the doc itself, so the doc and
 * the code cannot drift apart. Type-only imports count (a type is a dependency too), and so do
 * re-exports, side-effect imports and dynamic `import()`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPackageRoot } from '../../src/backend/wasm/index.js';

const ROOT = findPackageRoot();
const SRC = join(ROOT, 'src');

/** Every .ts file under src/, as paths relative to src/ ('ops/apply.ts'). */
function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [relative(SRC, path)] : [];
  });
}

/** The relative module specifiers a file imports: `import … from`, `export … from`, `import '…'`, `import('…')`. */
export function importSpecifiers(source: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(?\s*)'(\.{1,2}\/[^']+)'/g;
  return [...source.matchAll(pattern)].map((m) => m[1]!);
}

/** The top folder of a file under src/ ('ops/' for 'ops/apply.ts'), or '' for an entry file at src/'s root. */
const folderOf = (file: string): string => (file.includes('/') ? `${file.split('/')[0]}/` : '');

interface Edge {
  from: string;
  to: string;
}

function importGraph(): Edge[] {
  return sourceFiles().flatMap((from) =>
    importSpecifiers(readFileSync(join(SRC, from), 'utf8')).map((spec) => ({
      from,
      to: relative(SRC, resolve(dirname(join(SRC, from)), spec)).replace(/\.js$/, '.ts'),
    })),
  );
}

/**
 * The layer list: the first ```text block after the "## Layers" heading, one line per layer from
 * the top down, each line starting with its folders ('nn/  optim/  data/   what they hold').
 */
export function layersOf(doc: string): string[][] {
  const section = doc.split(/^## Layers$/m)[1];
  const block = section?.match(/```text\n([\s\S]*?)```/)?.[1];
  if (!block) throw new Error('docs/architecture.md: no ```text layer list under "## Layers"');
  return block
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .map((words) =>
      words.slice(
        0,
        Math.max(
          0,
          words.findIndex((w) => !/^[a-z][a-z0-9-]*\/$/.test(w)),
        ),
      ),
    )
    .filter((folders) => folders.length > 0);
}

/** Imports that go up: from a folder to one on a higher line (a lower rank is higher up). */
export function upwardImports(edges: readonly Edge[], layers: readonly string[][]): string[] {
  const rank = new Map(layers.flatMap((folders, i) => folders.map((f) => [f, i] as const)));
  return edges
    .filter(({ from, to }) => {
      const [a, b] = [folderOf(from), folderOf(to)];
      if (a === b) return false;
      if (b === '') return true; // an entry file (src/index.ts) is imported by nothing below it
      if (a === '') return false; // entry files import anything
      return (rank.get(b) ?? -1) < (rank.get(a) ?? -1);
    })
    .map(({ from, to }) => `src/${from} → src/${to}`);
}

/** Files on an import cycle (strongly connected components of more than one file). */
export function importCycles(edges: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

describe('layers (docs/architecture.md)', () => {
  const layers = layersOf(readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8'));
  const edges = importGraph();

  it('reads the layer list and the imports', () => {
    expect(layers.flat()).toEqual(expect.arrayContaining(['tensor/', 'ops/', 'activations/', 'nn/', 'cli/']));
    expect(edges.length).toBeGreaterThan(500);
  });

  it('places every folder of src/ on a line of the list', () => {
    const folders = readdirSync(SRC).filter((name) => statSync(join(SRC, name)).isDirectory());
    const missing = folders.filter((f) => !layers.flat().includes(`${f}/`));
    expect(missing, 'add these folders to the layer list of docs/architecture.md').toEqual([]);
  });

  it('has no import from a folder on a higher line', () => {
    expect(upwardImports(edges, layers)).toEqual([]);
  });

  it('has no import cycle, except among the ops (their gradient rules use each other)', () => {
    const cycles = importCycles(edges).filter((files) => !files.every((f) => folderOf(f) === 'ops/'));
    expect(cycles).toEqual([]);
  });

  it('would catch an upward import, a cycle and a missing layer list', () => {
    expect(upwardImports([{ from: 'tensor/tensor.ts', to: 'ops/index.ts' }], layers)).toEqual([
      'src/tensor/tensor.ts → src/ops/index.ts',
    ]);
    expect(upwardImports([{ from: 'nn/linear.ts', to: 'index.ts' }], layers)).toHaveLength(1);
    expect(upwardImports([{ from: 'nn/linear.ts', to: 'optim/sgd.ts' }], layers)).toEqual([]); // same line
    const pair = [
      { from: 'activations/define.ts', to: 'activations/derive.ts' },
      { from: 'activations/derive.ts', to: 'activations/define.ts' },
    ];
    expect(importCycles(pair)).toEqual([['activations/define.ts', 'activations/derive.ts']]);
    expect(() => layersOf('# Architecture\n')).toThrow(/no ```text layer list/);
    expect(importSpecifiers("import type { A } from './a.js';\nexport * from '../b.js';\nimport './c.js';")).toEqual([
      './a.js',
      '../b.js',
      './c.js',
    ]);
  });
});
