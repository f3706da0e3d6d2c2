/** The siren experiment's parts: PSNR convention, network names, builders, a tiny deterministic fit, the approx fits. */
import { describe, expect, it } from 'vitest';
import { fitWidths, grid, polynomialFloor, APPROX_TARGETS } from '../../src/experiments/approx-fit.js';
import { showcaseWidths, widthToReach } from '../../src/experiments/approx-report.js';
import { fitImage, psnr } from '../../src/experiments/siren-fit.js';
import {
  UnknownNetworkError,
  buildNetwork,
  networkKey,
  networkLabel,
  parseNetwork,
} from '../../src/experiments/siren-networks.js';
import { decodeFloats, encodeFloats } from '../../src/experiments/siren-task.js';
import { PositionalEncoding } from '../../src/nn/positional-encoding.js';
import { SineLayer } from '../../src/nn/sine-layer.js';
import { Generator } from '../../src/tensor/random.js';

const SINE = { w0: 30, init: 'siren' as const };

describe('psnr', () => {
  it('maps the prediction from [−1, 1] to [0, 1], clips it, and uses data range 1', () => {
    const image = [0.2, 0.4, 0.6, 0.8];
    const exact = image.map((v) => 2 * v - 1);
    expect(psnr(exact, image)).toBe(Infinity);
    // an error of 0.1 on [0, 1] everywhere: MSE 0.01, 20 dB (it would read 26.02 dB if computed on [−1, 1])
    expect(
      psnr(
        exact.map((v) => v + 0.2),
        image,
      ),
    ).toBeCloseTo(20, 10);
    // out-of-range predictions are clipped: 3 → 1 and −3 → 0
    expect(psnr([3, -3], [1, 0])).toBe(Infinity);
  });
});

describe('network names', () => {
  it('parses sine, activations (and aliases) and _pe', () => {
    expect(parseNetwork('sine', SINE)).toEqual({ kind: 'siren', w0: 30, init: 'siren' });
    expect(parseNetwork('siren', { w0: 10, init: 'default' })).toEqual({ kind: 'siren', w0: 10, init: 'default' });
    expect(parseNetwork('relu_pe', SINE)).toEqual({ kind: 'mlp', act: 'relu', positionalEncoding: true });
    expect(parseNetwork('swish', SINE)).toEqual({ kind: 'mlp', act: 'silu', positionalEncoding: false });
    expect(networkKey(parseNetwork('sine', { w0: 10, init: 'default' }))).toBe('sine(w0=10,init=default)');
    expect(networkLabel(parseNetwork('relu_pe', SINE), 256)).toBe('ReLU + P.E. (L=6)');
    expect(() => parseNetwork('foo', SINE)).toThrow(UnknownNetworkError);
    expect(() => parseNetwork('_pe', SINE)).toThrow(/unknown network '_pe'/);
    expect(() => parseNetwork('softmax', SINE)).toThrow(/unknown network 'softmax'/);
  });
  it('builds every network with the same hidden width and depth', () => {
    const shape = { in: 2, hidden: 8, layers: 3, out: 1, side: 64 };
    const s = [...buildNetwork(parseNetwork('sine', SINE), shape, new Generator(0))];
    expect(s.filter((l) => l instanceof SineLayer)).toHaveLength(3);
    const pe = [...buildNetwork(parseNetwork('relu_pe', SINE), shape, new Generator(0))];
    expect(pe[0]).toBeInstanceOf(PositionalEncoding);
    expect((pe[0] as PositionalEncoding).numFrequencies).toBe(4);
    expect(pe.map((l) => l.constructor.name)).toEqual([
      'PositionalEncoding',
      'Linear',
      'ReLU',
      'Linear',
      'ReLU',
      'Linear',
      'ReLU',
      'Linear',
    ]);
  });
});

