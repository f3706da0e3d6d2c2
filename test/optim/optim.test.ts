/** Optimizers and schedulers beyond the goldens: hand-computed first steps, groups, option checks, schedules. */
import { describe, expect, it } from 'vitest';
import { tensor } from '../../src/tensor/create.js';
import { Parameter } from '../../src/nn/parameter.js';
import * as nn from '../../src/nn/index.js';
import * as optim from '../../src/optim/index.js';

const param = (values: number[], grad: number[]): Parameter => {
  const p = new Parameter(tensor(values, { dtype: 'float64' }));
  p.grad = tensor(grad, { dtype: 'float64' });
  return p;
};

describe('first steps by hand', () => {
  it('SGD: θ − η g, with momentum the buffer starts at g', () => {
    const p = param([1, 2], [0.5, -1]);
    const opt = new optim.SGD([p], { lr: 0.1, momentum: 0.9 });
    opt.step();
    expect(Array.from(p.data)).toEqual([1 - 0.05, 2 + 0.1]);
    opt.step(); // buffer 0.9·g + g = 1.9 g
    expect(p.data[0]).toBeCloseTo(0.95 - 0.1 * 0.95, 14);
  });
  it('Adam: the first step moves each weight by lr·sign(g) (up to eps)', () => {
    const p = param([1, 2, 3], [0.5, -1e-3, 20]);
    new optim.Adam([p], { lr: 0.01 }).step();
    expect(p.data[0]).toBeCloseTo(0.99, 7);
    expect(p.data[1]).toBeCloseTo(2.01, 6);
    expect(p.data[2]).toBeCloseTo(2.99, 7);
  });
  it('AdamW decays the weight itself before the Adam step; maximize ascends', () => {
    const p = param([1], [0]);
    new optim.AdamW([p], { lr: 0.1, weightDecay: 0.5 }).step();
    expect(p.data[0]).toBeCloseTo(0.95, 14);
    const q = param([1], [2]);
    new optim.SGD([q], { lr: 0.1, maximize: true }).step();
    expect(q.data[0]).toBeCloseTo(1.2, 14);
  });
  it('RMSprop: θ − η g / (√((1−α) g²) + ε)', () => {
    const p = param([1], [2]);
    new optim.RMSprop([p], { lr: 0.01 }).step();
    expect(p.data[0]).toBeCloseTo(1 - (0.01 * 2) / (Math.sqrt(0.01 * 4) + 1e-8), 12);
  });
  it('float32 parameters are updated in float32, as torch does', () => {
    const p = new Parameter(tensor([0.1]));
    p.grad = tensor([0.3]);
    new optim.Adam([p], { lr: 1e-3 }).step();
    expect(p.data).toBeInstanceOf(Float32Array);
    expect(p.data[0]).toBe(
      Math.fround(
        0.1 -
          (1e-3 *
            Math.fround(
              Math.fround(0.1 * 0.3) /
                Math.fround(Math.fround(Math.sqrt(Math.fround(0.001 * Math.fround(0.09))) / Math.sqrt(0.001)) + 1e-8),
            )) /
            0.1,
      ),
    );
  });
  it('skips parameters without a gradient, and zeroGrad clears them', () => {
    const a = param([1], [1]);
    const b = new Parameter(tensor([5], { dtype: 'float64' }));
    const opt = new optim.SGD([a, b], { lr: 1 });
    opt.step();
    expect(b.data[0]).toBe(5);
    opt.zeroGrad();
    expect(a.grad).toBeNull();
  });
});

describe('parameter groups', () => {
  it('give per-group options (no weight decay for PReLU-style slopes)', () => {
    const w = param([1], [0]);
    const slope = param([0.25], [0]);
    const opt = new optim.SGD([{ params: [w] }, { params: [slope], weightDecay: 0 }], { lr: 0.1, weightDecay: 0.5 });
    opt.step();
    expect(w.data[0]).toBeCloseTo(0.95, 14);
    expect(slope.data[0]).toBe(0.25);
    expect(opt.paramGroups.map((g) => g.weightDecay)).toEqual([0.5, 0]);
  });
  it('take model.parameters() directly', () => {
    const model = new nn.Linear(3, 2);
    const opt = new optim.Adam(model.parameters());
    expect(opt.paramGroups[0]!.params).toHaveLength(2);
    expect(opt.paramGroups[0]!.lr).toBe(1e-3);
  });
});

describe('option checks', () => {
  const p = (): Parameter => param([1], [1]);
  it('name the option, the value and the range', () => {
    expect(() => new optim.SGD([p()], { lr: -1 })).toThrow('SGD (group 0): lr must be a number ≥ 0, got -1');
    expect(() => new optim.SGD([p()], { lr: 0.1, nesterov: true })).toThrow(
      /Nesterov momentum requires momentum > 0 and dampening 0/,
    );
    expect(() => new optim.Adam([p()], { betas: [0.9, 1] })).toThrow(
      'Adam (group 0): betas[1] must be a number in [0, 1), got 1',
    );
    expect(() => new optim.RMSprop([p()], { momentum: -0.1 })).toThrow(/momentum must be a number ≥ 0/);
    const shared = p();
    expect(() => new optim.SGD([{ params: [shared] }, { params: [shared] }], { lr: 1 })).toThrow(
      /appears more than once/,
    );
    expect(() => new optim.SGD([], { lr: 1 })).toThrow(/empty parameter list/);
    const nonLeaf = param([1], [1]).mul(2);
    expect(() => new optim.SGD([nonLeaf], { lr: 1 })).toThrow(/not a leaf tensor/);
  });
});

describe('schedulers', () => {
  const lrs = (make: (o: optim.SGD) => optim.LRScheduler, n: number): number[] => {
    const opt = new optim.SGD([param([1], [0])], { lr: 1 });
    const s = make(opt);
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      out.push(opt.paramGroups[0]!.lr);
      opt.step();
      s.step();
    }
    return out;
  };
  it('StepLR, MultiStepLR, ExponentialLR', () => {
    expect(lrs((o) => new optim.StepLR(o, { stepSize: 2, gamma: 0.5 }), 6)).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25]);
    expect(lrs((o) => new optim.MultiStepLR(o, { milestones: [1, 3] }), 5).map((v) => +v.toFixed(12))).toEqual([
      1, 0.1, 0.1, 0.01, 0.01,
    ]);
    expect(lrs((o) => new optim.ExponentialLR(o, { gamma: 0.5 }), 4)).toEqual([1, 0.5, 0.25, 0.125]);
  });
  it('CosineAnnealingLR follows ½(1 + cos(πt/T)) down to etaMin and back', () => {
    const got = lrs((o) => new optim.CosineAnnealingLR(o, { tMax: 4, etaMin: 0.1 }), 9);
    got.forEach((lr, t) => expect(lr).toBeCloseTo(0.1 + 0.45 * (1 + Math.cos((Math.PI * t) / 4)), 12));
    expect(() => lrs((o) => new optim.CosineAnnealingLR(o, { tMax: 0 }), 1)).toThrow(
      'CosineAnnealingLR: tMax must be a positive integer, got 0',
    );
  });
});
