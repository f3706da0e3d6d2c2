/**
 * WASM GEMM against a float64 triple loop: odd sizes and block edges (MR = 6 relaxed or 4 baseline, NR = 8, MC = 96,
 * KC = 256, NC = 2048), all four transpose variants, accumulate, k = 0, empty matrices.
 * Bound: |c − ref| <= (k + 2)·2^-24·Σ_p |a_ip·b_pj| (the float32 summation error bound).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { WasmRuntime } from '../../../src/backend/wasm/index.js';
import { uniform, wasmRuntime } from './helpers.js';

let rt: WasmRuntime;
beforeAll(() => {
  rt = wasmRuntime();
});

function check(m: number, n: number, k: number, transA: boolean, transB: boolean, accumulate: boolean): void {
  const as = uniform(m * k, -1, 1, m * 7 + k), bs = uniform(k * n, -1, 1, n * 13 + k), cs = uniform(m * n, -1, 1, 3);
  const a = rt.heap.copyIn(as), b = rt.heap.copyIn(bs), c = rt.heap.copyIn(accumulate ? cs : new Float32Array(m * n).fill(NaN));
  rt.kernels.gemm(a, b, c, m, n, k, { transA, transB, accumulate });
  let worst = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = accumulate ? cs[i * n + j]! : 0, mag = Math.abs(s);
      for (let p = 0; p < k; p++) {
        const prod = (transA ? as[p * m + i]! : as[i * k + p]!) * (transB ? bs[j * k + p]! : bs[p * n + j]!);
        s += prod;
        mag += Math.abs(prod);
      }
      worst = Math.max(worst, Math.abs(c[i * n + j]! - s) / ((k + 2) * 2 ** -24 * mag || 1e-300));
    }
  }
  expect(worst, `${m}×${n}×${k} transA=${transA} transB=${transB} accumulate=${accumulate}`).toBeLessThanOrEqual(1);
  for (const v of [a, b, c]) rt.heap.free(v);
}

describe('wasm gemm', () => {
  const sizes: [number, number, number][] = [
    [1, 1, 1], [7, 13, 5], [33, 65, 17], [4, 8, 256], [5, 9, 257], [97, 25, 513], [100, 37, 300], [3, 2049, 7], [200, 70, 600],
  ];
  for (const [m, n, k] of sizes) {
    it(`${m}×${n}×${k}, every transpose variant, with and without accumulate`, () => {
      for (const transA of [false, true]) for (const transB of [false, true]) for (const acc of [false, true]) check(m, n, k, transA, transB, acc);
    });
  }

  it('crosses every block boundary once (m > MC, k > KC, n > NC)', () => check(101, 2051, 260, false, false, false));

  it('k = 0 writes zeros (or leaves C with accumulate); m = 0 or n = 0 does nothing', () => {
    const a = rt.heap.alloc(0), b = rt.heap.alloc(0), c = rt.heap.copyIn([1, 2, 3, 4, 5, 6]);
    rt.kernels.gemm(a, b, c, 2, 3, 0, { accumulate: true });
    expect(Array.from(c)).toEqual([1, 2, 3, 4, 5, 6]);
    rt.kernels.gemm(a, b, c, 2, 3, 0);
    expect(Array.from(c)).toEqual([0, 0, 0, 0, 0, 0]);
    rt.kernels.gemm(rt.heap.alloc(0), rt.heap.alloc(5), rt.heap.alloc(0), 0, 5, 1);
  });

  // With few columns (n <= 64) the relaxed build reads a transposed A in place instead of packing
  // it (gemm.as micro6Direct): the same multiply-adds in the same order, so the same bits as the
  // packed path computes from an explicitly transposed copy.
  it('a transposed A gives bit-for-bit the product of its transposed copy (in place or packed)', () => {
    for (const [m, n, k] of [
      [97, 32, 300],
      [224, 16, 288],
      [13, 64, 9],
      [40, 65, 20],
    ] as [number, number, number][]) {
      const at = uniform(k * m, -1, 1, m + n), bs = uniform(k * n, -1, 1, k);
      const a = new Float32Array(m * k);
      for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) a[i * k + p] = at[p * m + i]!;
      const pat = rt.heap.copyIn(at), pa = rt.heap.copyIn(a), pb = rt.heap.copyIn(bs);
      const c1 = rt.heap.alloc(m * n), c2 = rt.heap.alloc(m * n);
      for (const transB of [false, true]) {
        rt.kernels.gemm(pat, pb, c1, m, n, k, { transA: true, transB });
        rt.kernels.gemm(pa, pb, c2, m, n, k, { transB });
        expect(Array.from(c1), `${m}×${n}×${k} transB=${transB}`).toEqual(Array.from(c2));
      }
      for (const v of [pat, pa, pb, c1, c2]) rt.heap.free(v);
    }
  });

  it('splits large products over helper threads with bit-identical results', async () => {
    const m = 203, n = 130, k = 321;
    const a = rt.heap.copyIn(uniform(m * k, -1, 1, 1)), b = rt.heap.copyIn(uniform(n * k, -1, 1, 2));
    const c1 = rt.heap.alloc(m * n), c2 = rt.heap.alloc(m * n);
    rt.kernels.gemm(a, b, c1, m, n, k, { transB: true });
    await rt.enableThreads(1);
    try {
      expect(rt.threads).toBe(1);
      rt.kernels.gemm(a, b, c2, m, n, k, { transB: true });
      rt.kernels.gemm(a, b, c2, m, n, k, { transB: true }); // a second job on the same workers
    } finally {
      await rt.disableThreads();
    }
    expect(rt.threads).toBe(0);
    expect(Array.from(c2)).toEqual(Array.from(c1));
  });

  it('rejects wrong lengths and an output overlapping an input', () => {
    const a = rt.heap.alloc(6), b = rt.heap.alloc(9), c = rt.heap.alloc(8);
    expect(() => rt.kernels.gemm(a, b, c, 2, 4, 4)).toThrow(/a has length 6, expected 8/);
    expect(() => rt.kernels.gemm(a, b, a, 2, 3, 3)).toThrow(/must not overlap/);
  });
});
