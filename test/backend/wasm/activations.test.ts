/**
 * WASM activation kernels, forward and backward, against the float64 references of
 * activation-refs.ts (ulp bounds over dense grids, every magnitude and special finite values)
 * and against the PyTorch goldens in test/fixtures/activations.json (NaN/±Inf included).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findPackageRoot, WASM_ACTIVATION_IDS, type WasmActivationId, type WasmRuntime } from '../../../src/backend/wasm/index.js';
import type { KernelParams } from '../../../src/backend/backend.js';
import { paramDefaults } from '../../../src/activations/params.js';
import { getActivation } from '../../../src/activations/registry.js';
import { EXTRA_PARAMS, referenceFor } from './activation-refs.js';
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

/** The spec's defaults, by name: the kernels read the spec's names, nothing here restates them. */
const defaults = (id: WasmActivationId): KernelParams => paramDefaults(getActivation(id).params) as KernelParams;
const paramSets = (id: WasmActivationId): KernelParams[] => [
  defaults(id), ...(EXTRA_PARAMS[id] ?? []).map((p) => ({ ...defaults(id), ...p })),
];
const show = (p: KernelParams): string => Object.values(p).join(', ');

describe('wasm activations vs float64 references', () => {
  for (const id of WASM_ACTIVATION_IDS) {
    for (const params of paramSets(id)) {
      const ref = referenceFor(id, params);
      it(`${id}(${show(params)}): forward and backward within ${ref.bound} ulp`, () => {
        const kernel = rt.activations[id];
        const x = rt.heap.copyIn(ref.domain ? inputs.filter(ref.domain) : inputs);
        const y = rt.heap.alloc(x.length);
        const gy = rt.heap.alloc(x.length).fill(1);
        const gx = rt.heap.alloc(x.length);
        kernel.forward(x, y, params);
        kernel.backward(x, y, gy, gx, params);
        const ey = maxUlpError(x, y, ref.f, ref.floorF ?? 0);
        const eg = maxUlpError(x, gx, ref.df, ref.floorDf ?? 0);
        console.log(`${`${id}(${show(params)})`.padEnd(20)} y ${ey.max.toFixed(2)} ulp (x=${ey.at})  gx ${eg.max.toFixed(2)} ulp (x=${eg.at})`);
        expect(ey.max, `y at x = ${ey.at}: got ${ey.got}, want ${ey.want}`).toBeLessThanOrEqual(ref.bound);
        expect(eg.max, `gx at x = ${eg.at}: got ${eg.got}, want ${eg.want}`).toBeLessThanOrEqual(ref.bound);
        for (const v of [x, y, gy, gx]) rt.heap.free(v);
      });
    }
  }

  it('keeps a large |x| next to a NaN in the same lane of a range-tested block off the fast exponential', () => {
    // sigmoid and silu test 4 vectors at once (gelu 2) for |x| beyond the fast path; a NaN in
    // lane 0 of one vector must not hide ±100 in lane 0 of another (it did with a float max).
    const xs = new Float32Array(32).fill(0.5);
    [xs[0], xs[4], xs[8], xs[12], xs[16], xs[20]] = [NaN, -100, 100, -90, NaN, 100];
    for (const id of ['sigmoid', 'silu', 'gelu'] as const) {
      const ref = referenceFor(id, defaults(id));
      const x = rt.heap.copyIn(xs), y = rt.heap.alloc(32), gy = rt.heap.alloc(32).fill(1), gx = rt.heap.alloc(32);
      rt.activations[id].forward(x, y, defaults(id));
      rt.activations[id].backward(x, y, gy, gx, defaults(id));
      for (let i = 0; i < 32; i++) {
        if (Number.isNaN(xs[i])) continue;
        expect(ulpError(y[i]!, ref.f(xs[i]!)), `${id}(${xs[i]}) at ${i}`).toBeLessThanOrEqual(ref.bound);
        expect(ulpError(gx[i]!, ref.df(xs[i]!)), `${id}′(${xs[i]}) at ${i}`).toBeLessThanOrEqual(ref.bound);
      }
      expect(Number.isNaN(y[0]!)).toBe(true);
      for (const v of [x, y, gy, gx]) rt.heap.free(v);
    }
  });

  it('multiplies the upstream gradient and runs in place', () => {
    const xs = uniform(10_001, -8, 8, 7);
    const g = uniform(10_001, -3, 3, 99);
    for (const id of ['gelu', 'mish', 'softplus', 'elu'] as const) {
      const ref = referenceFor(id, defaults(id));
      const x = rt.heap.copyIn(xs), gy = rt.heap.copyIn(g);
      rt.activations[id].backward(x, x, gy, gy, defaults(id)); // gx over gy
      const e = maxUlpError(x, gy, (v, i) => g[i]! * ref.df(v), (v) => 3 * (ref.floorDf?.(v) ?? 0));
      expect(e.max, id).toBeLessThanOrEqual(ref.bound + 1);
      rt.activations[id].forward(x, x, defaults(id)); // y over x
      Array.from(x).forEach((v, i) => expect(ulpError(v, ref.f(xs[i]!)), id).toBeLessThanOrEqual(ref.bound));
    }
  });

  it('follows PyTorch at kinks', () => {
    const grad = (id: WasmActivationId, xs: number[], params: KernelParams = {}): number[] => {
      const x = rt.heap.copyIn(xs), g = rt.heap.alloc(xs.length).fill(1), gx = rt.heap.alloc(xs.length);
      rt.activations[id].backward(x, x, g, gx, { ...defaults(id), ...params });
      return Array.from(gx);
    };
    expect(grad('relu', [0, -0])).toEqual([0, 0]);
    expect(grad('relu6', [0, 6])).toEqual([0, 0]);
    expect(grad('hardtanh', [-1, 1])).toEqual([0, 0]);
    expect(grad('leaky_relu', [0], { negativeSlope: 0.1 })).toEqual([Math.fround(0.1)]);
    expect(grad('threshold', [1, 1.0000001], { threshold: 1, value: 5 })).toEqual([0, 1]);
    expect(grad('hardshrink', [-0.5, 0.5])).toEqual([0, 0]);
    expect(grad('softshrink', [-0.5, 0.5])).toEqual([0, 0]);
    expect(grad('hardsigmoid', [-3, 3])).toEqual([0, 0]);
    expect(grad('hardswish', [-3, 3, 2.9999998])).toEqual([-0.5, 1, Math.fround(Math.fround(2.9999998 / 3) + 0.5)]);
    expect(grad('elu', [0], { alpha: 2 })).toEqual([2]);
    expect(grad('softplus', [10, 10.000001], { beta: 2, threshold: 20 })).toEqual([1 / (1 + Math.exp(-20)), 1].map(Math.fround));
  });

  it('reads parameters by name: a missing or misspelt one throws instead of running with a default', () => {
    const x = rt.heap.copyIn([1, -1]), y = rt.heap.alloc(2);
    expect(() => rt.activations.leaky_relu.forward(x, y, {})).toThrow(/leaky_relu: parameter 'negativeSlope' must be a number, got none/);
    expect(() => rt.activations.softplus.forward(x, y, { beta: 1, treshold: 20 })).toThrow(/'threshold'.*given: beta, treshold/);
    rt.heap.free(x);
    rt.heap.free(y);
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

describe('wasm activations vs PyTorch goldens (test/fixtures/activations.json)', () => {
  const file = join(findPackageRoot(), 'test', 'fixtures', 'activations.json');
  const cases = (JSON.parse(readFileSync(file, 'utf8')) as { cases: Golden[] }).cases.filter(
    (c) => (WASM_ACTIVATION_IDS as readonly string[]).includes(c.id) && !(c.id === 'prelu' && (c.weight?.length ?? 1) > 1),
  );

  it('has goldens for every kernel', () => {
    expect(WASM_ACTIVATION_IDS.filter((id) => !cases.some((c) => c.id === id))).toEqual([]);
  });

  // Finite inputs: within the bound of torch's float64 output or of our float64 reference (torch's
  // float64 formulas cancel in places: (1 − y)·y at large x, exp(x) − 1 near 0, x − tanh(x));
  // non-finite inputs and kinks: PyTorch's value.
  for (const c of cases) {
    const id = c.id as WasmActivationId;
    it(`${c.id} ${c.tag} ${JSON.stringify(c.params)}`, () => {
      // The golden's parameters by name over the spec's defaults (prelu's one weight is a tensor there).
      const params: KernelParams = { ...defaults(id), ...c.params, ...(id === 'prelu' ? { weight: num(c.weight![0]!) } : {}) };
      const ref = referenceFor(id, params);
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
