/**
 * PyTorch goldens for every loss (test/fixtures/losses.json, from scripts/fixtures/gen_losses.py and
 * the hard inputs of scripts/fixtures/loss_edges.py): value, input gradients and target gradient, float64.
 * A case with `differs` exercises a documented difference (src/nn/functional/loss-differences.ts):
 * actlab must then give the convention's results, recorded beside torch's, and torch must still differ.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tensor } from '../../src/tensor/create.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import * as F from '../../src/nn/functional/index.js';
import { LOSS_DIFFERENCES } from '../../src/nn/functional/loss-differences.js';

type Num = number | 'NaN' | 'Infinity' | '-Infinity';
interface Case {
  fn: string;
  /** What a hard case (scripts/fixtures/loss_edges.py) pins down. */
  note?: string;
  options: Record<string, unknown>;
  inputs: { shape: number[]; data: Num[] }[];
  target: { shape: number[]; dtype: 'int32' | 'float64'; data: Num[] } | null;
  out: { shape: number[]; data: Num[] };
  grads: Num[][];
  /** torch's gradient w.r.t. a float target; null where torch defines none. */
  targetGrad: Num[] | null;
  /** The results of a documented convention that actlab follows instead of torch's. */
  differs?: Results & { id: string };
}
type Results = Pick<Case, 'out' | 'grads' | 'targetGrad'>;

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

const near = (a: number, e: number): boolean =>
  Number.isNaN(e) ? Number.isNaN(a) : Number.isFinite(e) ? Math.abs(a - e) <= 1e-10 + 1e-9 * Math.abs(e) : a === e;

function close(actual: ArrayLike<number>, expected: Num[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = num(expected[i]!);
    const a = actual[i]!;
    expect(near(a, e), `${what}[${i}]: ${a} vs expected ${e}`).toBe(true);
  }
}

/** Every number of two result sets, flattened (torch's and a convention's). */
const flat = (r: Results): number[] => [...r.out.data, ...r.grads.flat(), ...(r.targetGrad ?? [])].map(num);

describe(`loss goldens (torch ${fixture.torch}, ${fixture.cases.length} cases)`, () => {
  fixture.cases.forEach((c, k) => {
    const label = `${k}: ${c.fn} ${JSON.stringify(c.options)}${c.note ? ` — ${c.note}` : ''}`;
    it(label, () => {
      const inputs = c.inputs.map((t) =>
        tensor(t.data.map(num), { shape: t.shape, dtype: 'float64', requiresGrad: true }),
      );
      const options: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(c.options))
        options[key] = Array.isArray(v)
          ? tensor((v as Num[]).map(num), { dtype: 'float64' })
          : typeof v === 'string' && key !== 'reduction'
            ? num(v as Num)
            : v;
      const args: Tensor[] = [...inputs];
      const target = c.target
        ? tensor(c.target.data.map(num), {
            shape: c.target.shape,
            dtype: c.target.dtype,
            requiresGrad: c.targetGrad !== null,
          })
        : null;
      if (target) args.push(target);
      const want: Results = c.differs ?? c;
      const out = (fns[c.fn] as (...a: unknown[]) => Tensor)(...args, options);
      expect(out.shape).toEqual(want.out.shape);
      close(out.data, want.out.data, 'out');
      (out.ndim === 0 ? out : out.sum()).backward();
      inputs.forEach((x, i) => close(x.grad?.data ?? new Float64Array(x.numel), want.grads[i]!, `grad[${i}]`));
      if (target && want.targetGrad) {
        close(target.grad?.data ?? new Float64Array(target.numel), want.targetGrad, 'targetGrad');
      }
    });
  });
});

describe('documented differences from PyTorch (src/nn/functional/loss-differences.ts)', () => {
  const docs = readFileSync(new URL('../../docs/losses.md', import.meta.url), 'utf8');
  const differing = fixture.cases.filter((c) => c.differs);
  it.each(LOSS_DIFFERENCES.map((d) => [d.id, d] as const))(
    '%s: exercised by goldens, torch differs, documented',
    (_, d) => {
      const cases = differing.filter((c) => c.differs!.id === d.id);
      expect(cases.length, `no golden case records ${d.id}`).toBeGreaterThan(0);
      for (const c of cases) {
        expect(c.fn).toBe(d.fn);
        const [ours, theirs] = [flat(c.differs!), flat(c)];
        expect(ours.length).toBe(theirs.length);
        expect(
          ours.some((v, i) => !near(v, theirs[i]!)),
          `${c.fn} ${JSON.stringify(c.options)}: torch agrees with the convention`,
        ).toBe(true);
      }
      expect(docs, `docs/losses.md must state the note of ${d.id}`).toContain(d.note);
    },
  );
  it('every case that differs names a documented difference', () => {
    const ids = new Set(LOSS_DIFFERENCES.map((d) => d.id));
    for (const c of differing) expect(ids.has(c.differs!.id), c.differs!.id).toBe(true);
  });
});
