/**
 * The playground's 2-D datasets: the library's classification sets (data.getDataset, the same
 * generator and split `actlab train` uses, so a default configuration has a CLI equivalent) and
 * two regression sets the library does not have (TensorFlow Playground's "plane" and "Gaussian
 * bumps"), all standardized with the training set's statistics as the CLI does.
 */
import { Generator, data } from '../lib.js';

export type PlanarKind = 'classification' | 'regression';

/** Standardized 2-D points with labels (classification) or targets (regression). */
export interface PlanarSet {
  x: Float32Array;
  /** Int32Array of class labels, or Float32Array of targets. */
  y: Int32Array | Float32Array;
  n: number;
}

export interface PlanarSplit {
  kind: PlanarKind;
  /** Number of classes; 1 (one output) for regression. */
  classes: number;
  train: PlanarSet;
  test: PlanarSet;
}

export interface PlanarOptions {
  /** Points in train + test. */
  n: number;
  noise: number;
  /** Percent of the points held out for testing. */
  testPercent: number;
  /** Classes of the sets that take a count (spiral, gaussians). */
  classes: number;
  seed: number;
}

interface PlanarInfo {
  readonly label: string;
  readonly kind: PlanarKind;
  /** The generator's own default noise (the library's default for the library's sets). */
  readonly defaultNoise: number;
  readonly maxNoise: number;
  /** Takes a class count. */
  readonly multiclass: boolean;
  make(o: PlanarOptions): PlanarSplit;
}

const testCount = (o: PlanarOptions): number => Math.ceil((o.testPercent / 100) * o.n - 1e-9);

/** A library dataset through data.getDataset, with the option its generator calls noise. */
function librarySet(name: 'xor' | 'circles' | 'moons' | 'spiral' | 'gaussians'): (o: PlanarOptions) => PlanarSplit {
  return (o) => {
    const testSize = testCount(o);
    const options: data.AnyDatasetOptions = { n: o.n, trainSize: o.n - testSize, testSize, seed: o.seed };
    if (name === 'gaussians') {
      options.std = o.noise;
      options.centers = o.classes;
    } else options.noise = o.noise;
    if (name === 'spiral') options.classes = o.classes;
    const { train, test } = data.standardize(data.getDataset(name, options));
    return {
      kind: 'classification',
      classes: train.numClasses,
      train: { x: train.x, y: train.y, n: train.n },
      test: { x: test.x, y: test.y, n: test.n },
    };
  };
}

/** Centres and signs of the Gaussian bumps (TensorFlow Playground's layout). */
const BUMPS: readonly (readonly [number, number, number])[] = [
  [-4, 2.5, 1],
  [0, 2.5, -1],
  [4, 2.5, 1],
  [-4, -2.5, -1],
  [0, -2.5, 1],
  [4, -2.5, -1],
];

/** Points uniform in [−6, 6]², target `target(x₁, x₂)` plus Gaussian noise of std `noise`. */
function regressionSet(target: (a: number, b: number) => number): (o: PlanarOptions) => PlanarSplit {
  return (o) => {
    const g = new Generator(o.seed);
    const x = new Float32Array(2 * o.n);
    const y = new Float32Array(o.n);
    for (let i = 0; i < o.n; i++) {
      const a = 12 * g.random() - 6;
      const b = 12 * g.random() - 6;
      x[2 * i] = a;
      x[2 * i + 1] = b;
      y[i] = target(a, b) + g.normal(0, o.noise);
    }
    const nTest = testCount(o);
    return standardizeSplit(x, y, o.n - nTest, nTest);
  };
}

/** First `nTrain` points train, the next `nTest` test (the points are already random); features scaled by train statistics. */
function standardizeSplit(x: Float32Array, y: Float32Array, nTrain: number, nTest: number): PlanarSplit {
  const mean = [0, 0];
  const std = [0, 0];
  for (let i = 0; i < nTrain; i++) for (let d = 0; d < 2; d++) mean[d]! += x[2 * i + d]! / nTrain;
  for (let i = 0; i < nTrain; i++) for (let d = 0; d < 2; d++) std[d]! += (x[2 * i + d]! - mean[d]!) ** 2 / nTrain;
  const scaled = x.map((v, k) => (v - mean[k % 2]!) / (Math.sqrt(std[k % 2]!) || 1));
  const part = (from: number, count: number): PlanarSet => ({
    x: scaled.slice(2 * from, 2 * (from + count)),
    y: y.slice(from, from + count),
    n: count,
  });
  return { kind: 'regression', classes: 1, train: part(0, nTrain), test: part(nTrain, nTest) };
}

/** Every dataset of the playground, by URL name. */
export const planarSets = {
  xor: {
    label: 'XOR',
    kind: 'classification',
    defaultNoise: 0.25,
    maxNoise: 1,
    multiclass: false,
    make: librarySet('xor'),
  },
  circles: {
    label: 'Circles',
    kind: 'classification',
    defaultNoise: 0.05,
    maxNoise: 0.5,
    multiclass: false,
    make: librarySet('circles'),
  },
  moons: {
    label: 'Moons',
    kind: 'classification',
    defaultNoise: 0.1,
    maxNoise: 0.5,
    multiclass: false,
    make: librarySet('moons'),
  },
  spiral: {
    label: 'Spiral',
    kind: 'classification',
    defaultNoise: 0.2,
    maxNoise: 1,
    multiclass: true,
    make: librarySet('spiral'),
  },
  gaussians: {
    label: 'Gaussians',
    kind: 'classification',
    defaultNoise: 0.5,
    maxNoise: 2,
    multiclass: true,
    make: librarySet('gaussians'),
  },
  'reg-plane': {
    label: 'Plane (regression)',
    kind: 'regression',
    defaultNoise: 0.05,
    maxNoise: 0.5,
    multiclass: false,
    make: regressionSet((a, b) => (a + b) / 12),
  },
  'reg-gauss': {
    label: 'Gaussian bumps (regression)',
    kind: 'regression',
    defaultNoise: 0.05,
    maxNoise: 0.5,
    multiclass: false,
    make: regressionSet((a, b) =>
      BUMPS.reduce((s, [cx, cy, sign]) => s + sign * Math.exp(-((a - cx) ** 2 + (b - cy) ** 2) / 4), 0),
    ),
  },
} as const satisfies Record<string, PlanarInfo>;

export type PlanarName = keyof typeof planarSets;
export const planarNames = Object.keys(planarSets) as PlanarName[];
export const planarInfo = (name: PlanarName): PlanarInfo => planarSets[name];
