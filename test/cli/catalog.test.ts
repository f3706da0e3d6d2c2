/** list, show, eval and plot: the catalog commands, run through the built CLI. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../experiments/helpers.js';
import { ANSI, actlab, actlabJson, pngFileSize } from './run.js';

const tmp = tempDir('actlab-cli-');
afterAll(tmp.cleanup);

describe('actlab list', () => {
  it('--json is an array with one object per activation, each with its id, params and properties', () => {
    const list = actlabJson<
      {
        id: string;
        torchName: string;
        kind: string;
        params: { name: string; default: unknown }[];
        properties: Record<string, unknown>;
      }[]
    >('list', '--json');
    const ids = list.map((a) => a.id);
    expect(ids).toEqual(
      expect.arrayContaining(['relu', 'leaky_relu', 'gelu', 'silu', 'mish', 'sigmoid', 'tanh', 'softmax']),
    );
    expect(new Set(ids).size).toBe(ids.length);
    const leaky = list.find((a) => a.id === 'leaky_relu')!;
    expect(leaky.torchName).toBe('LeakyReLU');
    expect(leaky.params).toEqual([expect.objectContaining({ name: 'negativeSlope', default: 0.01 })]);
    expect(list.find((a) => a.id === 'relu')!.properties).toMatchObject({ range: [0, null], smoothness: 'C0' });
  });

  it('prints a table (no colours when not a terminal) and --markdown a markdown table', () => {
    const t = actlab('list');
    expect(t.status).toBe(0);
    expect(t.stdout).not.toMatch(ANSI);
    expect(t.stdout).toMatch(/│ leaky_relu\s+│ LeakyReLU\s+│ negativeSlope=0\.01\s+│ \(−∞, ∞\)/);
    expect(t.stdout).toMatch(/│ relu\s+│ ReLU\s+│ —\s+│ \[0, ∞\)\s+│ yes\s+│ C0\s+│ no\s+│ left/);
    const md = actlab('list', '--markdown').stdout.split('\n');
    expect(md[0]).toMatch(/^\| id \| PyTorch \| parameters \(defaults\) \| range \|/);
    expect(md[1]).toMatch(/^\|---\|/);
    expect(md.some((l) => l.startsWith('| gelu | GELU | approximate=none |'))).toBe(true);
  });
});

describe('actlab show', () => {
  it('prints formula, kinks with the PyTorch gradient, declared vs measured properties, references and a sketch', () => {
    const r = actlab('show', 'relu');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/formula\s+f\(x\)\s+= \\max\(0, x\)/);
    expect(r.stdout).toMatch(/x = 0: f′ = 0 — /);
    expect(r.stdout).toMatch(/│ range\s+│ \[0, ∞\)\s+│ \[0, ∞\)\s+│ ✓ │/);
    expect(r.stdout).toMatch(/measured: kink at 0/);
    expect(r.stdout).toMatch(/Nair, Hinton \(2010\)/);
    expect(r.stdout).toMatch(/\* f {3}o f′/);
    expect(r.stdout).not.toMatch(/mismatch/);
  });

  it('--json has the declared and measured properties, which agree for the built-ins', () => {
    const s = actlabJson<{
      measured: { kinks: number[]; smoothness: string; range: (number | null)[] };
      checks: { property: string; verdict: string }[];
      mismatches: string[];
    }>('show', 'elu', '--json');
    expect(s.measured.smoothness).toBe('C1');
    expect(s.measured.range).toEqual([-1, null]);
    expect(s.checks.filter((c) => c.verdict === 'agrees').length).toBe(11); // all but cost, which is declared only
    expect(s.mismatches).toEqual([]);
  });

  it('measures a dim-wise activation on random rows: softmax rows sum to 1', () => {
    const r = actlab('show', 'softmax');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/│ rows sum to 1\s+│ yes\s+│ yes\s+│ ✓ │/);
    expect(r.stdout).toMatch(/is dim-wise/);
    const s = actlabJson<{ measured: { shiftInvariant: boolean }; mismatches: string[] }>('show', 'glu', '--json');
    expect(s.measured.shiftInvariant).toBe(false);
    expect(s.mismatches).toEqual([]);
  });

  it('takes parameters and aliases', () => {
    const s = actlabJson<{ id: string; values: Record<string, number>; kinks: { x: number; grad: number }[] }>(
      'show',
      'lrelu',
      '--param',
      'negativeSlope=0.2',
      '--json',
    );
    expect(s.id).toBe('leaky_relu');
    expect(s.values).toEqual({ negativeSlope: 0.2 });
    expect(s.kinks).toEqual([expect.objectContaining({ x: 0, grad: 0.2 })]);
  });

  it('flags a declared property that the measurement contradicts', () => {
    // leaky_relu declares a range of (−∞, ∞); with slope 0 it is ReLU, bounded below by 0.
    const r = actlab('show', 'leaky_relu', '--param', 'negativeSlope=0');
    expect(r.stdout).toMatch(/│ bounded below\s+│ no\s+│ yes\s+│ ✗ mismatch │/);
    expect(r.stdout).toMatch(/declared propert(y|ies) disagrees?/);
  });
});

describe('actlab eval', () => {
  it('evaluates values and gradients with PyTorch kink conventions', () => {
    const r = actlabJson<{ y: number[]; grad: number[]; dtype: string }>(
      'eval',
      'relu',
      '--x',
      '-3,0,3',
      '--grad',
      '--json',
    );
    expect(r).toMatchObject({ dtype: 'float32', y: [0, 0, 3], grad: [0, 0, 1] });
    const l = actlabJson<{ grad: number[] }>(
      'eval',
      'leaky_relu',
      '--x=-1,0,1',
      '--grad',
      '--param',
      'negativeSlope=0.5',
      '--json',
    );
    expect(l.grad).toEqual([0.5, 0.5, 1]);
  });

  it('computes in float64 on request, and in float32 by default', () => {
    const g64 = actlabJson<{ y: number[] }>('eval', 'gelu', '--x', '1', '--dtype', 'float64', '--json');
    expect(g64.y[0]).toBe(0.8413447460685429);
    const g32 = actlabJson<{ y: number[] }>('eval', 'gelu', '--x', '1', '--json');
    // float32 kernels (WASM SIMD by default) are within a few float32 ulps of the float64 truth.
    const ulp = 2 ** -24;
    expect(Math.abs(g32.y[0]! - 0.8413447460685429)).toBeLessThanOrEqual(4 * ulp);
    expect(Math.fround(g32.y[0]!)).toBe(g32.y[0]);
  });

  it('passes NaN and infinities through, as strings in JSON', () => {
    const r = actlabJson<{ y: (number | string)[] }>('eval', 'sigmoid', '--x', 'nan,inf,-inf', '--json');
    expect(r.y).toEqual(['NaN', 1, 0]);
  });

  it('prints a table without --json', () => {
    const r = actlab('eval', 'tanh', '--x', '0,1', '--grad');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/│\s+x │\s+f\(x\) │\s+f′\(x\) │/);
    // tanh(1) = 0.76159415…, tanh′(1) = 0.41997434…, to float32 precision
    expect(r.stdout).toMatch(/│\s+1 │ 0\.761594\d* │ 0\.41997\d* │/);
  });
});

describe('actlab plot', () => {
  it('writes a PNG of the requested size and its SVG, with a legend entry per curve', () => {
    const out = join(tmp.dir, 'plots', 'acts.png');
    const r = actlabJson<{ png: string; svg: string; series: string[] }>(
      'plot',
      'relu',
      'gelu',
      '--derivative',
      '--range',
      '-4,4',
      '--width',
      '640',
      '--height',
      '400',
      '--out',
      out,
      '--json',
    );
    expect(r.png).toBe(out);
    expect(pngFileSize(out)).toEqual([640, 400]);
    expect(existsSync(r.svg)).toBe(true);
    expect(r.series).toEqual(['relu', 'relu′', 'gelu', 'gelu′']);
  });

  it('applies --param to the activations that have it and names it in the legend', () => {
    const out = join(tmp.dir, 'leaky.png');
    const r = actlabJson<{ series: string[] }>(
      'plot',
      'leaky_relu',
      'relu',
      '--param',
      'negativeSlope=0.2',
      '--out',
      out,
      '--json',
    );
    expect(r.series).toEqual(['leaky_relu (negativeSlope=0.2)', 'relu']);
    expect(pngFileSize(out)).toEqual([960, 600]);
  });
});
