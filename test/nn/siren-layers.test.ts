/** SIREN's pieces: its initialisers, SineLayer, PositionalEncoding — values against float64 formulas, gradcheck, errors. */
import { describe, expect, it } from 'vitest';
import { gradcheck } from '../../src/autograd/gradcheck.js';
import { empty } from '../../src/ops/apply.js';
import { randn, tensor } from '../../src/tensor/create.js';
import { Generator } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import * as nn from '../../src/nn/index.js';

const g = new Generator(3);
const x64 = (shape: number[], requiresGrad = true): Tensor =>
  randn(shape, { dtype: 'float64', generator: g, requiresGrad });
const maxAbs = (t: Tensor): number => Array.from(t.data).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const std = (t: Tensor): number => {
  const d = Array.from(t.data);
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  return Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
};

describe('SIREN initialisers', () => {
  it('first layer: U(±1/fan_in)', () => {
    const w = nn.init.sirenFirstUniform_(empty([2000, 50], 'float64'), { generator: g });
    expect(maxAbs(w)).toBeLessThanOrEqual(1 / 50);
    expect(maxAbs(w)).toBeGreaterThan(0.99 / 50);
    expect(std(w)).toBeCloseTo(1 / 50 / Math.sqrt(3), 4);
  });
  it('hidden layers: U(±√(6/fan_in)/ω₀)', () => {
    for (const w0 of [1, 30]) {
      const w = nn.init.sirenUniform_(empty([1000, 256], 'float64'), w0, { generator: g });
      const bound = Math.sqrt(6 / 256) / w0;
      expect(maxAbs(w)).toBeLessThanOrEqual(bound);
      expect(maxAbs(w)).toBeGreaterThan(0.99 * bound);
      expect(std(w) / (bound / Math.sqrt(3))).toBeCloseTo(1, 2);
    }
    expect(() => nn.init.sirenUniform_(empty([2, 2], 'float32'), 0)).toThrow(
      'sirenUniform_: w0 must be a finite number > 0, got 0',
    );
  });
});

describe('SineLayer', () => {
  it('computes sin(ω₀·(xWᵀ + b))', () => {
    const layer = new nn.SineLayer(3, 4, { w0: 30, dtype: 'float64', generator: g });
    const x = x64([5, 3], false);
    const y = layer.forward(x);
    expect(y.shape).toEqual([5, 4]);
    const W = layer.linear.weight.data;
    const b = layer.linear.bias!.data;
    for (let r = 0; r < 5; r++)
      for (let o = 0; o < 4; o++) {
        let z = b[o]!;
        for (let i = 0; i < 3; i++) z += x.data[r * 3 + i]! * W[o * 3 + i]!;
        expect(y.data[r * 4 + o]).toBeCloseTo(Math.sin(30 * z), 12);
      }
  });
  it('passes gradcheck (input and parameters)', () => {
    const layer = new nn.SineLayer(3, 2, { w0: 3, dtype: 'float64', generator: g });
    const r = gradcheck((x) => layer.forward(x), [x64([4, 3])]);
    expect(r.ok, r.message).toBe(true);
    const input = x64([4, 3], false);
    const p = gradcheck(
      (w, b) => {
        layer.linear.weight = w as never;
        layer.linear.bias = b as never;
        return layer.forward(input);
      },
      [x64([2, 3]), x64([2])],
    );
    expect(p.ok, p.message).toBe(true);
  });
  it('draws the first-layer or hidden-layer init, or keeps the default', () => {
    const first = new nn.SineLayer(64, 512, { isFirst: true, generator: g });
    expect(maxAbs(first.linear.weight)).toBeLessThanOrEqual(1 / 64);
    const hidden = new nn.SineLayer(64, 512, { w0: 30, generator: g });
    expect(maxAbs(hidden.linear.weight)).toBeLessThanOrEqual(Math.sqrt(6 / 64) / 30);
    expect(maxAbs(hidden.linear.weight)).toBeGreaterThan(0.95 * (Math.sqrt(6 / 64) / 30));
    const plain = new nn.SineLayer(64, 512, { init: 'default', generator: g });
    expect(maxAbs(plain.linear.weight)).toBeGreaterThan(0.95 / 8);
    // biases keep Linear's U(±1/√fan_in) in every case, as in the SIREN code
    expect(maxAbs(hidden.linear.bias!)).toBeGreaterThan(0.95 / 8);
  });
  it('names its parameters like the SIREN code and prints like torch', () => {
    const layer = new nn.SineLayer(2, 8, { isFirst: true });
    expect(Object.keys(layer.stateDict())).toEqual(['linear.weight', 'linear.bias']);
    expect(layer.toString()).toBe(
      'SineLayer(in_features=2, out_features=8, bias=True, w0=30, is_first=True\n  (linear): Linear(in_features=2, out_features=8, bias=True)\n)',
    );
  });
  it('rejects bad options', () => {
    expect(() => new nn.SineLayer(2, 8, { w0: -1 })).toThrow('SineLayer: w0 must be a finite number > 0, got -1');
    expect(() => new nn.SineLayer(2, 8, { w0: NaN })).toThrow(/w0 must be a finite number > 0, got NaN/);
    expect(() => new nn.SineLayer(2, 8, { init: 'xavier' as never })).toThrow(
      `SineLayer: init must be 'siren' or 'default', got "xavier"`,
    );
    expect(() => new nn.SineLayer(0, 8)).toThrow('SineLayer: inFeatures must be a positive integer, got 0');
  });
});

