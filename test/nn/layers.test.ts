/** Linear, Sequential, Flatten, Identity, Dropout, BatchNorm, ModuleList: values, gradcheck, modes, state dicts, reprs, errors. */
import { describe, expect, it } from 'vitest';
import { randn, tensor, zeros } from '../../src/tensor/create.js';
import { Generator, manualSeed } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { gradcheck } from '../../src/autograd/gradcheck.js';
import * as F from '../../src/nn/functional/index.js';
import * as nn from '../../src/nn/index.js';
import { Module } from '../../src/nn/module.js';
import { activationModules } from '../../src/nn/activation.js';

const { ReLU, Identity } = activationModules;

const g = new Generator(11);
const x64 = (shape: number[], requiresGrad = true): Tensor =>
  randn(shape, { dtype: 'float64', generator: g, requiresGrad });

describe('Linear', () => {
  it('computes x·Wᵀ + b over any leading dims', () => {
    const fc = new nn.Linear(3, 2, { dtype: 'float64' });
    const x = x64([2, 4, 3], false);
    const y = fc.forward(x);
    expect(y.shape).toEqual([2, 4, 2]);
    for (let r = 0; r < 8; r++)
      for (let o = 0; o < 2; o++) {
        let acc = fc.bias!.data[o]!;
        for (let i = 0; i < 3; i++) acc += x.data[r * 3 + i]! * fc.weight.data[o * 3 + i]!;
        expect(y.data[r * 2 + o]).toBeCloseTo(acc, 12);
      }
  });
  it('Flatten and Identity pass gradcheck', () => {
    for (const layer of [new nn.Flatten(), new nn.Flatten(0, 1), new Identity()]) {
      const r = gradcheck((x) => layer.forward(x).mul(1), [x64([2, 3, 2])]);
      expect(r.ok, r.message).toBe(true);
    }
  });
  it('passes gradcheck (input, weight, bias; 1-D input too)', () => {
    for (const shape of [[5, 3], [2, 2, 3], [3]]) {
      const r = gradcheck((x, w, b) => F.linear(x, w, b), [x64(shape), x64([4, 3]), x64([4])]);
      expect(r.ok, r.message).toBe(true);
    }
  });
  it("uses torch's default init U(±1/√in), seeded by manualSeed", () => {
    manualSeed(5);
    const a = new nn.Linear(100, 50);
    manualSeed(5);
    const b = new nn.Linear(100, 50);
    expect(Array.from(a.weight.data)).toEqual(Array.from(b.weight.data));
    const bound = 1 / Math.sqrt(100);
    for (const t of [a.weight, a.bias!]) for (const v of t.data) expect(Math.abs(v)).toBeLessThanOrEqual(bound);
    expect(Math.max(...a.weight.data)).toBeGreaterThan(0.9 * bound);
  });
  it('rejects a wrong input shape with a message naming the layer', () => {
    const fc = new nn.Linear(784, 256);
    expect(() => fc.forward(randn([64, 28, 28]))).toThrow(
      'Linear(784 → 256): expected input with 784 features in its last dim, got shape [64, 28, 28]',
    );
    expect(() => F.linear(randn([2, 3]), randn([4, 5]))).toThrow(
      /input of shape \[2, 3\] must have 5 features in its last dim/,
    );
    expect(() => new nn.Linear(0, 3)).toThrow('Linear: inFeatures must be a positive integer, got 0');
  });
  it('prints like torch', () => {
    expect(new nn.Linear(2, 8).toString()).toBe('Linear(in_features=2, out_features=8, bias=True)');
    expect(new nn.Linear(2, 8, { bias: false }).toString()).toBe('Linear(in_features=2, out_features=8, bias=False)');
  });
});

