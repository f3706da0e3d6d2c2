/** Activations with learnable parameters (PReLU's weight, Swish's β) and random ones (RReLU). */
import { describe, expect, it } from 'vitest';
import { activationFunctional as F, activations, applyActivation, getActivation } from '../../src/activations/index.js';
import { learnableParam } from '../../src/activations/define.js';
import type { NumberParam } from '../../src/activations/params.js';
import { Activation, activationModules as nn } from '../../src/nn/activation.js';
import type { ElementwiseSpec } from '../../src/activations/index.js';
import { gradcheck } from '../../src/autograd/gradcheck.js';
import { Parameter } from '../../src/nn/parameter.js';
import { full, randn, tensor } from '../../src/tensor/create.js';
import { Generator, manualSeed } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';

const f64 = (values: number[], shape = [values.length], requiresGrad = false): Tensor =>
  tensor(values, { shape, dtype: 'float64', requiresGrad });

/** Σ over everything but dim 1 of g(x)·gy, by hand: the expected gradient of a per-channel parameter. */
function perChannel(x: Tensor, gy: Tensor, channels: number, g: (v: number, c: number) => number): number[] {
  const inner = x.shape.slice(2).reduce((a, b) => a * b, 1);
  const out = new Array<number>(channels).fill(0);
  for (let i = 0; i < x.numel; i++) {
    const c = channels === 1 ? 0 : Math.floor(i / inner) % channels;
    out[c]! += gy.data[i]! * g(x.data[i]!, c);
  }
  return out;
}

describe('PReLU', () => {
  it('nn.PReLU has a weight Parameter of numParameters values at init (0.25 by default)', () => {
    const m = new nn.PReLU();
    expect(m.weight).toBeInstanceOf(Parameter);
    expect(m.weight.shape).toEqual([1]);
    expect(m.weight.data[0]).toBe(0.25);
    const m3 = new nn.PReLU({ numParameters: 3, init: 0.1 });
    expect(Array.from(m3.weight.data)).toEqual([0.1, 0.1, 0.1].map(Math.fround));
    expect(m3.parameters()).toEqual([m3.weight]);
    expect(Object.keys(m3.stateDict())).toEqual(['weight']);
  });

  it('one slope per channel on dim 1, and the weight gradient Σ min(x, 0)·gy per channel', () => {
    const x = randn([2, 3, 4], { dtype: 'float64', generator: new Generator(1) });
    const m = new nn.PReLU({ numParameters: 3, dtype: 'float64' });
    m.weight.data.set([0.25, -0.5, 1.5]);
    const y = m.forward(x);
    const gy = randn([2, 3, 4], { dtype: 'float64', generator: new Generator(2) });
    y.backward(gy);
    const w = [0.25, -0.5, 1.5];
    for (let i = 0; i < x.numel; i++) {
      const c = Math.floor(i / 4) % 3;
      expect(y.data[i]).toBe(x.data[i]! > 0 ? x.data[i] : w[c]! * x.data[i]!);
    }
    const want = perChannel(x, gy, 3, (v) => (v > 0 ? 0 : v));
    m.weight.grad!.data.forEach((g, c) => expect(g).toBeCloseTo(want[c]!, 14));
  });

  it('passes gradcheck for the input and the weight (1 value and per channel)', () => {
    for (const [shape, wShape] of [
      [[2, 3, 4], [3]],
      [[4, 3], [3]],
      [[2, 3, 2], [1]],
      [[5], [1]],
    ] as const) {
      const x = randn([...shape], { dtype: 'float64', generator: new Generator(3) }).requiresGrad_();
      const w = randn([...wShape], { dtype: 'float64', generator: new Generator(4) }).requiresGrad_();
      const r = gradcheck((a: Tensor, b: Tensor) => F.prelu(a, b), [x, w]);
      expect(r.ok, `${shape} / ${wShape}: ${r.message}`).toBe(true);
    }
  });

  it('the channel kernel agrees with the scalar reference f, df and dparam', () => {
    const spec = getActivation('prelu') as ElementwiseSpec;
    const x = f64([-2, -0.5, 0, 0.5, 3, -1], [1, 2, 3], true);
    const w = f64([0.3, -0.7], [2], true);
    const y = F.prelu(x, w);
    y.backward(full([1, 2, 3], 1, { dtype: 'float64' }));
    for (let i = 0; i < 6; i++) {
      const p = { weight: w.data[Math.floor(i / 3)]! };
      expect(y.data[i]).toBe(spec.f(x.data[i]!, p));
      expect(x.grad!.data[i]).toBe(spec.df(x.data[i]!, p));
    }
    const want = perChannel(x, full([1, 2, 3], 1, { dtype: 'float64' }), 2, (v, c) =>
      spec.dparam!(v, { weight: [0.3, -0.7][c]! }),
    );
    expect(Array.from(w.grad!.data)).toEqual(want);
  });

  it('a weight that matches neither 1 nor the channel count is a clear error', () => {
    const m = new nn.PReLU({ numParameters: 4 });
    expect(() => m.forward(randn([2, 3, 5]))).toThrow(
      'prelu: weight has 4 values but the input of shape [2, 3, 5] has 3 channels (dim 1); expected 1 or 3 values',
    );
    expect(() => F.prelu(randn([6]), randn([6]))).toThrow(/has 1 channel \(dim 1\); expected 1 values/);
  });
});

