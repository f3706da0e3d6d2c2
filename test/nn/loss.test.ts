/** Losses beyond the goldens: float64 gradcheck of every loss (and option), stability at extreme logits, modules, errors. */
import { describe, expect, it } from 'vitest';
import { rand, randn, tensor } from '../../src/tensor/create.js';
import { Generator } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { gradcheck } from '../../src/autograd/gradcheck.js';
import * as F from '../../src/nn/functional/index.js';
import * as nn from '../../src/nn/index.js';

const g = new Generator(3);
const x64 = (shape: number[], requiresGrad = true): Tensor =>
  randn(shape, { dtype: 'float64', generator: g, requiresGrad });
const labels = (values: number[]): Tensor => tensor(values, { dtype: 'int32' });
const w4 = tensor([0.5, 2, 1, 1.5], { dtype: 'float64' });

function check(fn: (...t: Tensor[]) => Tensor, inputs: Tensor[], what: string): void {
  const r = gradcheck(fn, inputs);
  expect(r.ok, `${what}: ${r.message}`).toBe(true);
}

describe('gradcheck of every loss (float64)', () => {
  const y = x64([3, 4], false);
  for (const reduction of ['mean', 'sum', 'none'] as const) {
    it(`regression losses, reduction ${reduction}`, () => {
      check((a) => F.mseLoss(a, y, { reduction }), [x64([3, 4])], 'mse');
      check((a) => F.l1Loss(a, y, { reduction }), [x64([3, 4])], 'l1');
      check((a) => F.smoothL1Loss(a, y, { reduction, beta: 0.7 }), [x64([3, 4])], 'smoothL1');
      check((a) => F.huberLoss(a, y, { reduction, delta: 0.7 }), [x64([3, 4])], 'huber');
    });
    it(`classification losses, reduction ${reduction}`, () => {
      const t = labels([0, 3, -100, 1, 2]);
      check((a) => F.crossEntropy(a, t, { reduction }), [x64([5, 4])], 'ce');
      check(
        (a) => F.crossEntropy(a, t, { reduction, weight: w4, labelSmoothing: 0.2 }),
        [x64([5, 4])],
        'ce weighted smoothed',
      );
      check(
        (a) => F.crossEntropy(a, labels([1, 0, 3, 3, 2, -100]).reshape(2, 3), { reduction, weight: w4 }),
        [x64([2, 4, 3])],
        'ce [N, C, d]',
      );
      const p = rand([5, 4], { dtype: 'float64', generator: g });
      check(
        (a, q) => F.crossEntropy(a, q, { reduction, labelSmoothing: 0.1 }),
        [x64([5, 4]), p.requiresGrad_()],
        'ce probabilities (and their gradient)',
      );
      check((a) => F.nllLoss(a, t, { reduction, weight: w4 }), [x64([5, 4])], 'nll');
      const probs = rand([2, 3], { dtype: 'float64', generator: g }).mul(0.8).add(0.1).requiresGrad_();
      const target = rand([2, 3], { dtype: 'float64', generator: g });
      check(
        (a) => F.binaryCrossEntropy(a, target, { reduction, weight: tensor([1, 2, 0.5], { dtype: 'float64' }) }),
        [probs],
        'bce',
      );
      check(
        (a, b) => F.binaryCrossEntropy(a, b, { reduction }),
        [probs, target.clone().requiresGrad_()],
        'bce w.r.t. target',
      );
      const pw = tensor([1, 3, 0.5], { dtype: 'float64' }).requiresGrad_();
      check(
        (a, b, c) => F.binaryCrossEntropyWithLogits(a, b, { reduction, posWeight: c }),
        [x64([2, 3]), target.clone().requiresGrad_(), pw],
        'bce logits',
      );
    });
    it(`distribution and embedding losses, reduction ${reduction}`, () => {
      const q = rand([3, 4], { dtype: 'float64', generator: g }).add(0.1).requiresGrad_();
      check((a, b) => F.klDiv(a, b, { reduction }), [x64([3, 4]), q], 'klDiv');
      check((a, b) => F.klDiv(a, b, { reduction, logTarget: true }), [x64([3, 4]), x64([3, 4])], 'klDiv logTarget');
      const sign = tensor([1, -1, 1, -1, 1], { dtype: 'float64' });
      check(
        (a, b) => F.marginRankingLoss(a, b, sign, { reduction, margin: 0.3 }),
        [x64([5]), x64([5])],
        'marginRanking',
      );
      check(
        (a, b, c) => F.tripletMarginLoss(a, b, c, { reduction, margin: 2 }),
        [x64([4, 3]), x64([4, 3]), x64([4, 3])],
        'triplet',
      );
      check(
        (a, b, c) => F.tripletMarginLoss(a, b, c, { reduction, margin: 2, p: 3, swap: true }),
        [x64([4, 3]), x64([4, 3]), x64([4, 3])],
        'triplet p=3 swap',
      );
      for (const p of [0.5, 1.5, Infinity]) {
        check(
          (a, b, c) => F.tripletMarginLoss(a, b, c, { reduction, margin: 2, p }),
          [x64([4, 3]), x64([4, 3]), x64([4, 3])],
          `triplet p=${p}`,
        );
      }
      check(
        (a, b) =>
          F.cosineEmbeddingLoss(a, b, tensor([1, -1, 1, -1], { dtype: 'float64' }), { reduction, margin: -0.5 }),
        [x64([4, 3]), x64([4, 3])],
        'cosineEmbedding',
      );
    });
  }
  it("klDiv 'batchmean' divides the sum by the batch size", () => {
    const a = x64([3, 4], false);
    const b = rand([3, 4], { dtype: 'float64', generator: g });
    expect(F.klDiv(a, b, { reduction: 'batchmean' }).item()).toBeCloseTo(
      F.klDiv(a, b, { reduction: 'sum' }).item() / 3,
      12,
    );
  });
});

