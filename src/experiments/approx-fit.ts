/**
 * Universal approximation, measured: a network with ONE hidden layer, y = W₂·σ(W₁x + b₁) + b₂,
 * fitted to a 1-D target on [−1, 1] at a given width. Leshno et al. (1993): such networks
 * approximate every continuous function on a compact set iff σ is not a polynomial — so the
 * error falls with width for ReLU, tanh, sine…, and stalls for identity (the fit is a line) and
 * x² (a quadratic) however wide the layer. To make the stall a matter of expressiveness, not of
 * optimisation, each fit runs long (Adam with cosine decay, best of a few seeds), and the best
 * polynomial fits of degree 1 and 2 are computed in closed form as the floors those two reach.
 */
import { activationModule } from '../nn/activation.js';
import { getActivation } from '../activations/registry.js';
import { noGrad } from '../autograd/grad-mode.js';
import { stepScope, tidy } from '../backend/scope.js';
import type { Layer } from '../nn/container.js';
import { linear, mseLoss } from '../nn/functional/index.js';
import { uniform_ } from '../nn/init.js';
import { Module } from '../nn/module.js';
import { Parameter } from '../nn/parameter.js';
import { empty } from '../ops/apply.js';
import { mul } from '../ops/index.js';
import { Adam } from '../optim/adam.js';
import { CosineAnnealingLR } from '../optim/lr-scheduler.js';
import { Generator, manualSeed } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';

/** The targets, on [−1, 1]. */
export const APPROX_TARGETS = {
  sin: { formula: 'sin(2πx)', f: (x: number): number => Math.sin(2 * Math.PI * x) },
  abs: { formula: '|x|', f: (x: number): number => Math.abs(x) },
  step: { formula: '1 if x ≥ 0 else 0', f: (x: number): number => (x >= 0 ? 1 : 0) },
  // Jumps at x = ±½ and continuous at the ends of [−1, 1] (a jump at x = 1 would sit on the last point).
  sawtooth: { formula: '2·frac(x + ½) − 1', f: (x: number): number => 2 * (x + 0.5 - Math.floor(x + 0.5)) - 1 },
} as const;
export type ApproxTarget = keyof typeof APPROX_TARGETS;
export const approxTargetNames = Object.keys(APPROX_TARGETS) as ApproxTarget[];

export interface ApproxSettings {
  /** Training points, evenly spaced on [−1, 1]. */
  trainPoints: number;
  /** Points the error is measured on (a finer grid, between the training points too). */
  testPoints: number;
  /** Adam steps per fit (full batch), with the learning rate annealed from `lr` to 0 by a cosine. */
  steps: number;
  lr: number;
  /** Fits per width (seeds 0…restarts−1); the lowest training loss is kept. */
  restarts: number;
}

export interface ApproxFit {
  /** RMS error on the test grid. */
  rmse: number;
  /** Largest absolute error on the test grid. */
  maxError: number;
  /** Which restart was kept (0…restarts−1). */
  seed: number;
  /** The fit on the test grid (for the curve plots). */
  prediction: number[];
}

/** n points evenly spaced on [−1, 1], both ends included. */
export const grid = (n: number): number[] =>
  Array.from({ length: n }, (_, i) => (n === 1 ? 0 : -1 + (2 * i) / (n - 1)));

const column = (v: readonly number[]): Tensor => new Tensor(Float32Array.from(v), [v.length, 1], 'float32');

function errors(pred: ArrayLike<number>, truth: readonly number[]): { rmse: number; maxError: number } {
  let se = 0;
  let max = 0;
  truth.forEach((t, i) => {
    const d = Math.abs(pred[i]! - t);
    se += d * d;
    if (d > max || Number.isNaN(d)) max = d;
  });
  return { rmse: Math.sqrt(se / truth.length), maxError: max };
}

/**
 * Every (width, restart) network of one activation and target, trained together as ONE model:
 * their hidden units side by side in one layer, and an output layer masked block-diagonally so
 * that head k reads only its own network's units. Each head's loss and gradients involve its
 * own parameters alone, and Adam updates element by element, so every network trains exactly as
 * it would alone — at the cost of one wide layer instead of many small ones (the engine's
 * per-op overhead dominates layers this small). Each network is initialised as a
 * torch `Linear(1, w)` → σ → `Linear(w, 1)` would be: U(±1) in, U(±1/√w) out.
 */
class ParallelOneHidden extends Module {
  readonly hidden: Parameter;
  readonly hiddenBias: Parameter;
  readonly out: Parameter;
  readonly outBias: Parameter;
  readonly #mask: Tensor;
  readonly #act: Layer;

