/**
 * Accuracy of the vectorised elementary functions: max ulp error against float64 references
 * over a sweep of float32 bit patterns (every magnitude), dense grids where the approximations
 * change branch, and special values; plus exact results where IEEE or the function fixes them
 * (signed zeros, infinities, NaN).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { WasmRuntime, WasmUnaryName } from '../../../src/backend/wasm/index.js';
import { erf64, floatSweep, linspace, maxUlpError, SPECIAL_VALUES, wasmRuntime } from './helpers.js';

let rt: WasmRuntime;
beforeAll(() => {
  rt = wasmRuntime();
});

const sigmoid64 = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** Reference, ulp bound, and the grids where the kernel switches branch or loses accuracy first. */
const CASES: { op: WasmUnaryName; ref: (x: number) => number; bound: number; grids: [number, number][] }[] = [
  { op: 'exp', ref: Math.exp, bound: 1.5, grids: [[-104, 89], [-1, 1]] },
  { op: 'expm1', ref: Math.expm1, bound: 2, grids: [[-20, 89], [-1, 1], [-1e-3, 1e-3]] },
  { op: 'log', ref: Math.log, bound: 1, grids: [[0, 4], [0.5, 2]] },
  { op: 'log1p', ref: Math.log1p, bound: 1, grids: [[-1, 4], [-1e-3, 1e-3]] },
  { op: 'tanh', ref: Math.tanh, bound: 3, grids: [[-10, 10], [-1, 1], [-1e-3, 1e-3]] },
  { op: 'sigmoid', ref: sigmoid64, bound: 3, grids: [[-105, 20], [-5, 5]] },
  { op: 'erf', ref: erf64, bound: 2, grids: [[-5, 5], [-1.1, 1.1]] },
  { op: 'sin', ref: Math.sin, bound: 1, grids: [[-10, 10], [-1e5, 1e5], [3e8, 3.1e8]] },
  { op: 'cos', ref: Math.cos, bound: 1, grids: [[-10, 10], [-1e5, 1e5], [3e8, 3.1e8]] },
];

describe('wasm elementary functions: max ulp error vs float64', () => {
  const sweep = floatSweep(4099);
  for (const { op, ref, bound, grids } of CASES) {
    it(`${op} within ${bound} ulp`, () => {
      const inputs = [sweep, ...grids.map(([lo, hi]) => linspace(lo, hi, 400_001)), Float32Array.from(SPECIAL_VALUES)];
      let worst = { max: 0, at: NaN, got: NaN, want: NaN };
      for (const values of inputs) {
        const x = rt.heap.copyIn(values);
        const y = rt.heap.alloc(x.length);
        rt.kernels.unary(op, x, y);
        const r = maxUlpError(x, y, ref);
        if (!(r.max <= worst.max)) worst = r;
        rt.heap.free(x);
        rt.heap.free(y);
      }
      console.log(`${op.padEnd(8)} max ${worst.max.toFixed(3)} ulp at x = ${worst.at} (got ${worst.got}, want ${worst.want})`);
      expect(worst.max).toBeLessThanOrEqual(bound);
    });
  }
});

describe('wasm elementary functions: exact special values', () => {
  const run = (op: WasmUnaryName, values: number[]): number[] => {
    const x = rt.heap.copyIn(values);
    const y = rt.heap.alloc(values.length);
    rt.kernels.unary(op, x, y);
    return Array.from(y);
  };

  it('keeps the sign of zero where the function is odd', () => {
    for (const op of ['expm1', 'log1p', 'tanh', 'erf', 'sin'] as const) {
      const [pz, nz] = run(op, [0, -0]);
      expect(Object.is(pz, 0), `${op}(+0)`).toBe(true);
      expect(Object.is(nz, -0), `${op}(-0)`).toBe(true);
    }
    expect(run('exp', [0, -0])).toEqual([1, 1]);
    expect(run('cos', [0, -0])).toEqual([1, 1]);
    expect(run('sigmoid', [0, -0])).toEqual([0.5, 0.5]);
  });

  it('returns the IEEE limits at infinities and propagates NaN', () => {
    const I = Infinity;
    expect(run('exp', [I, -I, NaN, 88.73, -104])).toEqual([I, 0, NaN, I, 0]);
    expect(run('expm1', [I, -I, NaN, 89])).toEqual([I, -1, NaN, I]);
    expect(run('log', [I, -I, NaN, 0, -0, -1])).toEqual([I, NaN, NaN, -I, -I, NaN]);
    expect(run('log1p', [I, -I, NaN, -1, -2])).toEqual([I, NaN, NaN, -I, NaN]);
    expect(run('tanh', [I, -I, NaN])).toEqual([1, -1, NaN]);
    expect(run('sigmoid', [I, -I, NaN])).toEqual([1, 0, NaN]);
    expect(run('erf', [I, -I, NaN])).toEqual([1, -1, NaN]);
    expect(run('sin', [I, -I, NaN])).toEqual([NaN, NaN, NaN]);
    expect(run('cos', [I, -I, NaN])).toEqual([NaN, NaN, NaN]);
  });

  it('rounds denormal results once (exp, sigmoid) and takes denormal inputs (log)', () => {
    const xs = [-88, -90, -95, -100, -103];
    const exp = run('exp', xs);
    const sig = run('sigmoid', xs);
    xs.forEach((x, i) => {
      expect(Math.abs(exp[i]! - Math.exp(x))).toBeLessThanOrEqual(2 ** -149);
      expect(Math.abs(sig[i]! - Math.exp(x) / (1 + Math.exp(x)))).toBeLessThanOrEqual(2 ** -149);
    });
    const den = [1e-45, 1e-40, 1e-39];
    run('log', den).forEach((v, i) => expect(v).toBe(Math.fround(Math.log(Math.fround(den[i]!)))));
  });

  it('scales sin and cos arguments in float64', () => {
    const x = rt.heap.copyIn([1000.5, -3, 12345.678]);
    const y = rt.heap.alloc(3);
    rt.kernels.sin(x, y, 30);
    Array.from(x).forEach((v, i) => expect(y[i]).toBe(Math.fround(Math.sin(30 * v))));
    rt.kernels.cos(x, y, 0.1);
    Array.from(x).forEach((v, i) => expect(y[i]).toBe(Math.fround(Math.cos(0.1 * v))));
  });
});
