/** Stochastic gradient descent with momentum, dampening, Nesterov and L2 weight decay (torch.optim.SGD). */
import type { FloatArray } from '../tensor/dtype.js';
import { arrayDType } from '../tensor/dtype.js';
import { getBackend } from '../backend/registry.js';
import { Optimizer, checkOption, rounding } from './optimizer.js';
import type { BaseOptions, ParamGroup, Params } from './optimizer.js';

export interface SGDOptions extends BaseOptions {
  /** Momentum factor μ (default 0). */
  momentum: number;
  /** Dampening τ of the momentum's gradient term (default 0). */
  dampening: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
  /** Nesterov momentum (default false; needs momentum > 0 and dampening 0). */
  nesterov: boolean;
}

/**
 * $g \leftarrow \nabla + \lambda\theta$; $b \leftarrow \mu b + (1-\tau) g$ (b = g at the first step);
 * $\theta \leftarrow \theta - \eta\,(g + \mu b)$ with Nesterov, else $\theta - \eta b$.
 * @example new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 })
 */
export class SGD extends Optimizer<SGDOptions> {
  constructor(params: Params<SGDOptions>, options: Partial<SGDOptions> & { lr: number }) {
    super(params, { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, ...options });
  }

  protected override validate(g: SGDOptions, where: string): void {
    super.validate(g, where);
    checkOption(g.momentum, 'momentum', where, 0);
    checkOption(g.dampening, 'dampening', where, -Infinity);
    checkOption(g.weightDecay, 'weightDecay', where, 0);
    if (g.nesterov && (g.momentum <= 0 || g.dampening !== 0)) {
      throw new RangeError(
        `${where}: Nesterov momentum requires momentum > 0 and dampening 0, got momentum ${g.momentum}, dampening ${g.dampening}`,
      );
    }
  }

  protected update(
    param: FloatArray,
    grad: FloatArray,
    g: ParamGroup<SGDOptions>,
    state: Record<string, FloatArray | number>,
  ): void {
    const f = rounding(param);
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = g;
    const first = state.momentum_buffer === undefined;
    const buf = momentum !== 0 ? this.buffer(state, 'momentum_buffer', param) : null;
    // The backend's fused one-pass update (WASM SIMD for float32) when it takes these arrays.
    const args = { param, grad, momentumBuffer: buf, lr, momentum, dampening, weightDecay, nesterov, maximize };
    if (getBackend(arrayDType(param)).sgdStep?.({ ...args, firstStep: first })) return;
    for (let i = 0; i < param.length; i++) {
      let d = maximize ? -grad[i]! : grad[i]!;
      if (weightDecay !== 0) d = f(d + weightDecay * param[i]!);
      if (buf) {
        buf[i] = first ? d : f(f(buf[i]! * momentum) + (1 - dampening) * d);
        d = nesterov ? f(d + momentum * buf[i]!) : buf[i]!;
      }
      param[i] = param[i]! - lr * d;
    }
  }
}
