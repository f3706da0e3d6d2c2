/**
 * gradcheck: compares the tape's gradients with float64 central differences.
 * The scalar probed is L = Σ fn(inputs) ⊙ v for a fixed random v, so one backward pass gives
 * every analytic ∂L/∂xᵢ, and each numeric one costs two forward passes.
 */
import { Tensor } from '../tensor/tensor.js';
import { Generator } from '../tensor/random.js';
import { fmtShape } from '../tensor/shape.js';
import { noGrad } from './grad-mode.js';

export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance (default 1e-3). */
  rtol?: number;
  /** Seed of the random upstream gradient v (default 0). */
  seed?: number;
}

export interface GradcheckMismatch {
  /** Which input (position in `inputs`). */
  input: number;
  /** Flat element index within that input. */
  index: number;
  analytic: number;
  numeric: number;
}

export interface GradcheckResult {
  ok: boolean;
  maxAbsError: number;
  /** The element with the largest error relative to its tolerance. */
  worst: GradcheckMismatch | null;
  message: string;
}

function weightedSum(out: Tensor, v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += out.data[i]! * v[i]!;
  return s;
}

/**
 * Checks `fn`'s gradients w.r.t. every input that requires grad (all float64).
 * @example gradcheck((x) => F.gelu(x), [randn([5], { dtype: 'float64', requiresGrad: true })]).ok
 */
export function gradcheck(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  options: GradcheckOptions = {},
): GradcheckResult {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3, seed = 0 } = options;
  inputs.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`gradcheck: inputs[${i}] is not a Tensor`);
    if (t.requiresGrad && t.dtype !== 'float64') {
      throw new TypeError(`gradcheck: inputs[${i}] has dtype ${t.dtype}; finite differences need float64 inputs`);
    }
  });
  // Fresh leaves so the caller's .grad is untouched; same storage values, copied.
  const leaves = inputs.map((t) => {
    const c = new Tensor(t.data.slice(), t.shape, t.dtype);
    c.requiresGrad = t.requiresGrad;
    return c;
  });
  const checked = leaves.map((t, i) => (t.requiresGrad ? i : -1)).filter((i) => i >= 0);
  if (checked.length === 0) throw new RangeError('gradcheck: no input requires grad');

  const out = fn(...leaves);
  if (out.dtype !== 'float64') throw new TypeError(`gradcheck: fn returned dtype ${out.dtype}, expected float64`);
  const g = new Generator(seed);
  const v = Float64Array.from({ length: out.numel }, () => g.uniform(-1, 1));
  out.backward(new Tensor(v, out.shape, 'float64'));

  let maxAbsError = 0;
  let worstRatio = -1;
  let worst: GradcheckMismatch | null = null;
  noGrad(() => {
    for (const i of checked) {
      const x = leaves[i]!;
      const data = x.data as Float64Array;
      const analytic = x.grad?.data;
      for (let j = 0; j < data.length; j++) {
        const orig = data[j]!;
        data[j] = orig + eps;
        const fPlus = weightedSum(fn(...leaves), v);
        data[j] = orig - eps;
        const fMinus = weightedSum(fn(...leaves), v);
        data[j] = orig;
        const numeric = (fPlus - fMinus) / (2 * eps);
        const a = analytic ? analytic[j]! : 0;
        const err = Math.abs(a - numeric);
        const ratio = Number.isNaN(err) ? Infinity : err / (atol + rtol * Math.abs(numeric));
        maxAbsError = Math.max(maxAbsError, Number.isNaN(err) ? Infinity : err);
        if (ratio > worstRatio) {
          worstRatio = ratio;
          worst = { input: i, index: j, analytic: a, numeric };
        }
      }
    }
  });
  const ok = worstRatio <= 1;
  const w = worst as GradcheckMismatch | null;
  const message = w
    ? `${ok ? 'gradcheck passed' : 'gradcheck failed'}: worst element inputs[${w.input}] (shape ${fmtShape(inputs[w.input]!.shape)}) ` +
      `index ${w.index}: analytic ${w.analytic}, numeric ${w.numeric} (max abs error ${maxAbsError.toExponential(2)}, atol ${atol}, rtol ${rtol})`
    : 'gradcheck: nothing to check';
  return { ok, maxAbsError, worst, message };
}