describe('Swish (SiLU with β)', () => {
  const sigma = (v: number) => 1 / (1 + Math.exp(-v));

  it('F.silu takes β as a number, or as a tensor to learn it', () => {
    const x = f64([-2, -0.5, 0.5, 3]);
    const y = F.silu(x, { beta: 2 });
    x.data.forEach((v, i) => expect(y.data[i]).toBeCloseTo(v * sigma(2 * v), 15));
    const beta = f64([2], [1], true);
    const z = F.silu(x, { beta });
    expect(Array.from(z.data)).toEqual(Array.from(y.data));
    z.backward(full([4], 1, { dtype: 'float64' }));
    const want = Array.from(x.data).reduce((a, v) => a + v * v * sigma(2 * v) * (1 - sigma(2 * v)), 0);
    expect(beta.grad!.data[0]).toBeCloseTo(want, 14);
  });

  it('nn.Swish({ beta, learnable: true }) trains β; without learnable it is a constant', () => {
    const fixed = new nn.Swish({ beta: 1.5 });
    expect(fixed.beta).toBeNull();
    expect(fixed.parameters()).toEqual([]);
    expect(String(fixed)).toBe('Swish(beta=1.5)');
    const m = new nn.Swish({ beta: 1.5, learnable: true, dtype: 'float64' });
    expect(m.beta).toBeInstanceOf(Parameter);
    expect(m.parameters()).toEqual([m.beta]);
    const x = randn([3, 4], { dtype: 'float64', generator: new Generator(8) });
    m.forward(x).sum().backward();
    const want = Array.from(x.data).reduce((a, v) => a + v * v * sigma(1.5 * v) * (1 - sigma(1.5 * v)), 0);
    expect(m.beta!.grad!.data[0]).toBeCloseTo(want, 13);
  });

  it('passes gradcheck for x and β, one β or one per channel', () => {
    for (const channels of [1, 3]) {
      const x = randn([2, 3, 2], { dtype: 'float64', generator: new Generator(9) }).requiresGrad_();
      const beta = tensor(channels === 1 ? [0.7] : [0.7, 1.3, -0.4], { dtype: 'float64', requiresGrad: true });
      const r = gradcheck((a: Tensor, b: Tensor) => F.silu(a, { beta: b }), [x, beta]);
      expect(r.ok, r.message).toBe(true);
    }
  });
});

/** Every activation whose parameter can be learned on request (Swish's β, SmoothReLU's β…). */
const optional = activations.filter(
  (s): s is ElementwiseSpec =>
    s.kind === 'elementwise' &&
    (s.params[learnableParam(s) ?? ''] as NumberParam | undefined)?.learnable === 'optional',
);

