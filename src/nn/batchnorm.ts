/**
 * Batch normalisation over the channel dim 1: normalise by the batch's mean and (biased) variance
 * while training, by running estimates in eval mode (Ioffe & Szegedy, 2015). The running variance
 * uses the unbiased batch variance, as torch does; state-dict names are torch's.
 */
import type { Tensor } from '../tensor/tensor.js';
import type { FloatDType } from '../tensor/dtype.js';
import { fmtShape } from '../tensor/shape.js';
import { full, zeros } from '../tensor/create.js';
import { add, mean, mul, reshape, rsqrt, square, sub } from '../ops/index.js';
import { noGrad } from '../autograd/grad-mode.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { checkFeatures } from './linear.js';
import { py } from './repr.js';

export interface BatchNormOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** Weight of the newest batch in the running stats (default 0.1); null: a cumulative average. */
  momentum?: number | null;
  /** Learn a per-channel scale and shift (default true). */
  affine?: boolean;
  /** Keep running stats for eval mode (default true); without them eval uses batch stats. */
  trackRunningStats?: boolean;
  dtype?: FloatDType;
}

abstract class BatchNorm extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  /** Input ranks this variant accepts, e.g. [2, 3] for BatchNorm1d. */
  protected abstract readonly ranks: readonly number[];

  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super();
    const name = this.constructor.name;
    this.numFeatures = checkFeatures(numFeatures, name, 'numFeatures');
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum === undefined ? 0.1 : options.momentum;
    this.affine = options.affine ?? true;
    this.trackRunningStats = options.trackRunningStats ?? true;
    const dtype = options.dtype ?? 'float32';
    this.weight = this.affine ? new Parameter(full([numFeatures], 1, { dtype })) : null;
    this.bias = this.affine ? new Parameter(zeros([numFeatures], { dtype })) : null;
    if (this.trackRunningStats) {
      this.registerBuffer('running_mean', zeros([numFeatures], { dtype }));
      this.registerBuffer('running_var', full([numFeatures], 1, { dtype }));
      this.registerBuffer('num_batches_tracked', zeros([], { dtype: 'int32' }));
    }
  }

  forward(x: Tensor): Tensor {
    const name = this.constructor.name;
    if (!this.ranks.includes(x.ndim) || x.shape[1] !== this.numFeatures) {
      const expected = this.ranks
        .map(
          (r) =>
            `[${['N', this.numFeatures, ...['L'], 'H', 'W']
              .slice(0, 2)
              .concat(r === 3 ? ['L'] : r === 4 ? ['H', 'W'] : [])
              .join(', ')}]`,
        )
        .join(' or ');
      throw new RangeError(`${name}(${this.numFeatures}): expected input ${expected}, got shape ${fmtShape(x.shape)}`);
    }
    const dims = [0, ...Array.from({ length: x.ndim - 2 }, (_, i) => i + 2)];
    const perChannel = [1, this.numFeatures, ...Array<number>(x.ndim - 2).fill(1)];
    const useBatch = this.training || !this.trackRunningStats;
    let mu: Tensor;
    let variance: Tensor;
    if (useBatch) {
      const count = x.numel / this.numFeatures;
      if (this.training && count <= 1) {
        throw new RangeError(
          `${name}: expected more than 1 value per channel when training, got input of shape ${fmtShape(x.shape)}`,
        );
      }
      mu = mean(x, dims, true);
      variance = mean(square(sub(x, mu)), dims, true);
      if (this.training && this.trackRunningStats) this.updateRunningStats(mu, variance, count);
    } else {
      mu = reshape(this.getBuffer('running_mean'), perChannel);
      variance = reshape(this.getBuffer('running_var'), perChannel);
    }
    let y = mul(sub(x, mu), rsqrt(add(variance, this.eps)));
    if (this.weight && this.bias) y = add(mul(y, reshape(this.weight, perChannel)), reshape(this.bias, perChannel));
    return y;
  }

  /** running ← (1 − m)·running + m·batch, with the unbiased variance n/(n−1)·σ². */
  private updateRunningStats(mu: Tensor, variance: Tensor, count: number): void {
    noGrad(() => {
      const tracked = this.getBuffer('num_batches_tracked');
      tracked.data[0] = tracked.data[0]! + 1;
      const m = this.momentum ?? 1 / tracked.data[0]!;
      const rm = this.getBuffer('running_mean').data;
      const rv = this.getBuffer('running_var').data;
      const unbias = count / (count - 1);
      for (let c = 0; c < this.numFeatures; c++) {
        rm[c] = (1 - m) * rm[c]! + m * mu.data[c]!;
        rv[c] = (1 - m) * rv[c]! + m * variance.data[c]! * unbias;
      }
    });
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${py(this.eps)}, momentum=${py(this.momentum)}, affine=${py(this.affine)}, track_running_stats=${py(this.trackRunningStats)}`;
  }
}

/**
 * Batch norm over `[N, C]` or `[N, C, L]`: $y = \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}}\gamma + \beta$.
 * @example new nn.BatchNorm1d(256)
 */
export class BatchNorm1d extends BatchNorm {
  protected readonly ranks = [2, 3];
}

/** Batch norm over `[N, C, H, W]`, statistics per channel over N, H and W. */
export class BatchNorm2d extends BatchNorm {
  protected readonly ranks = [4];
}