describe('stable forms', () => {
  it('crossEntropy from logits of ±1000 is finite and exact', () => {
    const logits = tensor(
      [
        [1000, 0, -1000],
        [-1000, 1000, 0],
      ],
      { requiresGrad: true },
    );
    const loss = F.crossEntropy(logits, labels([0, 2]));
    expect(loss.item()).toBeCloseTo(500, 3); // 0 for row 0, 1000 for row 1
    loss.backward();
    expect(Array.from(logits.grad!.data).every(Number.isFinite)).toBe(true);
  });
  it('binaryCrossEntropyWithLogits is finite for logits of ±1e4 and gives ½ − y at 0', () => {
    const z = tensor([1e4, -1e4, 0], { requiresGrad: true });
    const loss = F.binaryCrossEntropyWithLogits(z, tensor([0, 1, 1]), { reduction: 'sum' });
    expect(loss.item()).toBeCloseTo(2e4 + Math.log(2), 2);
    loss.backward();
    expect(Array.from(z.grad!.data)).toEqual([1, -1, -0.5]);
  });
  it('binaryCrossEntropy clamps each log at −100 (p = 0 or 1 costs 100, not ∞)', () => {
    const p = tensor([0, 1], { requiresGrad: true });
    expect(F.binaryCrossEntropy(p, tensor([1, 0]), { reduction: 'none' }).toArray()).toEqual([100, 100]);
  });
});

describe('loss modules', () => {
  it('apply their options through .forward', () => {
    const logits = x64([5, 4], false);
    const t = labels([0, 3, 1, 1, 2]);
    const m = new nn.CrossEntropyLoss({ labelSmoothing: 0.1, reduction: 'sum' });
    expect(m.forward(logits, t).item()).toBe(
      F.crossEntropy(logits, t, { labelSmoothing: 0.1, reduction: 'sum' }).item(),
    );
    const a = x64([4, 3], false);
    expect(new nn.TripletMarginLoss({ margin: 0.5 }).forward(a, a, a).item()).toBeCloseTo(0.5, 12);
    expect(new nn.MSELoss().toString()).toBe('MSELoss()');
    expect(new nn.MSELoss().parameters()).toEqual([]);
  });
});

describe('bad input', () => {
  it('labels out of range name the label, its position and the class count', () => {
    expect(() => F.crossEntropy(randn([3, 10]), labels([1, 12, 0]))).toThrow(
      'crossEntropy: target 12 at position 1 is out of range for 10 classes (expected 0..9, or ignoreIndex -100)',
    );
    expect(() => F.nllLoss(randn([2, 3]), labels([-1, 0]))).toThrow(
      /target -1 at position 0 is out of range for 3 classes/,
    );
  });
  it('mismatched batch sizes', () => {
    expect(() => F.crossEntropy(randn([64, 10]), labels(Array(32).fill(0)))).toThrow(
      'crossEntropy: input batch size 64 (shape [64, 10]) does not match target batch size 32 (shape [32])',
    );
    expect(() => F.mseLoss(randn([64, 1]), randn([32, 1]))).toThrow(
      'mseLoss: input of shape [64, 1] and target of shape [32, 1] do not match (nor broadcast)',
    );
    expect(() => F.binaryCrossEntropyWithLogits(randn([4]), randn([5]))).toThrow(
      /target of shape \[5\] must have the same shape as input \[4\]/,
    );
    expect(() => F.cosineEmbeddingLoss(randn([4, 3]), randn([4, 3]), randn([5]))).toThrow(
      /target has 5 entries but the inputs have batch size 4/,
    );
  });
  it('float class labels, bad options and probabilities outside [0, 1]', () => {
    expect(() => F.crossEntropy(randn([2, 3]), tensor([0, 1]))).toThrow(/class-index targets must be int32/);
    expect(() => F.crossEntropy(randn([2, 3]), labels([0, 1]), { reduction: 'avg' as never })).toThrow(
      `crossEntropy: reduction must be one of 'mean', 'sum', 'none', got "avg"`,
    );
    expect(() => F.crossEntropy(randn([2, 3]), labels([0, 1]), { labelSmoothing: 1.5 })).toThrow(
      /labelSmoothing must be a number in \[0, 1\], got 1.5/,
    );
    expect(() => F.crossEntropy(randn([2, 3]), labels([0, 1]), { weight: tensor([1, 2]) })).toThrow(
      /weight must have shape \[3\]/,
    );
    expect(() => F.binaryCrossEntropy(tensor([0.5, 1.5]), tensor([0, 1]))).toThrow(
      'binaryCrossEntropy: all elements of input should be between 0 and 1, found 1.5 at position 1',
    );
    expect(() => F.binaryCrossEntropy(tensor([0.5, NaN]), tensor([0, 1]))).toThrow(/found NaN at position 1/);
    expect(() => F.crossEntropy(randn([2, 3]), rand([2, 3]), { ignoreIndex: 1 })).toThrow(
      'crossEntropy: ignoreIndex 1 needs int32 class-index targets; probability targets (float32) have no index to ignore',
    );
    expect(() => F.tripletMarginLoss(randn([2, 3]), randn([2, 3]), randn([2, 3]), { p: -1 })).toThrow(
      'tripletMarginLoss: p must be a number in [0, Infinity], got -1',
    );
  });
});
