/**
 * nn.PositionalEncoding: Fourier features of coordinates, the input layer of the "ReLU + P.E."
 * baseline in SIREN's comparison (NeRF's encoding): each coordinate c becomes
 * c, sin(2⁰πc), cos(2⁰πc), …, sin(2^{L−1}πc), cos(2^{L−1}πc). A plain ReLU MLP cannot fit fine
 * detail of an image from raw coordinates (its spectral bias); these features put the high
 * frequencies into the input.
 */
import { concat, cos, mul, reshape, sin, stack, unsqueeze } from '../ops/index.js';
import { tensor } from '../tensor/create.js';
import { fmtShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';
import { checkFeatures } from './linear.js';
import { py } from './repr.js';

export interface PositionalEncodingOptions {
  /** Keep the raw coordinates in front of the features (default true, as SIREN's PosEncodingNeRF). */
  includeInput?: boolean;
}

/**
 * The number of frequencies SIREN's code uses for a `side`-pixel image: the largest L with
 * 2^L ≤ side/4, i.e. the Nyquist rate of a grid of `side` samples over [−1, 1] — 4 at 64², 6 at 256².
 */
export function nyquistFrequencies(side: number): number {
  checkFeatures(side, 'nyquistFrequencies', 'side');
  return Math.max(1, Math.floor(Math.log2(side / 4)));
}

/**
 * Maps `[*, d]` coordinates to `[*, d + 2·L·d]` features (or `[*, 2·L·d]` without the input):
 * for i = 0…L−1 and each coordinate j, the pair sin(2^i π x_j), cos(2^i π x_j), in that order.
 * No parameters.
 * @example new nn.PositionalEncoding(2, 4).forward(coords) // [N, 18]
 * @see Mildenhall et al., NeRF, 2020; Sitzmann et al., 2020 (the ReLU + P.E. baseline)
 */
export class PositionalEncoding extends Module {
  readonly inFeatures: number;
  readonly numFrequencies: number;
  readonly includeInput: boolean;
  /** The angular frequencies 2^i·π, i = 0…L−1. */
  readonly frequencies: readonly number[];

  constructor(inFeatures: number, numFrequencies: number, options: PositionalEncodingOptions = {}) {
    super();
    this.inFeatures = checkFeatures(inFeatures, 'PositionalEncoding', 'inFeatures');
    this.numFrequencies = checkFeatures(numFrequencies, 'PositionalEncoding', 'numFrequencies');
    this.includeInput = options.includeInput ?? true;
    this.frequencies = Array.from({ length: numFrequencies }, (_, i) => 2 ** i * Math.PI);
  }

  /** Features per input row. */
  get outFeatures(): number {
    return (this.includeInput ? 1 : 0) * this.inFeatures + 2 * this.numFrequencies * this.inFeatures;
  }

  forward(x: Tensor): Tensor {
    const d = this.inFeatures;
    if (x.ndim === 0 || x.shape[x.ndim - 1] !== d) {
      throw new RangeError(
        `PositionalEncoding(${d} → ${this.outFeatures}): expected input with ${d} features in its last dim, got shape ${fmtShape(x.shape)}`,
      );
    }
    const freqs = tensor(this.frequencies, {
      shape: [this.numFrequencies, 1],
      dtype: x.dtype === 'float64' ? 'float64' : 'float32',
    });
    const angles = mul(unsqueeze(x, -2), freqs); // [*, L, d]
    const pairs = stack([sin(angles), cos(angles)], -1); // [*, L, d, 2]
    const features = reshape(pairs, [...x.shape.slice(0, -1), 2 * this.numFrequencies * d]);
    return this.includeInput ? concat([x, features], -1) : features;
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, num_frequencies=${this.numFrequencies}, include_input=${py(this.includeInput)}`;
  }
}
