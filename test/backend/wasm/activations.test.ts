/**
 * WASM activation kernels, forward and backward, against the float64 references of
 * activation-refs.ts (ulp bounds over dense grids, every magnitude and special finite values)
 * and against the PyTorch goldens in test/fixtures/activations.json (NaN/±Inf included).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  defaultParams, findPackageRoot, WASM_ACTIVATION_IDS, type WasmActivationId, type WasmRuntime,
} from '../../../src/backend/wasm/index.js';
import { getActivation } from '../../../src/activations/registry.js';
import { ACTIVATION_REFS, EXTRA_PARAMS } from './activation-refs.js';
import { floatSweep, linspace, magnitudes, maxUlpError, SPECIAL_VALUES, ulpError, uniform, wasmRuntime } from './helpers.js';

let rt: WasmRuntime;
let inputs: Float32Array;
beforeAll(() => {
  rt = wasmRuntime();
  const finite = SPECIAL_VALUES.filter(Number.isFinite);
  const parts = [
    linspace(-20, 20, 80_001), linspace(-1, 1, 20_001), linspace(-110, 110, 22_001), floatSweep(65_537),
    Float32Array.from(magnitudes(-44, 38.5)), Float32Array.from(finite), Float32Array.from([-3, 3, 6, -0.5, 0.5, 1, -1, -2]),
  ];
  inputs = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    inputs.set(p, o);
    o += p.length;
  }
});

const paramSets = (id: WasmActivationId): (readonly number[])[] => [defaultParams(id), ...(EXTRA_PARAMS[id] ?? [])];

describe('wasm activations vs float64 references', () => {
  for (const id of WASM_ACTIVATION_IDS) {
    for (const params of paramSets(id)) {
      const ref = ACTIVATION_REFS[id](params);
      it(`${id}(${params.join(', ')}): forward and backward within ${ref.bound} ulp`, () => {
        const kernel = rt.activations[id];
        const x = rt.heap.copyIn(ref.domain ? inputs.filter(ref.domain) : inputs);
        const y = rt.heap.alloc(x.length);
        const gy = rt.heap.alloc(x.length).fill(1);
        const gx = rt.heap.alloc(x.length);
        kernel.forward(x, y, params);
        kernel.backward(x, y, gy, gx, params);
        const ey = maxUlpError(x, y, ref.f, ref.floorF ?? 0);
        const eg = maxUlpError(x, gx, ref.df, ref.floorDf ?? 0);
        console.log(`${`${id}(${params.join(',')})`.padEnd(20)} y ${ey.max.toFixed(2)} ulp (x=${ey.at})  gx ${eg.max.toFixed(2)} ulp (x=${eg.at})`);
        expect(ey.max, `y at x = ${ey.at}: got ${ey.got}, want ${ey.want}`).toBeLessThanOrEqual(ref.bound);
        expect(eg.max, `gx at x = ${eg.at}: got ${eg.got}, want ${eg.want}`).toBeLessThanOrEqual(ref.bound);
        for (const v of [x, y, gy, gx]) rt.heap.free(v);
      });
    }
  }

  it('multiplies the upstream gradient and runs in place', () => {
    const xs = uniform(10_001, -8, 8, 7);
    const g = uniform(10_001, -3, 3, 99);
    for (const id of ['gelu', 'mish', 'softplus', 'elu'] as const) {
      const ref = ACTIVATION_REFS[id](defaultParams(id));
      const x = rt.heap.copyIn(xs), gy = rt.heap.copyIn(g);
      rt.activations[id].backward(x, x, gy, gy); // gx over gy
      const e = maxUlpError(x, gy, (v, i) => g[i]! * ref.df(v), (v) => 3 * (ref.floorDf?.(v) ?? 0));
      expect(e.max, id).toBeLessThanOrEqual(ref.bound + 1);
      rt.activations[id].forward(x, x); // y over x
      Array.from(x).forEach((v, i) => expect(ulpError(v, ref.f(xs[i]!)), id).toBeLessThanOrEqual(ref.bound));
    }
  });

  it('follows PyTorch at kinks', () => {
    const grad = (id: WasmActivationId, xs: number[], params: number[] = []): number[] => {
      const x = rt.heap.copyIn(xs), g = rt.heap.alloc(xs.length).fill(1), gx = rt.heap.alloc(xs.length);
      rt.activations[id].backward(x, x, g, gx, params);
      return Array.from(gx);
    };
    expect(grad('relu', [0, -0])).toEqual([0, 0]);
    expect(grad('relu6', [0, 6])).toEqual([0, 0]);
    expect(grad('hardtanh', [-1, 1])).toEqual([0, 0]);
    expect(grad('leaky_relu', [0], [0.1])).toEqual([Math.fround(0.1)]);
    expect(grad('threshold', [1, 1.0000001], [1, 5])).toEqual([0, 1]);
    expect(grad('hardshrink', [-0.5, 0.5])).toEqual([0, 0]);
    expect(grad('softshrink', [-0.5, 0.5])).toEqual([0, 0]);
    expect(grad('hardsigmoid', [-3, 3])).toEqual([0, 0]);
    expect(grad('hardswish', [-3, 3, 2.9999998])).toEqual([-0.5, 1, Math.fround(Math.fround(2.9999998 / 3) + 0.5)]);
    expect(grad('elu', [0], [2])).toEqual([2]);
    expect(grad('softplus', [10, 10.000001], [2, 20])).toEqual([1 / (1 + Math.exp(-20)), 1].map(Math.fround));
  });
});

// ---- PyTorch goldens --------------------------------------------------------------------

interface Golden {
  id: string;
  params: Record<string, number | string>;
  tag: string;
  shape: number[];
  x: (number | string)[];
  gy: (number | string)[];
  y64: (number | string)[];
  gx64: (number | string)[];
  weight?: (number | string)[];
}
const num = (v: number | string): number => (typeof v === 'number' ? v : Number(v));

/** The spec's parameter order for the ids whose kernels take parameters. */
const PARAM_ORDER: Partial<Record<WasmActivationId, string[]>> = {
  leaky_relu: ['negativeSlope'], rrelu: ['lower', 'upper'], hardtanh: ['minVal', 'maxVal'], threshold: ['threshold', 'value'],
  hardshrink: ['lambd'], softshrink: ['lambd'], elu: ['alpha'], celu: ['alpha'], gelu: ['approximate'], silu: ['beta'],
  softplus: ['beta', 'threshold'], squareplus: ['b'], snake: ['alpha'], sine: ['w0'],
};