describe('Sequential and friends', () => {
  const model = new nn.Sequential(
    new nn.Flatten(),
    new nn.Linear(4, 3),
    new ReLU(),
    new nn.Dropout(0.1),
    new nn.Linear(3, 2),
    new Identity(),
  );
  it('chains layers and names children 0, 1, … as torch', () => {
    expect(model.forward(randn([5, 2, 2])).shape).toEqual([5, 2]);
    expect(model.namedParameters().map(([n]) => n)).toEqual(['1.weight', '1.bias', '4.weight', '4.bias']);
    expect(Object.keys(model.stateDict())).toEqual(['1.weight', '1.bias', '4.weight', '4.bias']);
    expect(model.length).toBe(6);
    expect(model.at(-2)).toBeInstanceOf(nn.Linear);
    expect([...model].length).toBe(6);
  });
  it('prints the tree like torch', () => {
    expect(model.toString()).toBe(
      [
        'Sequential(',
        '  (0): Flatten(start_dim=1, end_dim=-1)',
        '  (1): Linear(in_features=4, out_features=3, bias=True)',
        '  (2): ReLU()',
        '  (3): Dropout(p=0.1, inplace=False)',
        '  (4): Linear(in_features=3, out_features=2, bias=True)',
        '  (5): Identity()',
        ')',
      ].join('\n'),
    );
  });
  it('switches train/eval in every child and zeroes gradients', () => {
    model.eval();
    expect(model.namedModules().every(([, m]) => !m.training)).toBe(true);
    model.train();
    model
      .forward(randn([2, 4]))
      .sum()
      .backward();
    expect(model.parameters().every((p) => p.grad !== null)).toBe(true);
    model.zeroGrad();
    expect(model.parameters().every((p) => p.grad === null)).toBe(true);
  });
  it('rejects non-modules', () => {
    expect(() => new nn.Sequential(new nn.Linear(2, 2), 3 as never)).toThrow(
      'Sequential: item 1 is not a Module (got number)',
    );
  });
  it('ModuleList registers its modules', () => {
    class Deep extends Module {
      layers = new nn.ModuleList([new nn.Linear(2, 2), new nn.Linear(2, 2)]);
      forward(x: Tensor): Tensor {
        for (const l of this.layers) x = (l as nn.Linear).forward(x);
        return x;
      }
    }
    const m = new Deep();
    expect(m.namedParameters().map(([n]) => n)).toEqual([
      'layers.0.weight',
      'layers.0.bias',
      'layers.1.weight',
      'layers.1.bias',
    ]);
    expect(m.forward(randn([3, 2])).shape).toEqual([3, 2]);
  });
});

describe('Dropout', () => {
  it('zeroes about p of the elements, scales the rest by 1/(1−p), and is the identity in eval', () => {
    const d = new nn.Dropout(0.25, { generator: new Generator(0) });
    const x = tensor(new Float32Array(10000).fill(1));
    const y = d.forward(x);
    const zerosCount = Array.from(y.data).filter((v) => v === 0).length;
    expect(zerosCount / 10000).toBeGreaterThan(0.23);
    expect(zerosCount / 10000).toBeLessThan(0.27);
    expect(
      Array.from(y.data)
        .filter((v) => v !== 0)
        .every((v) => Math.abs(v - 4 / 3) < 1e-6),
    ).toBe(true);
    d.eval();
    expect(d.forward(x)).toBe(x);
  });
  it('is seeded: same generator seed, same mask; p = 1 gives zeros', () => {
    const x = randn([100]);
    const a = F.dropout(x, { p: 0.5, generator: new Generator(1) });
    const b = F.dropout(x, { p: 0.5, generator: new Generator(1) });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(F.dropout(x, { p: 1 }).data).every((v) => v === 0)).toBe(true);
    expect(() => F.dropout(x, { p: 1.5 })).toThrow('dropout: p must be a number in [0, 1], got 1.5');
  });
  it('passes gradcheck for a fixed mask', () => {
    const r = gradcheck((x) => F.dropout(x, { p: 0.3, generator: new Generator(4) }), [x64([20])]);
    expect(r.ok, r.message).toBe(true);
  });
});

