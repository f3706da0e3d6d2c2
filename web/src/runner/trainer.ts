/**
 * One playground run as an explicit state object: the data, the network, the optimizer and the
 * step counter. `train(k)` runs k optimizer steps and stops at the first non-finite loss or
 * gradient ("diverged at step N"); the worker drives it and reads snapshots from it.
 */
import { F, analysis, noGrad, release, tidy, train, type Tensor } from '../lib.js';
import { featureRows } from '../data/features.js';
import { planarInfo, type PlanarSplit } from '../data/planar.js';
import type { LossName, PlaygroundConfig } from '../state/playground.js';
import { BatchOrder, featureTensor, targetTensor, type Rows } from './batches.js';
import { buildNetwork, buildOptimizer, outputCount, type Network } from './network.js';

export interface Divergence {
  step: number;
  /** The first non-finite tensor, as the library's traceNonFinite names it. */
  where: string;
}

export interface Metrics {
  trainLoss: number;
  testLoss: number;
  /** Classification only. */
  trainAccuracy?: number;
  testAccuracy?: number;
}

/** The loss of `out` against `target` (means over the batch). */
export function lossValue(loss: LossName, out: Tensor, target: Tensor): Tensor {
  switch (loss) {
    case 'cross_entropy':
      return F.crossEntropy(out, target);
    case 'bce':
      return F.binaryCrossEntropyWithLogits(out, target);
    case 'mse':
      return F.mseLoss(out, target);
    case 'l1':
      return F.l1Loss(out, target);
    case 'huber':
      return F.huberLoss(out, target);
  }
}

/** Predicted class of each output row (BCE: the sign of its one logit). */
export function predictedClasses(out: Float32Array, outputs: number, n: number): Int32Array {
  const pred = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (outputs === 1) pred[i] = out[i]! > 0 ? 1 : 0;
    else {
      let best = 0;
      for (let c = 1; c < outputs; c++) if (out[i * outputs + c]! > out[i * outputs + best]!) best = c;
      pred[i] = best;
    }
  }
  return pred;
}

export class Trainer {
  readonly split: PlanarSplit;
  readonly net: Network;
  readonly train: Rows;
  readonly test: Rows;
  readonly optimizer;
  readonly #order: BatchOrder;
  step = 0;
  diverged: Divergence | null = null;
  /** ‖∂loss/∂W‖ of each Linear layer at the last step (input layer first). */
  gradNorms: number[];
  /** Loss of the last batch. */
  batchLoss = NaN;

  /** @param override every hidden layer's activation (compare mode). */
  constructor(
    readonly config: PlaygroundConfig,
    readonly override?: string,
  ) {
    const c = config;
    this.split = planarInfo(c.dataset).make({
      n: c.points,
      noise: c.noise,
      testPercent: c.testPercent,
      classes: c.classes,
      seed: c.dataSeed,
    });
    const rows = (s: PlanarSplit['train']): Rows => ({
      x: featureRows(s.x, s.n, c.features),
      y: s.y,
      n: s.n,
      features: c.features.length,
    });
    this.train = rows(this.split.train);
    this.test = rows(this.split.test);
    const outputs = outputCount(c.loss, this.split.classes, this.split.kind);
    this.net = buildNetwork(c, c.features.length, outputs, override);
    this.optimizer = buildOptimizer(c.optimizer, this.net.model.parameters(), c.lr);
    this.#order = new BatchOrder(this.train.n, Math.min(c.batchSize, this.train.n), c.seed);
    this.gradNorms = this.net.linears.map(() => 0);
  }

  get epoch(): number {
    return this.#order.epoch;
  }

  /** Settings that apply from the next step on, without a reset. */
  setLearningRate(lr: number): void {
    for (const g of this.optimizer.paramGroups) g.lr = lr;
  }

  /** Runs up to `steps` optimizer steps; returns how many ran (fewer when it diverges). */
  trainSteps(steps: number): number {
    let done = 0;
    for (; done < steps && this.diverged === null; done++) this.#oneStep();
    return done;
  }

