/**
 * docs/custom-activations.md, run: the bent identity of examples/bent-identity.mjs through the
 * built package ('actlab', the same copy the module imports) — gradcheck, the property check,
 * F.activation and nn.Activation in a trained model. (The CLI side is test/cli/custom.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { F, analysis, getActivation, gradcheck, manualSeed, nn, optim, tensor, type Tensor } from 'actlab';
import '../../examples/bent-identity.mjs';

describe('the custom activation of docs/custom-activations.md', () => {
  it('its df passes gradcheck, and its declared properties hold', () => {
    const x = tensor([-3, -0.5, 0, 0.5, 3], { dtype: 'float64', requiresGrad: true });
    const r = gradcheck((t: Tensor) => F.activation('bent_identity', t), [x]);
    expect(r.ok, r.message).toBe(true);
    expect(analysis.mismatches(analysis.checkProperties(getActivation('bent_identity')))).toEqual([]);
  });

  it('works through F.activation and as nn.Activation in a model that trains', () => {
    expect(Array.from(F.activation('bent_identity', tensor([0, 1], { dtype: 'float64' })).data)).toEqual([
      0,
      (Math.SQRT2 - 1) / 2 + 1,
    ]);
    manualSeed(0);
    const model = new nn.Sequential(new nn.Linear(2, 16), new nn.Activation('bent_identity'), new nn.Linear(16, 1));
    expect(String(model)).toMatch(/\(1\): BentIdentity\(\)/);
    const x = tensor([0, 0, 0, 1, 1, 0, 1, 1], { shape: [4, 2] });
    const y = tensor([0, 1, 1, 2], { shape: [4, 1] });
    const opt = new optim.Adam(model.parameters(), { lr: 0.05 });
    const loss = (): Tensor => F.mseLoss(model.forward(x), y);
    const before = loss().item();
    for (let i = 0; i < 50; i++) {
      opt.zeroGrad();
      loss().backward();
      opt.step();
    }
    expect(loss().item()).toBeLessThan(before / 10);
  });
});