describe('PositionalEncoding', () => {
  it('maps x to [x, sin(2^i πx_j), cos(2^i πx_j)] in SIREN’s order', () => {
    const pe = new nn.PositionalEncoding(2, 3);
    expect(pe.outFeatures).toBe(2 + 2 * 3 * 2);
    const x = tensor([0.3, -0.7, 0.1, 0.9], { shape: [2, 2], dtype: 'float64' });
    const y = pe.forward(x);
    expect(y.shape).toEqual([2, 14]);
    for (let r = 0; r < 2; r++) {
      const c = [x.data[2 * r]!, x.data[2 * r + 1]!];
      const want = [...c];
      for (let i = 0; i < 3; i++)
        for (const cj of c) want.push(Math.sin(2 ** i * Math.PI * cj), Math.cos(2 ** i * Math.PI * cj));
      want.forEach((v, k) => expect(y.data[r * 14 + k]).toBeCloseTo(v, 12));
    }
    const noInput = new nn.PositionalEncoding(2, 3, { includeInput: false });
    expect(Array.from(noInput.forward(x).data.slice(0, 12))).toEqual(Array.from(y.data.slice(2, 14)));
  });
  it('passes gradcheck and keeps leading dims', () => {
    const pe = new nn.PositionalEncoding(2, 2);
    expect(pe.forward(randn([3, 5, 2])).shape).toEqual([3, 5, 10]);
    const r = gradcheck((x) => pe.forward(x), [x64([3, 2])]);
    expect(r.ok, r.message).toBe(true);
  });
  it('uses the Nyquist count of frequencies SIREN uses for a side length', () => {
    expect([16, 64, 128, 256, 512].map(nn.nyquistFrequencies)).toEqual([2, 4, 5, 6, 7]);
    expect(nn.nyquistFrequencies(4)).toBe(1);
  });
  it('rejects a wrong input width and bad sizes', () => {
    expect(() => new nn.PositionalEncoding(2, 4).forward(randn([5, 3]))).toThrow(
      'PositionalEncoding(2 → 18): expected input with 2 features in its last dim, got shape [5, 3]',
    );
    expect(() => new nn.PositionalEncoding(2, 0)).toThrow(
      'PositionalEncoding: numFrequencies must be a positive integer, got 0',
    );
  });
});