describe('BatchNorm', () => {
  it('normalises with batch statistics while training and tracks running stats (unbiased variance)', () => {
    const bn = new nn.BatchNorm1d(2, { dtype: 'float64' });
    const x = tensor(
      [
        [1, 10],
        [2, 20],
        [3, 30],
        [6, 40],
      ],
      { dtype: 'float64' },
    );
    const y = bn.forward(x);
    // column 0: mean 3, biased var 3.5
    expect(y.data[0]).toBeCloseTo((1 - 3) / Math.sqrt(3.5 + 1e-5), 10);
    const s = bn.stateDict();
    expect(Object.keys(s)).toEqual(['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
    expect(s.running_mean!.data[0]).toBeCloseTo(0.3, 12);
    expect(s.running_var!.data[0]).toBeCloseTo(0.9 + 0.1 * (14 / 3), 12);
    expect(s.num_batches_tracked!.item()).toBe(1);
    bn.eval();
    const z = bn.forward(x);
    expect(z.data[0]).toBeCloseTo((1 - 0.3) / Math.sqrt(0.9 + 0.1 * (14 / 3) + 1e-5), 10);
  });
  it('passes gradcheck in training mode ([N, C], [N, C, L], and BatchNorm2d), for input, weight and bias', () => {
    for (const [bn, shape] of [
      [new nn.BatchNorm1d(3, { dtype: 'float64' }), [5, 3]],
      [new nn.BatchNorm1d(3, { dtype: 'float64' }), [4, 3, 2]],
      [new nn.BatchNorm2d(3, { dtype: 'float64' }), [3, 3, 2, 3]],
    ] as const) {
      const r = gradcheck(
        (x, w, b) => {
          // the leaves gradcheck passes stand in for the module's parameters
          bn.weight = w as never;
          bn.bias = b as never;
          return bn.forward(x);
        },
        [x64([...shape]), x64([3]), x64([3])],
      );
      expect(r.ok, `${bn.constructor.name} ${shape}: ${r.message}`).toBe(true);
    }
  });
  it('rejects one value per channel while training, and wrong shapes', () => {
    expect(() => new nn.BatchNorm1d(4).forward(randn([1, 4]))).toThrow(
      'BatchNorm1d: expected more than 1 value per channel when training, got input of shape [1, 4]',
    );
    expect(() => new nn.BatchNorm1d(4).forward(randn([2, 3]))).toThrow(
      'BatchNorm1d(4): expected input [N, 4] or [N, 4, L], got shape [2, 3]',
    );
    expect(new nn.BatchNorm1d(16).toString()).toBe(
      'BatchNorm1d(16, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)',
    );
  });
  it('loads a state dict in place and reports missing keys', () => {
    const a = new nn.BatchNorm1d(2);
    const b = new nn.BatchNorm1d(2);
    a.forward(randn([4, 2]));
    b.loadStateDict(a.stateDict());
    expect(Array.from(b.stateDict().running_mean!.data)).toEqual(Array.from(a.stateDict().running_mean!.data));
    expect(() => b.loadStateDict({ weight: zeros([2]) })).toThrow(/missing keys bias, running_mean/);
  });
});

describe('gradient clipping', () => {
  it('clipGradNorm_ scales all gradients to the max norm and returns the norm before', () => {
    const a = new nn.Linear(1, 1, { bias: false, dtype: 'float64' });
    const b = new nn.Linear(1, 1, { bias: false, dtype: 'float64' });
    a.weight.grad = tensor([[3]], { dtype: 'float64' });
    b.weight.grad = tensor([[4]], { dtype: 'float64' });
    expect(nn.clipGradNorm_([a.weight, b.weight], 1)).toBeCloseTo(5, 12);
    expect(a.weight.grad.data[0]).toBeCloseTo(0.6, 5);
    expect(b.weight.grad.data[0]).toBeCloseTo(0.8, 5);
    expect(nn.clipGradNorm_([a.weight, b.weight], 10)).toBeCloseTo(1, 5); // below the max: unchanged
    expect(a.weight.grad.data[0]).toBeCloseTo(0.6, 5);
    nn.clipGradValue_([a.weight], 0.5);
    expect(a.weight.grad.data[0]).toBe(0.5);
  });
});
