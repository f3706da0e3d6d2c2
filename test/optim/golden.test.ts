/** PyTorch trajectories (test/fixtures/optim.json, from scripts/fixtures/gen_optim.py): 6 steps of each optimizer/scheduler on a small float64 regression. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tensor } from '../../src/tensor/create.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { Parameter } from '../../src/nn/parameter.js';
import * as F from '../../src/nn/functional/index.js';
import * as optim from '../../src/optim/index.js';
import type { BaseOptions, Optimizer } from '../../src/optim/index.js';

interface T {
  shape: number[];
  data: number[];
}
interface Case {
  optimizer: 'SGD' | 'Adam' | 'AdamW' | 'RMSprop';
  options: Record<string, unknown>;
  groups: { params: ('weight' | 'bias')[]; options: Record<string, unknown> }[] | null;
  scheduler: { name: 'StepLR' | 'CosineAnnealingLR'; options: Record<string, number> } | null;
  X: T;
  Y: T;
  weight0: T;
  bias0: T;
  steps: { loss: number; weight: number[]; bias: number[]; lr: number }[];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/optim.json', import.meta.url), 'utf8')) as {
  torch: string;
  cases: Case[];
};
const t64 = (t: T): Tensor => tensor(t.data, { shape: t.shape, dtype: 'float64' });

function closeTo(actual: ArrayLike<number>, expected: number[], what: string): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(
      Math.abs(actual[i]! - expected[i]!),
      `${what}[${i}]: ${actual[i]} vs torch ${expected[i]}`,
    ).toBeLessThanOrEqual(1e-12 + 1e-10 * Math.abs(expected[i]!));
  }
}

describe(`optimizer trajectories (torch ${fixture.torch}, ${fixture.cases.length} cases)`, () => {
  for (const c of fixture.cases) {
    const label = `${c.optimizer} ${JSON.stringify(c.options)}${c.groups ? ` groups ${JSON.stringify(c.groups.map((g) => g.options))}` : ''}${c.scheduler ? ` + ${c.scheduler.name} ${JSON.stringify(c.scheduler.options)}` : ''}`;
    it(label, () => {
      const weight = new Parameter(t64(c.weight0));
      const bias = new Parameter(t64(c.bias0));
      const named = { weight, bias };
      const params = c.groups
        ? c.groups.map((g) => ({ params: g.params.map((n) => named[n]), ...g.options }))
        : [weight, bias];
      const opt = new (optim[c.optimizer] as unknown as new (p: unknown, o: unknown) => Optimizer<BaseOptions>)(
        params,
        c.options,
      );
      const sched = c.scheduler
        ? new (optim[c.scheduler.name] as unknown as new (o: unknown, s: unknown) => optim.LRScheduler)(
            opt,
            c.scheduler.options,
          )
        : null;
      const X = t64(c.X);
      const Y = t64(c.Y);
      c.steps.forEach((s, k) => {
        expect(opt.paramGroups[0]!.lr, `lr at step ${k}`).toBeCloseTo(s.lr, 14);
        opt.zeroGrad();
        const loss = F.mseLoss(F.linear(X, weight, bias), Y);
        loss.backward();
        opt.step();
        sched?.step();
        expect(Math.abs(loss.item() - s.loss), `loss at step ${k}`).toBeLessThanOrEqual(1e-12 + 1e-10 * s.loss);
        closeTo(weight.data, s.weight, `weight after step ${k}`);
        closeTo(bias.data, s.bias, `bias after step ${k}`);
      });
    });
  }
});
