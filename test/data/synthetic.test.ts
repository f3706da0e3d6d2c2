import { describe, expect, it } from 'vitest';
import { circles, classCounts, gaussians, moons, spiral, xor, xorTable, type Dataset } from '../../src/data/index.js';
import { Generator, manualSeed } from '../../src/tensor/random.js';

const generators = {
  xor: (seed: number) => xor({ n: 201, seed }),
  circles: (seed: number) => circles({ n: 201, seed }),
  moons: (seed: number) => moons({ n: 201, seed }),
  spiral: (seed: number) => spiral({ n: 201, classes: 4, seed }),
  gaussians: (seed: number) => gaussians({ n: 201, centers: 5, seed }),
};

describe.each(Object.entries(generators))('%s', (name, make) => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = make(7);
    const b = make(7);
    expect(a.x).toEqual(b.x);
    expect(a.y).toEqual(b.y);
    expect(make(8).x).not.toEqual(a.x);
  });

  it('has the documented shape, finite features and balanced labels', () => {
    const ds = make(0);
    expect(ds.name).toBe(name);
    expect(ds.n).toBe(201);
    expect(ds.featureShape).toEqual([2]);
    expect(ds.x.length).toBe(402);
    expect(ds.x.every(Number.isFinite)).toBe(true);
    const counts = classCounts(ds);
    expect(counts.length).toBe(ds.numClasses);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(201);
  });

  it('shuffles unless asked not to', () => {
    const sorted = (ds: Dataset) => ds.y.every((v, i) => i === 0 || v >= ds.y[i - 1]!);
    expect(sorted(make(0))).toBe(false);
  });
});

describe('seeding', () => {
  it('draws from a passed generator, advancing it', () => {
    const gen = new Generator(3);
    const first = moons({ generator: gen });
    const second = moons({ generator: gen });
    expect(first.x).toEqual(moons({ seed: 3 }).x);
    expect(second.x).not.toEqual(first.x);
  });

  it('uses the default generator, reseeded by manualSeed, when neither seed nor generator is given', () => {
    manualSeed(11);
    const a = circles();
    manualSeed(11);
    expect(circles().x).toEqual(a.x);
  });
});

describe('geometry', () => {
  it('moons without noise are sklearn make_moons points', () => {
    const ds = moons({ n: 5, noise: 0, shuffle: false });
    // n_out = 2: t = 0, π; n_in = 3: t = 0, π/2, π.
    const expected = [1, 0, -1, Math.sin(Math.PI), 0, 0.5, 1, -0.5, 2, 0.5 - Math.sin(Math.PI)];
    expect(Array.from(ds.x)).toEqual(expected.map(Math.fround));
    expect(Array.from(ds.y)).toEqual([0, 0, 1, 1, 1]);
  });

  it('circles without noise lie on radius 1 (label 0) and radius factor (label 1)', () => {
    const ds = circles({ n: 50, noise: 0, factor: 0.3, seed: 0 });
    for (let i = 0; i < ds.n; i++) {
      const r = Math.hypot(ds.x[2 * i]!, ds.x[2 * i + 1]!);
      expect(r).toBeCloseTo(ds.y[i] === 0 ? 1 : 0.3, 6);
    }
  });

  it('spiral arms run from radius 0 to 1 (CS231n)', () => {
    const ds = spiral({ n: 30, classes: 3, noise: 0, shuffle: false });
    const radius = (i: number) => Math.hypot(ds.x[2 * i]!, ds.x[2 * i + 1]!);
    expect(radius(0)).toBe(0);
    expect(radius(9)).toBeCloseTo(1, 6);
    // Arm 1 starts at angle 4 rad: its second point is at r = 1/9, t = 4 + 4/9.
    const t = 4 + 4 / 9;
    expect(ds.x[2 * 11]).toBeCloseTo(Math.sin(t) / 9, 6);
    expect(ds.x[2 * 11 + 1]).toBeCloseTo(Math.cos(t) / 9, 6);
  });

  it('xor labels each cluster by the sign product of its centre', () => {
    const ds = xor({ n: 400, noise: 0.05, seed: 2 });
    for (let i = 0; i < ds.n; i++) {
      expect(ds.y[i]).toBe(ds.x[2 * i]! * ds.x[2 * i + 1]! < 0 ? 1 : 0);
    }
    const uniform = xor({ n: 400, noise: 0, clusters: 'uniform', seed: 2 });
    expect(uniform.x.every((v) => Math.abs(v) <= 1)).toBe(true);
  });

  it('xorTable is the truth table', () => {
    const t = xorTable();
    expect(Array.from(t.x)).toEqual([0, 0, 0, 1, 1, 0, 1, 1]);
    expect(Array.from(t.y)).toEqual([0, 1, 1, 0]);
    expect(t.n).toBe(4);
  });

  it('gaussians accept explicit centres of any dimension', () => {
    const ds = gaussians({
      n: 3000,
      centers: [
        [0, 0, 0],
        [10, 10, 10],
      ],
      std: 1,
      seed: 1,
    });
    expect(ds.featureShape).toEqual([3]);
    expect(ds.numClasses).toBe(2);
    let sum = 0;
    for (let i = 0; i < ds.n; i++) if (ds.y[i] === 1) sum += ds.x[3 * i]!;
    expect(sum / 1500).toBeCloseTo(10, 0);
  });
});

describe('option validation', () => {
  it('names the function, argument and bad value', () => {
    expect(() => moons({ n: 0 })).toThrow(/moons: n must be an integer ≥ 1, got 0/);
    expect(() => circles({ noise: -1 })).toThrow(/circles: noise .* got -1/);
    expect(() => circles({ factor: 1.5 })).toThrow(/factor must be in \(0, 1\)/);
    expect(() => spiral({ classes: 1 })).toThrow(/spiral: classes must be an integer ≥ 2/);
    expect(() => gaussians({ centers: [[0, 0], [1]] })).toThrow(/centers\[1\]/);
    expect(() => xor({ clusters: 'ring' as 'uniform' })).toThrow(/clusters must be/);
  });
});
