/** PyTorch goldens for every loss (test/fixtures/losses.json, from scripts/fixtures/gen_losses.py): value and input gradients, float64. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tensor } from '../../src/tensor/create.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import * as F from '../../src/nn/functional/index.js';

type Num = number | 'NaN' | 'Infinity' | '-Infinity';
interface Case {
  fn: string;
  options: Record<string, unknown>;
  inputs: { shape: number[]; data: Num[] }[];
  target: { shape: number[]; dtype: 'int32' | 'float64'; data: Num[] } | null;
  out: { shape: number[]; data: Num[] };
  grads: Num[][];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/losses.json', import.meta.url), 'utf8')) as {
  torch: string;
  cases: Case[];
};
const num = (v: Num): number => (typeof v === 'number' ? v : Number(v));

const fns: Record<string, (...args: never[]) => Tensor> = {
  mseLoss: F.mseLoss,
  l1Loss: F.l1Loss,
  smoothL1Loss: F.smoothL1Loss,
  huberLoss: F.huberLoss,
  nllLoss: F.nllLoss,
  crossEntropy: F.crossEntropy,
  binaryCrossEntropy: F.binaryCrossEntropy,
  binaryCrossEntropyWithLogits: F.binaryCrossEntropyWithLogits,
  klDiv: F.klDiv,
  marginRankingLoss: F.marginRankingLoss,
  tripletMarginLoss: F.tripletMarginLoss,
  cosineEmbeddingLoss: F.cosineEmbeddingLoss,
};

function close(actual: ArrayLike<number>, expected: Num[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = num(expected[i]!);
    const a = actual[i]!;
    if (Number.isNaN(e)) expect(a, `${what}[${i}]`).toBeNaN();
    else expect(Math.abs(a - e), `${what}[${i}]: ${a} vs torch ${e}`).toBeLessThanOrEqual(1e-10 + 1e-9 * Math.abs(e));
  }
}

describe(`loss goldens (torch ${fixture.torch}, ${fixture.cases.length} cases)`, () => {
  fixture.cases.forEach((c, k) => {
    const label = `${k}: ${c.fn} ${JSON.stringify(c.options)}`;
    it(label, () => {
      const inputs = c.inputs.map((t) =>
        tensor(t.data.map(num), { shape: t.shape, dtype: 'float64', requiresGrad: true }),
      );
      const options: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(c.options))
        options[key] = Array.isArray(v) ? tensor((v as Num[]).map(num), { dtype: 'float64' }) : v;
      const args: Tensor[] = [...inputs];
      if (c.target) args.push(tensor(c.target.data.map(num), { shape: c.target.shape, dtype: c.target.dtype }));
      const out = (fns[c.fn] as (...a: unknown[]) => Tensor)(...args, options);
      expect(out.shape).toEqual(c.out.shape);
      close(out.data, c.out.data, 'out');
      (out.ndim === 0 ? out : out.sum()).backward();
      inputs.forEach((x, i) => close(x.grad!.data, c.grads[i]!, `grad[${i}]`));
    });
  });
});
