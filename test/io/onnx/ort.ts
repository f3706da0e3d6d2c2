/**
 * Running exported models in onnxruntime-node (a devDependency: a missing install fails these
 * tests at import, loudly), and the float32 rule exports are held to.
 */
import * as ort from 'onnxruntime-node';
import { expect } from 'vitest';
import { ulp32 } from '../../backend/wasm/helpers.js';

/** Runs `bytes` on one float32 input; returns the first output. */
export async function runOnnx(
  bytes: Uint8Array,
  x: Float32Array,
  dims: readonly number[],
): Promise<{ data: Float32Array; dims: number[] }> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const out = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', x, [...dims]) });
    const y = out[session.outputNames[0]!]!;
    return { data: y.data as Float32Array, dims: [...y.dims] };
  } finally {
    await session.release();
  }
}

/**
 * The conformance tests' float32 rule for a value computed by another float32 implementation:
 * within 4 ulps of actlab's value plus 8 ulps of the magnitude of the terms the computation
 * combines (`scale`). onnxruntime evaluates the ONNX ops in float32 with its own approximations
 * (MLAS's sigmoid and tanh are accurate to ~1 ulp of 1, not of a tiny result; ½x(1 + erf) and
 * eˣ − 1 cancel), so a result next to 0 is good to ulps of its terms, as torch's float32 kernels are.
 */
export function withinRule(got: number, want: number, scale: number): boolean {
  if (Number.isNaN(want) || Number.isNaN(got)) return Number.isNaN(want) && Number.isNaN(got);
  if (!Number.isFinite(want) || !Number.isFinite(got)) return got === want;
  return Math.abs(got - want) <= 4 * ulp32(want) + 8 * ulp32(scale);
}

/** Largest |got − want| over finite pairs. */
export function maxAbsDiff(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < got.length; i++) {
    const d = Math.abs(got[i]! - want[i]!);
    if (Number.isFinite(d) && d > m) m = d;
  }
  return m;
}

/**
 * A model's outputs from float32 sums taken in another order (MLAS's blocked GEMM and convolution
 * against actlab's loops): each within 4 ulps of itself plus 16 ulps of the largest |output| of its
 * row — a few ulps of the values the sums accumulate to.
 */
export function expectClose(got: Float32Array, want: ArrayLike<number>, rowSize: number, what: string): void {
  const bad: string[] = [];
  for (let r = 0; r < want.length / rowSize; r++) {
    let scale = 1;
    for (let j = 0; j < rowSize; j++) scale = Math.max(scale, Math.abs(want[r * rowSize + j]!));
    for (let j = 0; j < rowSize; j++) {
      const i = r * rowSize + j;
      if (!(Math.abs(got[i]! - want[i]!) <= 4 * ulp32(want[i]!) + 16 * ulp32(scale)))
        bad.push(`[${i}] ${got[i]} vs ${want[i]}`);
    }
  }
  expect(bad.slice(0, 5), `${what}: ${bad.length} values off`).toEqual([]);
}
