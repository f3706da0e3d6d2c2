/**
 * Conformance on the wasm backend, exact-gradient mode: the registry-driven activation suites,
 * the PyTorch goldens and the primitive gradcheck suite run here again with the wasm backend
 * active for float32 (float64 stays on js). Importing a test file registers its tests in this
 * file, after use-wasm.ts has switched the backend. The default 'fast' mode is checked in
 * conformance-fast.test.ts.
 */
import { wasm } from './use-wasm-exact.js';
import { describe, expect, it } from 'vitest';
import { builtinActivations, getActivation } from '../../../src/activations/index.js';
import type { ElementwiseSpec } from '../../../src/activations/index.js';
import { paramDefaults } from '../../../src/activations/params.js';
import { APPROXIMATE_GRADIENT_IDS } from '../../../src/backend/wasm/backend.js';
import { WASM_ACTIVATION_IDS } from '../../../src/backend/wasm/index.js';
import { ulp32 } from './helpers.js';

import '../../activations/goldens.test.js';
import '../../activations/catalog.test.js';
import '../../activations/api.test.js';
import '../../activations/learnable.test.js';
import '../../ops/gradcheck.test.js';

/**
 * Elementwise built-ins that run their spec's derived float32 loop on the wasm backend, on
 * purpose: heaviside's gradient is 0 everywhere (nothing to speed up in training); smooth_relu
 * needs t − log1p(t) without cancellation in float32 SIMD (a series below t = βx ≈ 1), not
 * written yet — its derived loop is correct, only slower.
 */
const WITHOUT_WASM_KERNEL: readonly string[] = ['heaviside', 'smooth_relu'];

/** A dense grid of [−20, 20] and every magnitude 1e−30..1e30 of both signs. */
function grid(): number[] {
  const pts: number[] = [];
  for (let i = 0; i <= 40000; i++) pts.push(-20 + (40 * i) / 40000);
  for (let e = -30; e <= 30; e += 0.25) pts.push(10 ** e, -(10 ** e));
  return pts;
}
const within4 = (got: number, want: number): boolean => {
  if (Number.isNaN(want)) return Number.isNaN(got);
  if (!Number.isFinite(Math.fround(want))) return got === Math.fround(want);
  return Math.abs(got - want) <= 4 * ulp32(want) + 2 ** -49;
};

describe('every WASM activation kernel against the spec reference f, df (4 float32 ulps)', () => {
  const pts = grid();
  const heap = wasm.runtime.heap;
  for (const id of WASM_ACTIVATION_IDS) {
    it(id, () => {
      const spec = getActivation(id) as ElementwiseSpec;
      const p = paramDefaults(spec.params);
      const x = heap.copyIn(pts), y = heap.alloc(pts.length), gy = heap.alloc(pts.length), gx = heap.alloc(pts.length);
      gy.fill(1);
      const k = wasm.runtime.activations[id];
      k.forward(x, y, p);
      k.backward(x, y, gy, gx, p);
      const badF: number[] = [];
      const badB: number[] = [];
      for (let i = 0; i < pts.length; i++) {
        const xv = x[i]!;
        if (!within4(y[i]!, spec.f(xv, p as never))) badF.push(xv);
        if (!within4(gx[i]!, spec.df(xv, p as never))) badB.push(xv);
      }
      expect(badF.slice(0, 5), `forward off by more than 4 ulps at ${badF.length} points`).toEqual([]);
      // The approximate-gradient ids are the only ones allowed to miss, and they do miss (the list is exact).
      if (APPROXIMATE_GRADIENT_IDS.includes(id)) expect(badB.length).toBeGreaterThan(0);
      else expect(badB.slice(0, 5), `backward off by more than 4 ulps at ${badB.length} points`).toEqual([]);
    });
  }

  it('covers every elementwise built-in with a WASM kernel, but the declared exceptions', () => {
    const elementwise: readonly string[] = builtinActivations.filter((s) => s.kind === 'elementwise').map((s) => s.id);
    const ids: readonly string[] = WASM_ACTIVATION_IDS;
    expect(ids.filter((id) => !elementwise.includes(id)), 'kernels for no built-in').toEqual([]);
    expect(elementwise.filter((id) => !ids.includes(id) && !WITHOUT_WASM_KERNEL.includes(id)), 'built-ins without a kernel').toEqual([]);
    expect(WITHOUT_WASM_KERNEL.filter((id) => ids.includes(id)), 'exceptions that have a kernel now').toEqual([]);
  });
});
