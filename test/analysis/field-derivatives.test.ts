/**
 * fieldDerivatives: the forward-mode gradient and Laplacian of coordinate networks against float64
 * central differences (of the network's value for ∇, of the exact gradient for Δ); the f″ table
 * against differences of each spec's f′; the image's own finite-difference derivatives.
 */
import { describe, expect, it } from 'vitest';
import { activationModules } from '../../src/nn/activation.js';
import { getActivation } from '../../src/activations/registry.js';
import type { ElementwiseSpec } from '../../src/activations/define.js';
import { paramDefaults } from '../../src/activations/params.js';
import { fieldDerivatives, gridDerivatives } from '../../src/analysis/field-derivatives.js';
import { exactSecondDerivativeIds, secondDerivative } from '../../src/analysis/second-derivatives.js';
import { siren } from '../../src/models/siren.js';
import { Sequential } from '../../src/nn/container.js';
import { Dropout } from '../../src/nn/dropout.js';
import { Linear } from '../../src/nn/linear.js';
import { PositionalEncoding } from '../../src/nn/positional-encoding.js';
import type { AnyModule } from '../../src/nn/module.js';
import { coordinateGrid } from '../../src/data/image-transforms.js';
import { rand, tensor } from '../../src/tensor/create.js';
import { Generator } from '../../src/tensor/random.js';

const { Tanh, GELU, ReLU, SiLU } = activationModules;
const g = new Generator(7);
const f64 = { dtype: 'float64' as const, generator: g };

/** A network u: R^d → R^out evaluated at one point, float64. */
function evaluate(model: AnyModule, point: readonly number[]): number[] {
  const y = (model as unknown as Sequential).forward(
    tensor([...point], { shape: [1, point.length], dtype: 'float64' }),
  );
  return Array.from(y.data);
}

function checkAgainstDifferences(model: AnyModule, d: number, points: number, tol: { grad: number; lap: number }) {
  const coords = rand([points, d], { dtype: 'float64', generator: g }).mul(2).sub(1);
  const res = fieldDerivatives(model, coords);
  const out = res.value.shape[1]!;
  const h = 1e-6;
  for (let s = 0; s < points; s++) {
    const x = Array.from(coords.data.slice(s * d, (s + 1) * d));
    const value = evaluate(model, x);
    const numLap = new Array<number>(out).fill(0);
    for (let k = 0; k < d; k++) {
      const up = [...x];
      const down = [...x];
      up[k]! += h;
      down[k]! -= h;
      const vu = evaluate(model, up);
      const vd = evaluate(model, down);
      const gu = fieldDerivatives(model, tensor(up, { shape: [1, d], dtype: 'float64' })).gradient.data;
      const gd = fieldDerivatives(model, tensor(down, { shape: [1, d], dtype: 'float64' })).gradient.data;
      for (let o = 0; o < out; o++) {
        const numGrad = (vu[o]! - vd[o]!) / (2 * h);
        const grad = res.gradient.data[(s * out + o) * d + k]!;
        expect(Math.abs(grad - numGrad)).toBeLessThanOrEqual(tol.grad * Math.max(1, Math.abs(numGrad)));
        numLap[o]! += (gu[o * d + k]! - gd[o * d + k]!) / (2 * h);
      }
    }
    for (let o = 0; o < out; o++) {
      expect(res.value.data[s * out + o]).toBeCloseTo(value[o]!, 12);
      const lap = res.laplacian.data[s * out + o]!;
      expect(Math.abs(lap - numLap[o]!)).toBeLessThanOrEqual(tol.lap * Math.max(1, Math.abs(numLap[o]!)));
    }
  }
  return res;
}

