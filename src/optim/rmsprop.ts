/** RMSprop (torch.optim.RMSprop): gradients divided by a running RMS, optionally centred, with momentum. */
import type { FloatArray } from '../tensor/dtype.js';
import { Optimizer, checkOption, rounding } from './optimizer.js';
import type { BaseOptions, ParamGroup, Params } from './optimizer.js';

export interface RMSpropOptions extends BaseOptions {
  /** Smoothing constant of the squared-gradient average (default 0.99). */
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  /** Divide by an estimate of the gradient's variance instead of its second moment (default false). */
  centered: boolean;
}

/**
 * $s \leftarrow \alpha s + (1-\alpha) g^2$; $\theta \leftarrow \theta - \eta\, g / (\sqrt{s} + \epsilon)$
 * (with centred: $\sqrt{s - \bar g^2}$; with momentum: through a buffer $b \leftarrow \mu b + g/(\ldots)$).
 * Defaults lr 0.01, alpha 0.99, eps 1e-8.
 * @see Hinton, Neural Networks for Machine Learning, lecture 6e
 */
export class RMSprop extends Optimizer<RMSpropOptions> {
  constructor(params: Params<RMSpropOptions>, options: Partial<RMSpropOptions> = {}) {
    super(params, {
      lr: 1e-2,
      alpha: 0.99,
      eps: 1e-8,
      weightDecay: 0,
      momentum: 0,
      centered: false,
      maximize: false,
      ...options,
    });
  }

  protected override validate(g: RMSpropOptions, where: string): void {
    super.validate(g, where);
    checkOption(g.alpha, 'alpha', where, 0);
    checkOption(g.eps, 'eps', where, 0);
    checkOption(g.weightDecay, 'weightDecay', where, 0);
    checkOption(g.momentum, 'momentum', where, 0);
  }

  protected update(
    param: FloatArray,
    grad: FloatArray,
    g: ParamGroup<RMSpropOptions>,
    state: Record<string, FloatArray | number>,
  ): void {
    const f = rounding(param);
    const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = g;
    const sq = this.buffer(state, 'square_avg', param);
    const avg = centered ? this.buffer(state, 'grad_avg', param) : null;
    const buf = momentum > 0 ? this.buffer(state, 'momentum_buffer', param) : null;
    for (let i = 0; i < param.length; i++) {
      let d = maximize ? -grad[i]! : grad[i]!;
      if (weightDecay !== 0) d = f(d + weightDecay * param[i]!);
      sq[i] = f(f(sq[i]! * alpha) + (1 - alpha) * f(d * d));
      let denom: number;
      if (avg) {
        avg[i] = f(f(avg[i]! * alpha) + (1 - alpha) * d);
        denom = f(f(Math.sqrt(f(sq[i]! - f(avg[i]! * avg[i]!)))) + eps);
      } else {
        denom = f(f(Math.sqrt(sq[i]!)) + eps);
      }
      if (buf) {
        buf[i] = f(f(buf[i]! * momentum) + f(d / denom));
        param[i] = param[i]! - lr * buf[i]!;
      } else {
        param[i] = param[i]! - lr * f(d / denom);
      }
    }
  }
}
