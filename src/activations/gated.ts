/**
 * Shared machinery of the gated linear units (GLU, SwiGLU, GEGLU, ReGLU): split `dim` into halves
 * a and b, return a ⊗ g(b). The fused kernel reuses the gate's own elementwise kernels on a
 * contiguous float64 copy of the b halves, so the gate's numerics (and fast paths) are shared.
 */
import type { ActivationKernel, KernelParams } from '../backend/backend.js';
import type { DimKernel } from '../ops/dim-activation.js';
import type { FloatArray } from '../tensor/dtype.js';

/** Output length along dim: half of an even size (torch's "halving dimension must be even"). */
export function halve(id: string, size: number, dim: number): number {
  if (size % 2 !== 0) {
    throw new RangeError(`${id}: dim ${dim} has odd size ${size}; it must be even to split into halves a and b`);
  }
  return size / 2;
}

/** Copies the b halves ([outer, half, inner] blocks after each a block) into one contiguous array. */
function gatherB(x: FloatArray, outer: number, block: number): Float64Array {
  const b = new Float64Array(outer * block);
  for (let o = 0; o < outer; o++) b.set(x.subarray((2 * o + 1) * block, (2 * o + 2) * block), o * block);
  return b;
}

/** The fused kernel of a ⊗ gate(b), the gate's parameters fixed (e.g. `{ beta: 1 }` for SwiGLU's SiLU). */
export function gatedKernel(gate: ActivationKernel, gateParams: KernelParams = {}): DimKernel {
  return {
    forward(x, y, outer, size, inner) {
      const block = (size / 2) * inner;
      const b = gatherB(x, outer, block);
      const g = new Float64Array(b.length);
      gate.forward(b, g, gateParams);
      for (let o = 0, k = 0; o < outer; o++) {
        const a0 = 2 * o * block;
        for (let j = 0; j < block; j++, k++) y[k] = x[a0 + j]! * g[k]!;
      }
    },
    // ∂/∂a = gy·g(b);  ∂/∂b = (gy·a)·g′(b), by the gate's own backward with upstream gy·a.
    backward(x, _y, gy, gx, outer, size, inner) {
      const block = (size / 2) * inner;
      const b = gatherB(x, outer, block);
      const g = new Float64Array(b.length);
      gate.forward(b, g, gateParams);
      const ga = new Float64Array(b.length);
      for (let o = 0, k = 0; o < outer; o++) {
        const a0 = 2 * o * block;
        for (let j = 0; j < block; j++, k++) {
          gx[a0 + j] = gy[k]! * g[k]!;
          ga[k] = gy[k]! * x[a0 + j]!;
        }
      }
      const gb = new Float64Array(b.length);
      gate.backward(b, g, ga, gb, gateParams);
      for (let o = 0; o < outer; o++) gx.set(gb.subarray(o * block, (o + 1) * block), (2 * o + 1) * block);
    },
  };
}

/** Row reference: [a, b] → a ⊗ g(b). */
export function gatedRow(x: readonly number[], g: (b: number) => number): number[] {
  const h = x.length / 2;
  return x.slice(0, h).map((a, k) => a * g(x[h + k]!));
}

/** Row reference of the VJP: [gy·g(b), gy·a·g′(b)]. */
export function gatedVjpRow(
  x: readonly number[],
  gy: readonly number[],
  g: (b: number) => number,
  dg: (b: number) => number,
): number[] {
  const h = x.length / 2;
  const b = x.slice(h);
  return [...b.map((v, k) => gy[k]! * g(v)), ...b.map((v, k) => gy[k]! * x[k]! * dg(v))];
}