  constructor(act: Layer, widths: readonly number[], generator: Generator) {
    super();
    const total = widths.reduce((a, b) => a + b, 0);
    const heads = widths.length;
    this.#act = act;
    this.hidden = new Parameter(uniform_(empty([total, 1], 'float32'), -1, 1, { generator }));
    this.hiddenBias = new Parameter(uniform_(empty([total], 'float32'), -1, 1, { generator }));
    const out = new Float32Array(heads * total);
    const mask = new Float32Array(heads * total);
    const bias = new Float32Array(heads);
    let offset = 0;
    widths.forEach((w, k) => {
      const bound = 1 / Math.sqrt(w);
      for (let j = offset; j < offset + w; j++) {
        out[k * total + j] = generator.uniform(-bound, bound);
        mask[k * total + j] = 1;
      }
      bias[k] = generator.uniform(-bound, bound);
      offset += w;
    });
    this.out = new Parameter(new Tensor(out, [heads, total], 'float32'));
    this.outBias = new Parameter(new Tensor(bias, [heads], 'float32'));
    this.#mask = new Tensor(mask, [heads, total], 'float32');
  }

  /** `[N, 1]` → `[N, heads]`. */
  forward(x: Tensor): Tensor {
    return linear(this.#act.forward(linear(x, this.hidden, this.hiddenBias)), mul(this.out, this.#mask), this.outBias);
  }
}

/**
 * One hidden layer of each width in `widths` with activation `act` (registry id, default
 * parameters), fitted to `target`: `restarts` seeds per width, the lowest final training loss
 * kept. Full-batch Adam, learning rate `lr` annealed to 0 by a cosine over `steps`.
 * @returns one fit per width, in the order given.
 */
export function fitWidths(
  act: string,
  widths: readonly number[],
  target: ApproxTarget,
  s: ApproxSettings,
  seed = 0,
): ApproxFit[] {
  const f = APPROX_TARGETS[target].f;
  const xTrain = grid(s.trainPoints);
  const xTest = grid(s.testPoints);
  const heads = widths.length * s.restarts;
  const x = column(xTrain);
  const y = new Tensor(
    Float32Array.from(xTrain.flatMap((v) => new Array<number>(heads).fill(f(v)))),
    [xTrain.length, heads],
    'float32',
  );
  const Act = activationModule(getActivation(act));
  manualSeed(seed);
  // Head r·W + k is restart r of width k; restarts draw from one generator, one after another.
  const all = Array.from({ length: s.restarts }, () => widths).flat();
  const model = new ParallelOneHidden(new Act() as unknown as Layer, all, new Generator(seed));
  const optimizer = new Adam(model.parameters(), { lr: s.lr });
  const schedule = new CosineAnnealingLR(optimizer, { tMax: s.steps });
  const scope = stepScope(model, optimizer, x, y);
  try {
    for (let step = 0; step < s.steps; step++) {
      scope.run(() => {
        optimizer.zeroGrad();
        // Sum over heads, mean over points: each head's gradient is that of its own MSE.
        mseLoss(model.forward(x), y, { reduction: 'sum' })
          .mul(1 / xTrain.length)
          .backward();
        optimizer.step();
        schedule.step();
      });
    }
  } finally {
    scope.close();
  }
  const { train, test } = noGrad(() =>
    tidy(() => ({ train: Array.from(model.forward(x).data), test: Array.from(model.forward(column(xTest)).data) })),
  );
  const truth = xTest.map(f);
  return widths.map((_, k) => {
    let best: ApproxFit | null = null;
    let bestLoss = Infinity;
    for (let r = 0; r < s.restarts; r++) {
      const h = r * widths.length + k;
      let loss = 0;
      xTrain.forEach((v, i) => (loss += (train[i * heads + h]! - f(v)) ** 2));
      const prediction = xTest.map((_, i) => test[i * heads + h]!);
      if (!best || loss < bestLoss || !Number.isFinite(bestLoss)) {
        best = { ...errors(prediction, truth), seed: r, prediction };
        bestLoss = Number.isFinite(loss) ? loss : Infinity;
      }
    }
    return best!;
  });
}

/**
 * The best polynomial of `degree` by least squares on the training points (normal equations in
 * float64 on the monomials of x ∈ [−1, 1], well conditioned for degree ≤ 2): the error a
 * one-hidden-layer network with σ(x) = x (degree 1) or x² (degree 2) can reach at best.
 */
export function polynomialFloor(
  target: ApproxTarget,
  degree: number,
  s: Pick<ApproxSettings, 'trainPoints' | 'testPoints'>,
) {
  const f = APPROX_TARGETS[target].f;
  const xs = grid(s.trainPoints);
  const k = degree + 1;
  const A = Array.from({ length: k }, () => new Array<number>(k + 1).fill(0));
  for (const x of xs) {
    const p = Array.from({ length: k }, (_, i) => x ** i);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) A[i]![j]! += p[i]! * p[j]!;
      A[i]![k]! += p[i]! * f(x);
    }
  }
  // Gauss–Jordan with partial pivoting on the (k × k+1) augmented system.
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[piv]![c]!)) piv = r;
    [A[c], A[piv]] = [A[piv]!, A[c]!];
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const m = A[r]![c]! / A[c]![c]!;
      for (let j = c; j <= k; j++) A[r]![j]! -= m * A[c]![j]!;
    }
  }
  const coef = A.map((row, i) => row[k]! / row[i]!);
  const xt = grid(s.testPoints);
  return errors(
    xt.map((x) => coef.reduce((acc, c, i) => acc + c * x ** i, 0)),
    xt.map(f),
  );
}
