/**
 * FGSM and PGD (L∞ and L2, no random start) equal PyTorch with torchattacks' update rules to 1e-9 on
 * float64 models (test/fixtures/adversarial.json, from scripts/fixtures/gen_adversarial.py).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adversarial, nn, tensor, type Tensor } from '../../src/index.js';
import { maxAbsDiff } from './helpers.js';

interface T {
  shape: number[];
  data: number[];
}
interface Fixture {
  torch: string;
  models: Record<string, { classes: number; params: Record<string, T>; x: T; y: number[] }>;
  cases: { model: string; case: string; spec: adversarial.AttackSpec; adv: number[] }[];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/adversarial.json', import.meta.url), 'utf8')) as Fixture;
const dtype = 'float64';

/** The fixture's architectures, named as torch names them (Sequential indices). */
function build(name: string): InstanceType<typeof nn.Sequential> {
  if (name === 'cnn')
    return new nn.Sequential(
      new nn.Conv2d(1, 3, 3, { padding: 1, dtype }),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
      new nn.Flatten(),
      new nn.Linear(48, 5, { dtype }),
    );
  const act = name === 'mlp-tanh' ? new nn.Tanh() : new nn.ReLU();
  return new nn.Sequential(new nn.Flatten(), new nn.Linear(12, 16, { dtype }), act, new nn.Linear(16, 4, { dtype }));
}

const t64 = (t: T): Tensor => tensor(t.data, { shape: t.shape, dtype });

describe(`attacks vs PyTorch (torch ${fixture.torch}, torchattacks' rules, ${fixture.cases.length} cases)`, () => {
  for (const c of fixture.cases) {
    it(`${c.model} ${c.case}: ${adversarial.describeAttack(c.spec)}`, () => {
      const m = fixture.models[c.model]!;
      const model = build(c.model);
      model.loadStateDict(Object.fromEntries(Object.entries(m.params).map(([k, v]) => [k, t64(v)])));
      const x = t64(m.x);
      const adv = adversarial.runAttack(model, x, tensor(m.y, { dtype: 'int32' }), c.spec);
      expect(adv.dtype).toBe('float64');
      expect(maxAbsDiff(adv.data, c.adv)).toBeLessThanOrEqual(1e-9);
      // Not trivially equal to x: the attack moved every value.
      expect(maxAbsDiff(adv.data, x.data)).toBeGreaterThan(0.01);
    });
  }
});
