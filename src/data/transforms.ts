/**
 * Feature scaling fitted on the training set and applied unchanged to the test set, so no test
 * statistics leak into training; and one-hot label encoding.
 */
import { featureSize, makeDataset, type Dataset, type DatasetSplit } from './dataset.js';

/** Per-feature affine map `x ↦ (x − shift) / scale`, as fitted by {@link standardize} or {@link normalize}. */
export interface FeatureScaling {
  /** Subtracted from each feature (length = feature size, or 1 when fitted globally). */
  shift: Float64Array;
  /** Divisor for each feature; never 0 (constant features get 1). */
  scale: Float64Array;
}

export interface ScalingOptions {
  /**
   * Fit one statistic per feature (default true) or one for all features (false), which suits
   * images: per-pixel statistics blow up the always-black MNIST border pixels.
   */
  perFeature?: boolean;
}

/** A split whose features were rescaled, with the fitted map to apply to new data. */
export interface ScaledSplit extends DatasetSplit {
  scaling: FeatureScaling;
}

/**
 * Standardizes features to zero mean and unit variance: `x' = (x − μ) / σ` with μ and σ (population
 * std, as sklearn's StandardScaler) computed on `train` only. A constant feature (σ = 0) is only
 * centred.
 *
 * @example const { train, test, scaling } = standardize(trainTestSplit(iris(), { seed: 0 }));
 */
export function standardize(split: DatasetSplit, options: ScalingOptions = {}): ScaledSplit {
  const groups = statGroups(split.train, options.perFeature ?? true);
  const shift = new Float64Array(groups.count);
  const scale = new Float64Array(groups.count);
  const seen = new Float64Array(groups.count);
  // Two passes in float64: the one-pass Σx² − (Σx)² formula cancels badly for large means.
  forEachFeature(split.train, groups, (g, v) => {
    shift[g]! += v;
    seen[g]! += 1;
  });
  for (let g = 0; g < groups.count; g++) shift[g] = seen[g]! > 0 ? shift[g]! / seen[g]! : 0;
  forEachFeature(split.train, groups, (g, v) => {
    scale[g]! += (v - shift[g]!) ** 2;
  });
  for (let g = 0; g < groups.count; g++) scale[g] = Math.sqrt(scale[g]! / Math.max(seen[g]!, 1)) || 1;
  return scaleSplit(split, { shift, scale });
}

/**
 * Min-max normalization to `[low, high]` (default `[0, 1]`, sklearn's MinMaxScaler), with the
 * minimum and maximum taken from `train`; test values outside the train range map outside
 * `[low, high]`, as they should. A constant feature maps to `low`.
 */
export function normalize(
  split: DatasetSplit,
  options: ScalingOptions & { range?: readonly [number, number] } = {},
): ScaledSplit {
  const [low, high] = options.range ?? [0, 1];
  if (!(Number.isFinite(low) && Number.isFinite(high) && low < high)) {
    throw new RangeError(
      `normalize: range must be two finite numbers [low, high] with low < high, got [${low}, ${high}]`,
    );
  }
  const groups = statGroups(split.train, options.perFeature ?? true);
  const min = new Float64Array(groups.count).fill(Infinity);
  const max = new Float64Array(groups.count).fill(-Infinity);
  forEachFeature(split.train, groups, (g, v) => {
    if (v < min[g]!) min[g] = v;
    if (v > max[g]!) max[g] = v;
  });
  // x' = low + (x − min)·(high − low)/(max − min)  ⇔  (x − shift)/scale with the values below.
  const shift = new Float64Array(groups.count);
  const scale = new Float64Array(groups.count);
  for (let g = 0; g < groups.count; g++) {
    const span = max[g]! - min[g]!;
    scale[g] = span > 0 ? span / (high - low) : 1;
    shift[g] = (Number.isFinite(min[g]!) ? min[g]! : 0) - low * scale[g]!;
  }
  return scaleSplit(split, { shift, scale });
}

/** Applies a fitted {@link FeatureScaling} to any dataset with the same feature shape. */
export function applyScaling(ds: Dataset, scaling: FeatureScaling): Dataset {
  const size = featureSize(ds.featureShape);
  const perFeature = scaling.shift.length !== 1;
  if (perFeature && scaling.shift.length !== size) {
    throw new RangeError(
      `applyScaling: scaling has ${scaling.shift.length} features but '${ds.name}' has ${size} per sample`,
    );
  }
  const x = new Float32Array(ds.x.length);
  for (let i = 0; i < x.length; i++) {
    const g = perFeature ? i % size : 0;
    x[i] = (ds.x[i]! - scaling.shift[g]!) / scaling.scale[g]!;
  }
  return makeDataset({ ...ds, x });
}

/**
 * One-hot encodes labels: row i has a 1 in column `labels[i]`.
 *
 * @returns a `[n, numClasses]` row-major Float32Array.
 * @example oneHot(new Int32Array([2, 0]), 3) // → [0,0,1, 1,0,0]
 */
export function oneHot(labels: ArrayLike<number>, numClasses: number): Float32Array {
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new RangeError(`oneHot: numClasses must be a positive integer, got ${numClasses}`);
  }
  const out = new Float32Array(labels.length * numClasses);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
      throw new RangeError(`oneHot: label ${label} at index ${i} is outside [0, ${numClasses})`);
    }
    out[i * numClasses + label] = 1;
  }
  return out;
}

interface Groups {
  count: number;
  size: number;
  perFeature: boolean;
}

function statGroups(train: Dataset, perFeature: boolean): Groups {
  const size = featureSize(train.featureShape);
  return { count: perFeature ? size : 1, size, perFeature };
}

function forEachFeature(ds: Dataset, groups: Groups, visit: (group: number, value: number) => void): void {
  for (let i = 0; i < ds.x.length; i++) visit(groups.perFeature ? i % groups.size : 0, ds.x[i]!);
}

function scaleSplit(split: DatasetSplit, scaling: FeatureScaling): ScaledSplit {
  return { train: applyScaling(split.train, scaling), test: applyScaling(split.test, scaling), scaling };
}
