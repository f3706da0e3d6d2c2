/** models.siren: the paper's network — structure, state-dict keys, init of every layer, options, errors. */
import { describe, expect, it } from 'vitest';
import { siren } from '../../src/models/siren.js';
import { Linear } from '../../src/nn/linear.js';
import { SineLayer } from '../../src/nn/sine-layer.js';
import { randn } from '../../src/tensor/create.js';
import { Generator } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';

const maxAbs = (t: Tensor): number => Array.from(t.data).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe('siren', () => {
  it("builds in → hidden (×layers, sine) → out (linear), with the SIREN code's keys", () => {
    const net = siren({ in: 2, hidden: 32, layers: 4, out: 1, generator: new Generator(0) });
    const layers = [...net];
    expect(layers.map((l) => l.constructor.name)).toEqual([
      'SineLayer',
      'SineLayer',
      'SineLayer',
      'SineLayer',
      'Linear',
    ]);
    expect(Object.keys(net.stateDict())).toEqual([
      '0.linear.weight',
      '0.linear.bias',
      '1.linear.weight',
      '1.linear.bias',
      '2.linear.weight',
      '2.linear.bias',
      '3.linear.weight',
      '3.linear.bias',
      '4.weight',
      '4.bias',
    ]);
    expect(net.forward(randn([7, 2])).shape).toEqual([7, 1]);
    expect((layers[0] as SineLayer).isFirst).toBe(true);
    expect((layers[1] as SineLayer).isFirst).toBe(false);
  });
  it('uses the paper init in every layer, the last linear one included', () => {
    const w0 = 30;
    const net = siren({ in: 2, hidden: 64, layers: 3, out: 3, w0, generator: new Generator(1) });
    const [first, hidden, , last] = [...net] as [SineLayer, SineLayer, SineLayer, Linear];
    expect(maxAbs(first.linear.weight)).toBeLessThanOrEqual(1 / 2);
    expect(maxAbs(hidden.linear.weight)).toBeLessThanOrEqual(Math.sqrt(6 / 64) / w0);
    expect(maxAbs(last.weight)).toBeLessThanOrEqual(Math.sqrt(6 / 64) / w0);
    expect(maxAbs(last.weight)).toBeGreaterThan(0.8 * (Math.sqrt(6 / 64) / w0));
    expect(first.w0).toBe(w0);
    expect(hidden.w0).toBe(w0);
  });
  it("init: 'default' keeps Linear's init everywhere (the ablation)", () => {
    const net = siren({ in: 2, hidden: 64, layers: 2, out: 1, init: 'default', generator: new Generator(2) });
    const [, hidden, last] = [...net] as [SineLayer, SineLayer, Linear];
    expect(maxAbs(hidden.linear.weight)).toBeGreaterThan(0.9 / 8);
    expect(maxAbs(last.weight)).toBeGreaterThan(0.9 / 8);
  });
  it('is reproducible from a generator seed', () => {
    const a = siren({ in: 2, hidden: 8, layers: 2, out: 1, generator: new Generator(5) });
    const b = siren({ in: 2, hidden: 8, layers: 2, out: 1, generator: new Generator(5) });
    expect(Array.from(a.stateDict()['1.linear.weight']!.data)).toEqual(
      Array.from(b.stateDict()['1.linear.weight']!.data),
    );
  });
  it('rejects bad options naming them', () => {
    expect(() => siren({ in: 2, hidden: 0, layers: 3, out: 1 })).toThrow(
      'siren: hidden must be a positive integer, got 0',
    );
    expect(() => siren({ in: 2, hidden: 8, layers: 3, out: 1, w0: 0 })).toThrow(
      'siren: w0 must be a finite number > 0, got 0',
    );
    expect(() => siren({ in: 2, hidden: 8, layers: 1.5, out: 1 })).toThrow(
      'siren: layers must be a positive integer, got 1.5',
    );
  });
});