describe('fieldDerivatives', () => {
  it('SIREN (ω₀ = 30): ∇ and Δ match float64 differences', () => {
    const net = siren({ in: 2, hidden: 16, layers: 3, out: 2, w0: 30, ...f64 });
    const res = checkAgainstDifferences(net, 2, 6, { grad: 1e-6, lap: 1e-5 });
    expect(res.exact).toBe(true);
    expect(res.gradient.shape).toEqual([6, 2, 2]);
    expect(res.laplacian.shape).toEqual([6, 2]);
  });
  it('tanh, GELU (both forms) and SiLU MLPs, and ReLU + positional encoding', () => {
    const mlp = (act: () => AnyModule, inF = 2) =>
      new Sequential(
        new Linear(inF, 12, f64),
        act() as never,
        new Linear(12, 12, f64),
        act() as never,
        new Linear(12, 1, f64),
      );
    checkAgainstDifferences(
      mlp(() => new Tanh() as never),
      2,
      4,
      { grad: 1e-6, lap: 1e-5 },
    );
    checkAgainstDifferences(
      mlp(() => new GELU() as never),
      2,
      4,
      { grad: 1e-6, lap: 1e-5 },
    );
    checkAgainstDifferences(
      mlp(() => new GELU({ approximate: 'tanh' }) as never),
      2,
      4,
      { grad: 1e-6, lap: 1e-5 },
    );
    checkAgainstDifferences(
      mlp(() => new SiLU() as never, 3),
      3,
      3,
      { grad: 1e-6, lap: 1e-5 },
    );
    const pe = new PositionalEncoding(2, 3);
    const tanhPe = new Sequential(pe, new Linear(pe.outFeatures, 10, f64), new Tanh(), new Linear(10, 1, f64));
    checkAgainstDifferences(tanhPe, 2, 4, { grad: 1e-6, lap: 1e-5 });
  });
  it('a ReLU network has a zero Laplacian almost everywhere, and the right gradient', () => {
    const pe = new PositionalEncoding(2, 2);
    const net = new Sequential(pe, new Linear(pe.outFeatures, 16, f64), new ReLU(), new Linear(16, 1, f64));
    const res = fieldDerivatives(net, rand([50, 2], { dtype: 'float64', generator: g }));
    // the encoding's own curvature passes through the ReLU's linear pieces; a plain ReLU MLP has none
    expect(Array.from(res.laplacian.data).some((v) => v !== 0)).toBe(true);
    const plain = new Sequential(new Linear(2, 16, f64), new ReLU(), new Linear(16, 1, f64));
    const flat = checkAgainstDifferences(plain, 2, 5, { grad: 1e-6, lap: 1e-5 });
    expect(Array.from(flat.laplacian.data)).toEqual([0, 0, 0, 0, 0]);
  });
  it('reads float32 networks and grids', () => {
    const net = siren({ in: 2, hidden: 8, layers: 2, out: 1, generator: g });
    const coords = coordinateGrid(4, 5);
    const res = fieldDerivatives(net, coords);
    const y = net.forward(coords);
    res.value.data.forEach((v, i) => expect(v).toBeCloseTo(y.data[i]!, 5));
  });
  it('rejects unsupported layers and bad coordinates', () => {
    const net = new Sequential(new Linear(2, 4), new Dropout(0.1), new Linear(4, 1));
    expect(() => fieldDerivatives(net, rand([3, 2]))).toThrow(
      'fieldDerivatives: layer 1 (Dropout) is not supported (supported: Linear, SineLayer, PositionalEncoding, elementwise activations without learned parameters)',
    );
    expect(() => fieldDerivatives(new Linear(3, 1), rand([3, 2]))).toThrow(
      'fieldDerivatives: layer 0 (Linear) expects 3 features, but receives 2',
    );
    expect(() => fieldDerivatives(new Linear(2, 1), rand([3]))).toThrow(
      'fieldDerivatives: coords must be a float tensor [N, d], got float32 [3]',
    );
  });
});

describe('second derivatives', () => {
  it('each closed form matches a central difference of the spec’s f′ (away from kinks)', () => {
    for (const id of exactSecondDerivativeIds) {
      let spec: ElementwiseSpec;
      try {
        spec = getActivation(id) as ElementwiseSpec;
      } catch {
        continue; // an id the registry does not have (yet): nothing to check
      }
      const variants: Record<string, number | string>[] = [paramDefaults(spec.params)];
      if (id === 'gelu') variants.push({ approximate: 'tanh' });
      if (id === 'sine') variants.push({ w0: 30 });
      if (id === 'silu') variants.push({ beta: 2.5 });
      for (const p of variants) {
        const params = { ...paramDefaults(spec.params), ...p };
        const { d2f, exact } = secondDerivative(spec, params);
        expect(exact).toBe(true);
        for (let x = -4.05; x < 4; x += 0.1) {
          const h = 1e-6;
          const fd = (spec.df(x + h, params as never) - spec.df(x - h, params as never)) / (2 * h);
          expect(Math.abs(d2f(x) - fd), `${id} ${JSON.stringify(p)} at ${x}`).toBeLessThan(
            1e-6 * Math.max(1, Math.abs(fd)),
          );
        }
      }
    }
  });
  it('falls back to a difference of f′ for activations without a closed form', () => {
    const spec = getActivation('mish') as ElementwiseSpec;
    const { d2f, exact } = secondDerivative(spec, {});
    expect(exact).toBe(false);
    const h = 1e-4;
    expect(d2f(0.3)).toBeCloseTo((spec.df(0.3 + h, {}) - spec.df(0.3 - h, {})) / (2 * h), 6);
  });
});

describe('gridDerivatives', () => {
  it('is exact for a quadratic image on the coordinate grid', () => {
    const H = 9;
    const W = 7;
    const grid = coordinateGrid(H, W).data;
    const values = Array.from({ length: H * W }, (_, i) => grid[2 * i]! ** 2 + 3 * grid[2 * i + 1]! ** 2);
    const { gradientNorm, laplacian } = gridDerivatives(values, H, W);
    for (let y = 1; y < H - 1; y++)
      for (let x = 1; x < W - 1; x++) {
        const i = y * W + x;
        expect(laplacian[i]).toBeCloseTo(2 + 6, 4);
        expect(gradientNorm[i]).toBeCloseTo(Math.hypot(2 * grid[2 * i]!, 6 * grid[2 * i + 1]!), 4);
      }
    expect(() => gridDerivatives([1, 2, 3], 2, 2)).toThrow('gridDerivatives: 3 values do not make a 2×2 grid');
  });
});