describe('fitImage', () => {
  const side = 8;
  const pixels = Float32Array.from({ length: side * side }, (_, i) => ((i * 37) % 64) / 63);
  const settings = { hidden: 16, layers: 2, steps: 60, lr: 1e-3, logEvery: 20 };
  it('is reproducible from its seed, records PSNR, and improves on its start', () => {
    const a = fitImage(parseNetwork('sine', SINE), pixels, side, settings, 3);
    const b = fitImage(parseNetwork('sine', SINE), pixels, side, settings, 3);
    expect(a.curve.map((p) => p.step)).toEqual([0, 20, 40, 60]);
    expect(a.curve).toEqual(b.curve);
    expect(a.finalPsnr).toBeGreaterThan(a.curve[0]!.psnr + 3);
    expect(a.prediction).toHaveLength(side * side);
    expect(Math.min(...a.prediction)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a.prediction)).toBeLessThanOrEqual(1);
    expect(
      psnr(
        Array.from(a.prediction, (v) => 2 * v - 1),
        pixels,
      ),
    ).toBeCloseTo(a.finalPsnr, 4);
    // a ReLU network's Laplacian is zero almost everywhere
    const relu = fitImage(parseNetwork('relu', SINE), pixels, side, { ...settings, steps: 5 }, 3);
    expect(Array.from(relu.laplacian).every((v) => v === 0)).toBe(true);
    expect(Array.from(a.laplacian).some((v) => v !== 0)).toBe(true);
  });
  it('stores images losslessly as base64 float32', () => {
    const a = Float32Array.from([0.1, -2, 3.5e-9, NaN]);
    expect(Array.from(decodeFloats(encodeFloats(a)))).toEqual(Array.from(a));
  });
});

describe('approx fits', () => {
  const s = { trainPoints: 64, testPoints: 201, steps: 1500, lr: 0.01, restarts: 2 };
  it('ReLU with 2 units represents |x| (= relu(x) + relu(−x)); identity stops at the best line', () => {
    // small ReLU layers often lose a unit (both kinks on one side, or dead): best of 8 seeds
    const [relu1, relu2] = fitWidths('relu', [1, 2], 'abs', { ...s, restarts: 8 });
    expect(relu2!.rmse).toBeLessThan(0.01);
    expect(relu1!.rmse).toBeGreaterThan(0.05);
    const floor = polynomialFloor('abs', 1, s).rmse;
    for (const f of fitWidths('identity', [1, 8], 'abs', s)) {
      expect(f.rmse).toBeGreaterThan(floor - 1e-4);
      expect(f.rmse).toBeLessThan(floor * 1.02);
    }
  });
  it('polynomialFloor is the least-squares polynomial error', () => {
    // the best line to the step on a symmetric grid: 1/2 + b·x with b = Σx·y / Σx²
    const xs = grid(s.trainPoints);
    const b = xs.reduce((a, x) => a + x * (x >= 0 ? 1 : 0), 0) / xs.reduce((a, x) => a + x * x, 0);
    const xt = grid(s.testPoints);
    const rmse = Math.sqrt(xt.reduce((a, x) => a + (0.5 + b * x - APPROX_TARGETS.step.f(x)) ** 2, 0) / xt.length);
    expect(polynomialFloor('step', 1, s).rmse).toBeCloseTo(rmse, 10);
    // |x| is even: the best quadratic beats the best line, and sin(2πx) is odd: no gain from x²
    expect(polynomialFloor('abs', 2, s).rmse).toBeLessThan(polynomialFloor('abs', 1, s).rmse / 2);
    expect(polynomialFloor('sin', 2, s).rmse).toBeCloseTo(polynomialFloor('sin', 1, s).rmse, 8);
  });
  it('widthToReach and showcaseWidths', () => {
    const r = {
      act: 'relu',
      target: 'sin' as const,
      widths: [1, 2, 4],
      fits: [0.5, 0.01, 0.001].map((rmse) => ({ rmse, maxError: 0, seed: 0, prediction: [] })),
      floors: { line: 1, quadratic: 1 },
      seconds: 0,
    };
    expect(widthToReach(r, 0.02)).toBe(2);
    expect(widthToReach(r, 1e-4)).toBeNull();
    expect(showcaseWidths([1, 2, 4, 8, 16, 32, 64, 128, 256])).toEqual([1, 8, 32, 256]);
  });
});