  #oneStep(): void {
    const { loss, regRate } = this.config;
    const index = this.#order.next();
    const x = featureTensor(this.train, index);
    const y = targetTensor(this.train, index, loss, this.net.outputs);
    const weights = this.net.linears.map((l) => l.weight);
    const result = tidy(
      () => {
        this.optimizer.zeroGrad();
        const out = this.net.model.forward(x);
        const l = lossValue(loss, out, y);
        const value = l.item();
        if (!Number.isFinite(value)) return { value, where: train.traceNonFinite(this.net.model, x, out) };
        l.backward();
        const norms = weights.map((w) => (w.grad ? analysis.l2(w.grad) : 0));
        if (!norms.every(Number.isFinite)) {
          const layer = norms.findIndex((v) => !Number.isFinite(v));
          return { value, where: `the gradient of Linear layer ${layer + 1}'s weight` };
        }
        this.#regularize(weights, regRate);
        this.optimizer.step();
        return { value, norms };
      },
      this.net.model,
      this.optimizer,
    );
    release(x, y);
    this.step++;
    this.batchLoss = result.value;
    if ('where' in result) this.diverged = { step: this.step, where: result.where ?? 'the loss' };
    else this.gradNorms = result.norms;
  }

  /** Adds the penalty's gradient to the weights' (not the biases'): λw for L2, λ·sign(w) for L1. */
  #regularize(weights: readonly Tensor[], rate: number): void {
    const reg = this.config.reg;
    if (reg === 'none' || rate === 0) return;
    for (const w of weights) {
      const g = w.grad!.data;
      const v = w.data;
      for (let i = 0; i < g.length; i++) g[i]! += rate * (reg === 'l2' ? v[i]! : Math.sign(v[i]!));
    }
  }

  /**
   * Loss (and accuracy) of a whole set in one forward pass; with `dead`, also which hidden units
   * are dead on it: |f′(z)| ≤ 1e-8 for every sample, the library's definition (analysis.deadUnits),
   * with each layer's own activation.
   */
  evaluate(rows: Rows, { dead = false } = {}): { loss: number; accuracy?: number; dead?: Uint8Array[] } {
    if (rows.n === 0) return { loss: NaN };
    const all = Int32Array.from({ length: rows.n }, (_, i) => i);
    return tidy(() =>
      noGrad(() => {
        let y = featureTensor(rows, all);
        const deadUnits: Uint8Array[] = [];
        const layers = [...this.net.model];
        layers.forEach((layer, i) => {
          y = layer.forward(y);
          // Layers alternate Linear, activation: a Linear's output before the last is a pre-activation.
          if (dead && i % 2 === 0 && i < layers.length - 1)
            deadUnits.push(deadOf(y.data, this.config.hidden[i / 2]!, this.net.acts[i / 2]!.df));
        });
        const loss = lossValue(this.config.loss, y, targetTensor(rows, all, this.config.loss, this.net.outputs)).item();
        const out: { loss: number; accuracy?: number; dead?: Uint8Array[] } = { loss };
        if (dead) out.dead = deadUnits;
        if (this.split.kind === 'classification') {
          const pred = predictedClasses(y.data as Float32Array, this.net.outputs, rows.n);
          let right = 0;
          for (let i = 0; i < rows.n; i++) if (pred[i] === rows.y[i]) right++;
          out.accuracy = right / rows.n;
        }
        return out;
      }),
    );
  }

  /** Loss and accuracy on the whole train and test sets (and the dead units on the training set). */
  metrics(): Metrics & { dead: Uint8Array[] } {
    const tr = this.evaluate(this.train, { dead: true });
    const te = this.evaluate(this.test);
    const m: Metrics & { dead: Uint8Array[] } = { trainLoss: tr.loss, testLoss: te.loss, dead: tr.dead ?? [] };
    if (tr.accuracy !== undefined) m.trainAccuracy = tr.accuracy;
    if (te.accuracy !== undefined) m.testAccuracy = te.accuracy;
    return m;
  }
}

/** 1 for each of `units` columns of row-major `z` where |f′| ≤ 1e-8 on every row. */
function deadOf(z: ArrayLike<number>, units: number, df: (x: number) => number): Uint8Array {
  const dead = new Uint8Array(units).fill(1);
  for (let i = 0; i < z.length; i++) if (dead[i % units] === 1 && Math.abs(df(z[i]!)) > 1e-8) dead[i % units] = 0;
  return dead;
}