describe.each(optional.map((s) => [s.id, s] as const))('%s with a learned parameter', (_id, spec) => {
  const name = learnableParam(spec)!;
  const init = spec.params[name]!.default as number;

  it('passes gradcheck for x and the parameter, one value or one per channel', () => {
    for (const channels of [1, 3]) {
      const x = randn([2, 3, 2], { dtype: 'float64', generator: new Generator(9) }).requiresGrad_();
      const values = channels === 1 ? [init * 0.9] : [init * 0.9, init * 1.3, init * 0.6];
      const w = tensor(values, { dtype: 'float64', requiresGrad: true });
      const r = gradcheck((a: Tensor, b: Tensor) => applyActivation(spec, a, { [name]: b }), [x, w], { eps: 1e-7 });
      expect(r.ok, r.message).toBe(true);
    }
  });

  it('nn.Activation(id, { learnable: true }) owns it as a Parameter that training moves', () => {
    const m = new Activation(spec.id, { learnable: true, dtype: 'float64' });
    const p = (m as unknown as Record<string, Parameter>)[name]!;
    expect(m.parameters()).toEqual([p]);
    m.forward(randn([4, 3], { dtype: 'float64', generator: new Generator(3) }))
      .sum()
      .backward();
    expect(p.grad!.data[0]).not.toBe(0);
  });
});

describe('RReLU', () => {
  const lower = 1 / 8;
  const upper = 1 / 3;

  it('in training draws one slope per non-positive element from U(lower, upper)', () => {
    manualSeed(0);
    const n = 200_000;
    const x = full([n], -1, { dtype: 'float64' });
    const slopes = Array.from(F.rrelu(x, { training: true }).data, (v) => -v);
    const mean = slopes.reduce((a, b) => a + b, 0) / n;
    const variance = slopes.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
    expect(slopes.reduce((a, b) => Math.min(a, b))).toBeGreaterThanOrEqual(lower);
    expect(slopes.reduce((a, b) => Math.max(a, b))).toBeLessThan(upper);
    // U(l, u): mean (l+u)/2, variance (u−l)²/12; 5 standard errors of slack.
    expect(Math.abs(mean - (lower + upper) / 2)).toBeLessThan((5 * (upper - lower)) / Math.sqrt(12 * n));
    expect(variance).toBeCloseTo((upper - lower) ** 2 / 12, 4);
    const positive = F.rrelu(f64([0.5, 2, 1e-9]), { training: true });
    expect(Array.from(positive.data)).toEqual([0.5, 2, 1e-9]);
  });

  it('is reproducible from the seed (or an explicit generator)', () => {
    const x = randn([1000], { generator: new Generator(1) });
    manualSeed(42);
    const a = F.rrelu(x, { training: true });
    manualSeed(42);
    const b = F.rrelu(x, { training: true });
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    const c = F.rrelu(x, { training: true });
    expect(Array.from(c.data)).not.toEqual(Array.from(a.data));
    const g1 = F.rrelu(x, { training: true, generator: new Generator(7) });
    const g2 = F.rrelu(x, { training: true, generator: new Generator(7) });
    expect(Array.from(g2.data)).toEqual(Array.from(g1.data));
  });

  it('backward scales the gradient by the slopes sampled in the forward pass', () => {
    manualSeed(3);
    const x = f64([-1, -2, 3, -0.5, 0], [5], true);
    const y = F.rrelu(x, { training: true });
    y.backward(full([5], 1, { dtype: 'float64' }));
    const slopes = [y.data[0]! / -1, y.data[1]! / -2, 1, y.data[3]! / -0.5];
    slopes.forEach((s, i) => expect(x.grad!.data[i]).toBeCloseTo(s, 15));
    expect(x.grad!.data[4]! >= lower && x.grad!.data[4]! < upper).toBe(true); // x = 0 takes a slope too (x <= 0)
  });

  it('in eval mode (F default, module.eval()) it is leaky ReLU with the mean slope', () => {
    const x = f64([-3, 2]);
    expect(Array.from(F.rrelu(x).data)).toEqual([-3 * ((lower + upper) / 2), 2]);
    const m = new nn.RReLU({ lower: 0.1, upper: 0.3 });
    manualSeed(1);
    const train = m.forward(full([50], -1));
    expect(new Set(train.data).size).toBeGreaterThan(1);
    m.eval();
    expect(Array.from(m.forward(f64([-1])).data)).toEqual([-0.2]);
  });
});
