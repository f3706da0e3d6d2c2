/** `actlab approx` through the built CLI: a small sweep end to end, and bad input. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../experiments/helpers.js';
import { actlab, actlabJson, pngFileSize } from './run.js';

const tmp = tempDir('actlab-cli-approx-');
afterAll(tmp.cleanup);

interface ApproxJson {
  tol: number;
  widths: number[];
  results: {
    act: string;
    target: string;
    widthToReach: number | null;
    rmse: number[];
    floors: { line: number; quadratic: number };
  }[];
  files: string[];
}

describe('actlab approx', () => {
  it('fits every activation × target × width and writes the figures and the report', () => {
    const out = join(tmp.dir, 'run');
    const r = actlabJson<ApproxJson>(
      'approx',
      '--target',
      'abs,sin',
      '--acts',
      'relu,linear,square',
      '--widths',
      '2,16',
      '--steps',
      '400',
      '--restarts',
      '1',
      '--tol',
      '0.05',
      '--out',
      out,
      '--json',
    );
    expect(r.results.map((x) => `${x.act}·${x.target}`)).toEqual([
      'relu·abs',
      'identity·abs',
      'square·abs',
      'relu·sin',
      'identity·sin',
      'square·sin',
    ]);
    for (const x of r.results) expect(x.rmse).toHaveLength(2);
    // identity is a line: never below the best line, however wide
    const idSin = r.results.find((x) => x.act === 'identity' && x.target === 'sin')!;
    expect(idSin.widthToReach).toBeNull();
    for (const e of idSin.rmse) expect(e).toBeGreaterThan(idSin.floors.line - 1e-3);
    // a network of x² with one hidden layer is a quadratic: never below the best quadratic
    const sqSin = r.results.find((x) => x.act === 'square' && x.target === 'sin')!;
    expect(sqSin.widthToReach).toBeNull();
    for (const e of sqSin.rmse) expect(e).toBeGreaterThan(sqSin.floors.quadratic - 1e-3);
    for (const f of ['approx.png', 'approx-curves.png']) expect(pngFileSize(join(out, f))[0]).toBeGreaterThan(500);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toMatch(/## Width needed to reach RMS error ≤ 0\.05/);
    expect(report).toMatch(/\| Identity \| never \(best [\d.]+\) \| never/);
  });
});

const BAD: [string, string[], RegExp][] = [
  [
    'zero width',
    ['--widths', '0,4'],
    /option '--widths <list>' argument '0,4' is invalid\. values must be in 1\.\.4096, got 0/,
  ],
  ['non-integer width', ['--widths', '2.5'], /argument '2\.5' is invalid\. expected integers like/],
  ['words for widths', ['--widths', 'a,b'], /argument 'a,b' is invalid/],
  [
    'unknown target',
    ['--target', 'cos'],
    /argument 'cos' is invalid\. expected sin, abs, step, sawtooth or all, got 'cos'/,
  ],
  ['unknown activation', ['--acts', 'relu,foo'], /unknown activation 'foo'/],
];

describe('actlab approx: bad input', () => {
  it.each(BAD)('%s', (_what, args, message) => {
    const r = actlab('approx', ...args, '--out', join(tmp.dir, 'bad'));
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(2);
  });
});