describe('wasm activations vs PyTorch goldens (test/fixtures/activations.json)', () => {
  const file = join(findPackageRoot(), 'test', 'fixtures', 'activations.json');
  const cases = (JSON.parse(readFileSync(file, 'utf8')) as { cases: Golden[] }).cases.filter(
    (c) => (WASM_ACTIVATION_IDS as readonly string[]).includes(c.id) && !(c.id === 'prelu' && (c.weight?.length ?? 1) > 1),
  );

  it('covers the goldens', () => expect(cases.length).toBeGreaterThan(100));

  // Finite inputs: within the bound of torch's float64 output or of our float64 reference (torch's
  // float64 formulas cancel in places: (1 − y)·y at large x, exp(x) − 1 near 0, x − tanh(x));
  // non-finite inputs and kinks: PyTorch's value.
  for (const c of cases) {
    const id = c.id as WasmActivationId;
    it(`${c.id} ${c.tag} ${JSON.stringify(c.params)}`, () => {
      const params = id === 'prelu'
        ? [num(c.weight![0]!)]
        : (PARAM_ORDER[id] ?? []).map((name, i) => {
          const v = c.params[name];
          if (name === 'approximate') return v === 'tanh' ? 1 : 0;
          return v === undefined ? defaultParams(id)[i]! : Number(v);
        });
      const ref = ACTIVATION_REFS[id](params);
      // Where the spec declares a knowing difference from PyTorch (e.g. softshrink(NaN) = NaN,
      // torch 0), the kernel must give actlab's value, not torch's.
      const differs = (x: number, kind: 'value' | 'gradient'): boolean =>
        getActivation(id).knownDifferences.some((d) => (d.affects === kind || d.affects === 'both') && (d.at?.(x) ?? false));
      const x = rt.heap.copyIn(c.x.map(num)), gy = rt.heap.copyIn(c.gy.map(num));
      const y = rt.heap.alloc(x.length), gx = rt.heap.alloc(x.length);
      rt.activations[id].forward(x, y, params);
      rt.activations[id].backward(x, y, gy, gx, params);
      for (let i = 0; i < x.length; i++) {
        const xi = x[i]!, g = gy[i]!;
        const finite = Number.isFinite(xi) && (ref.domain?.(xi) ?? true);
        const wantY = differs(xi, 'value') ? ref.f(xi) : num(c.y64[i]!);
        const wantG = differs(xi, 'gradient') ? g * ref.df(xi) : num(c.gx64[i]!);
        const ey = Math.min(ulpError(y[i]!, wantY), finite ? ulpError(y[i]!, ref.f(xi), ref.floorF?.(xi) ?? 0) : Infinity);
        const gFloor = finite ? (ref.floorDf?.(xi) ?? 0) * Math.abs(g) : 0;
        const eg = Math.min(ulpError(gx[i]!, wantG), finite ? ulpError(gx[i]!, g * ref.df(xi), gFloor) : Infinity);
        expect(ey, `y at x = ${xi}: got ${y[i]}, want ${wantY}`).toBeLessThanOrEqual(ref.bound);
        expect(eg, `gx at x = ${xi}: got ${gx[i]}, want ${wantG}`).toBeLessThanOrEqual(ref.bound + 0.5);
      }
    });
  }
});
