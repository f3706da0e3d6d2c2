/** Adam and AdamW (torch.optim.Adam / AdamW), with amsgrad. */
import type { FloatArray } from '../tensor/dtype.js';
import { arrayDType } from '../tensor/dtype.js';
import { getBackend } from '../backend/registry.js';
import { Optimizer, checkOption, rounding } from './optimizer.js';
import type { BaseOptions, ParamGroup, Params } from './optimizer.js';

export interface AdamOptions extends BaseOptions {
  /** Decay rates (β₁, β₂) of the first and second moment estimates (default [0.9, 0.999]). */
  betas: readonly [number, number];
  /** Added to the denominator (default 1e-8). */
  eps: number;
  /** Adam: L2 penalty added to the gradient (default 0). AdamW: decoupled decay (default 0.01). */
  weightDecay: number;
  /** Use the running maximum of the second moment (default false). @see Reddi et al., 2018 */
  amsgrad: boolean;
}

type AdamInit = Partial<AdamOptions>;

function adamStep(
  param: FloatArray,
  grad: FloatArray,
  g: ParamGroup<AdamOptions>,
  state: Record<string, FloatArray | number>,
  buffer: (key: string) => FloatArray,
  decoupled: boolean,
): void {
  const f = rounding(param);
  const {
    lr,
    betas: [beta1, beta2],
    eps,
    weightDecay,
    amsgrad,
    maximize,
  } = g;
  const step = state.step as number;
  const m = buffer('exp_avg');
  const v = buffer('exp_avg_sq');
  const vmax = amsgrad ? buffer('max_exp_avg_sq') : null;
  // The backend's fused one-pass update (WASM SIMD for float32) when it takes these arrays and
  // options (it declines amsgrad and maximize); otherwise the loop below.
  const args = { param, grad, expAvg: m, expAvgSq: v, lr, beta1, beta2, eps, weightDecay, step };
  if (getBackend(arrayDType(param)).adamStep?.({ ...args, decoupledWeightDecay: decoupled, amsgrad, maximize })) return;
  const bc1 = 1 - beta1 ** step;
  const bc2Sqrt = Math.sqrt(1 - beta2 ** step);
  const stepSize = lr / bc1;
  const decay = decoupled ? 1 - lr * weightDecay : 1;
  for (let i = 0; i < param.length; i++) {
    let d = maximize ? -grad[i]! : grad[i]!;
    // AdamW shrinks the weight itself; Adam adds λθ to the gradient (L2 regularisation).
    if (decoupled) param[i] = f(param[i]! * decay);
    else if (weightDecay !== 0) d = f(d + weightDecay * param[i]!);
    m[i] = f(f(m[i]! * beta1) + (1 - beta1) * d);
    v[i] = f(f(v[i]! * beta2) + (1 - beta2) * f(d * d));
    let second = v[i]!;
    if (vmax) second = vmax[i] = Math.max(vmax[i]!, second);
    const denom = f(f(f(Math.sqrt(second)) / bc2Sqrt) + eps);
    param[i] = param[i]! - stepSize * f(m[i]! / denom);
  }
}

/**
 * What Adam and AdamW share: defaults, validation and the step; they differ only in the default
 * weight decay and in how it is applied (added to the gradient, or decoupled).
 */
abstract class AdamBase extends Optimizer<AdamOptions> {
  protected constructor(
    params: Params<AdamOptions>,
    options: AdamInit,
    defaultWeightDecay: number,
    private readonly decoupled: boolean,
  ) {
    super(params, {
      lr: 1e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weightDecay: defaultWeightDecay,
      amsgrad: false,
      maximize: false,
      ...options,
    });
  }
  protected override validate(g: AdamOptions, where: string): void {
    super.validate(g, where);
    validateAdam(g, where);
  }
  protected update(
    param: FloatArray,
    grad: FloatArray,
    g: ParamGroup<AdamOptions>,
    state: Record<string, FloatArray | number>,
  ): void {
    adamStep(param, grad, g, state, (k) => this.buffer(state, k, param), this.decoupled);
  }
}

/**
 * Adam: $m \leftarrow \beta_1 m + (1-\beta_1) g$, $v \leftarrow \beta_2 v + (1-\beta_2) g^2$,
 * $\theta \leftarrow \theta - \frac{\eta}{1-\beta_1^t}\,\frac{m}{\sqrt{v}/\sqrt{1-\beta_2^t} + \epsilon}$.
 * @example new optim.Adam(model.parameters(), { lr: 1e-3 })
 * @see Kingma & Ba, "Adam", ICLR 2015
 */
export class Adam extends AdamBase {
  constructor(params: Params<AdamOptions>, options: AdamInit = {}) {
    super(params, options, 0, false);
  }
}

/**
 * AdamW: Adam with decoupled weight decay, $\theta \leftarrow \theta(1 - \eta\lambda)$ before the
 * Adam step (default λ = 0.01).
 * @see Loshchilov & Hutter, "Decoupled Weight Decay Regularization", ICLR 2019
 */
export class AdamW extends AdamBase {
  constructor(params: Params<AdamOptions>, options: AdamInit = {}) {
    super(params, options, 1e-2, true);
  }
}

function validateAdam(g: AdamOptions, where: string): void {
  if (!Array.isArray(g.betas) || g.betas.length !== 2)
    throw new RangeError(`${where}: betas must be a pair [beta1, beta2], got ${JSON.stringify(g.betas)}`);
  checkOption(g.betas[0], 'betas[0]', where, 0, 1, true);
  checkOption(g.betas[1], 'betas[1]', where, 0, 1, true);
  checkOption(g.eps, 'eps', where, 0);
  checkOption(g.weightDecay, 'weightDecay', where, 0);
}
