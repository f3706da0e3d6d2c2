/** Inputs shared by every engine and by the profiler: the same values for the same seed. */
import { CNN, TRAIN } from '../cases.js';

/** n values ~ N(0, scale²) from a seeded generator (mulberry32 + Box–Muller). */
export function gaussian(n: number, seed: number, scale: number): Float32Array {
  let s = seed >>> 0;
  const u = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(u()));
    const a = 2 * Math.PI * u();
    out[i] = scale * r * Math.cos(a);
    if (i + 1 < n) out[i + 1] = scale * r * Math.sin(a);
  }
  return out;
}

/** `batches` batches of the MLP's inputs (N(0, 1)) and labels (cases.ts TRAIN). */
export function mlpInputs(batches: number): { xs: Float32Array; ys: Int32Array } {
  const { sizes, batch } = TRAIN;
  const classes = sizes[sizes.length - 1]!;
  return {
    xs: gaussian(batches * batch * sizes[0]!, 5, 1),
    ys: Int32Array.from({ length: batches * batch }, (_, i) => (i * 7 + 3) % classes),
  };
}

/** `batches` batches of the CNN's images (pixels in [0, 1], as the attack's box expects) and labels. */
export function cnnInputs(batches: number): { xs: Float32Array; ys: Int32Array } {
  const image = CNN.input.reduce((p, d) => p * d, 1);
  return {
    xs: gaussian(batches * CNN.batch * image, 7, 0.25).map((v) => Math.min(1, Math.max(0, v + 0.5))),
    ys: Int32Array.from({ length: batches * CNN.batch }, (_, i) => (i * 7 + 3) % CNN.classes),
  };
}
