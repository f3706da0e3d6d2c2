/**
 * The property engine for dim-wise activations (softmax, GLU, maxout…): measured from the row
 * function `fRow` and its vector–Jacobian product `vjpRow` on seeded random rows, some scaled
 * far out. Smoothness is read along random lines t ↦ w·f(x₀ + t·d) with the same jump finder
 * as the elementwise engine (properties.ts), the line's derivative coming from vjpRow.
 */
import type { DimwiseSpec } from '../activations/define.js';
import { paramDefaults } from '../activations/params.js';
import { Generator } from '../tensor/random.js';
import type { Smoothness, Unclear } from './properties.js';
import { smoothnessOf } from './properties.js';

/** What {@link measureVectorProperties} finds. */
export interface MeasuredVectorProperties {
  /** Extremes of the outputs seen; ±Infinity when outputs run past ∓1e3 (inputs reach ±1e4·N(0, 1)). */
  range: [number, number];
  boundedBelow: boolean;
  boundedAbove: boolean;
  /** The worst class along six random lines through random rows. */
  smoothness: Smoothness;
  /** Every output row sums to 1 (within 1e-12); 'unclear' when all are within 1e-3 but not 1e-12. */
  sumsToOne: boolean | Unclear;
  /** Adding 0.37 to every entry of a row leaves the output unchanged (within 1e-9; 'unclear' up to 1e-6). */
  shiftInvariant: boolean | Unclear;
}

/** Seeded random rows (even lengths, so GLU halves and maxout pairs fit), some scaled far out. */
function rows(): number[][] {
  const g = new Generator(7);
  const out: number[][] = [];
  for (const n of [2, 4, 6, 8]) {
    for (const scale of [0.5, 3, 50, 1e4]) {
      for (let r = 0; r < 6; r++) out.push(Array.from({ length: n }, () => scale * g.normal()));
    }
  }
  return out;
}

const round = (v: number): number => Number(v.toPrecision(6));

/**
 * Measures the properties of a dim-wise activation at its default parameters (or `params`).
 * @example measureVectorProperties(getActivation('softmax') as DimwiseSpec).sumsToOne // true
 */
export function measureVectorProperties(
  spec: DimwiseSpec,
  params?: Readonly<Record<string, number | string>>,
): MeasuredVectorProperties {
  const p = { ...paramDefaults(spec.params), ...params } as never;
  const data = rows();
  const ys = data.map((x) => spec.fRow(x, p));
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of ys.flat()) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const range: [number, number] = [lo < -1e3 ? -Infinity : round(lo), hi > 1e3 ? Infinity : round(hi)];
  const sumGap = Math.max(...ys.map((y) => Math.abs(y.reduce((a, b) => a + b, 0) - 1)));
  const moderate = data.filter((x) => Math.max(...x.map(Math.abs)) < 100);
  const shiftGap = Math.max(
    ...moderate.map((x) => {
      const shifted = spec.fRow(
        x.map((v) => v + 0.37),
        p,
      );
      return Math.max(...spec.fRow(x, p).map((v, k) => Math.abs(v - shifted[k]!)));
    }),
  );
  return {
    range,
    boundedBelow: Number.isFinite(range[0]),
    boundedAbove: Number.isFinite(range[1]),
    smoothness: lineSmoothness(spec, p),
    sumsToOne: sumGap <= 1e-12 ? true : sumGap > 1e-3 ? false : 'unclear',
    shiftInvariant: shiftGap <= 1e-9 ? true : shiftGap > 1e-6 ? false : 'unclear',
  };
}

/** The worst smoothness class of g(t) = w·f(x₀ + t·d), t ∈ [−1, 1], over six seeded lines. */
function lineSmoothness(spec: DimwiseSpec, p: never): Smoothness {
  const order: Smoothness[] = ['Cinf', 'C1', 'C0', 'discontinuous'];
  const g = new Generator(11);
  // An odd count with an irrational-ish offset keeps kinks off grid points, as in the elementwise grid.
  const ts = Float64Array.from({ length: 2001 }, (_, i) => -1 + (i + 0.37) * 1e-3);
  let worst = 0;
  for (let line = 0; line < 6; line++) {
    const n = 6;
    const x0 = Array.from({ length: n }, () => 0.5 * g.normal());
    const dir = Array.from({ length: n }, () => g.normal());
    const w = Array.from({ length: n }, () => g.normal());
    const at = (t: number): number[] => x0.map((a, k) => a + t * dir[k]!);
    const value = (t: number): number => spec.fRow(at(t), p).reduce((a, b, k) => a + b * w[k]!, 0);
    // d/dt w·f(x₀ + t·d) = (Jᵀw)·d, and Jᵀw is the row's vector–Jacobian product.
    const slope = (t: number): number => {
      const x = at(t);
      const m = spec.fRow(x, p).length;
      return spec.vjpRow(x, w.slice(0, m), p).reduce((a, b, k) => a + b * dir[k]!, 0);
    };
    worst = Math.max(worst, order.indexOf(smoothnessOf(value, slope, ts).smoothness));
  }
  return order[worst]!;
}
