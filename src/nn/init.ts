/**
 * Weight initialisers, in place, as torch.nn.init: uniform/normal, Xavier (Glorot) and Kaiming (He)
 * with torch's gains, LeCun normal for SELU, and the default init of Linear/Conv2d. Draws come
 * from the default generator (seeded by `manualSeed`) unless a generator is passed.
 */
import type { Tensor } from '../tensor/tensor.js';
import { fmtShape } from '../tensor/shape.js';
import type { Generator } from '../tensor/random.js';
import { defaultGenerator } from '../tensor/random.js';

export interface InitOptions {
  generator?: Generator;
}

/** torch's names for the gain table, which are also the activation ids. */
export type Nonlinearity =
  | 'linear'
  | 'conv1d'
  | 'conv2d'
  | 'conv3d'
  | 'conv_transpose1d'
  | 'conv_transpose2d'
  | 'conv_transpose3d'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leaky_relu'
  | 'selu';

const GAINS: { readonly [K in Nonlinearity]: (param?: number) => number } = {
  linear: () => 1,
  conv1d: () => 1,
  conv2d: () => 1,
  conv3d: () => 1,
  conv_transpose1d: () => 1,
  conv_transpose2d: () => 1,
  conv_transpose3d: () => 1,
  sigmoid: () => 1,
  tanh: () => 5 / 3,
  relu: () => Math.SQRT2,
  leaky_relu: (slope = 0.01) => Math.sqrt(2 / (1 + slope * slope)),
  // torch's value for SELU; for self-normalising nets use lecunNormal_ (gain 1), as torch's docs advise.
  selu: () => 3 / 4,
};

/**
 * The gain that keeps activations' variance stable through a layer with this nonlinearity
 * (torch.nn.init.calculate_gain): 1 for linear/conv/sigmoid, 5/3 for tanh, √2 for relu,
 * √(2/(1+slope²)) for leaky_relu (slope default 0.01), 3/4 for selu.
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  const g = Object.hasOwn(GAINS, nonlinearity) ? GAINS[nonlinearity] : undefined;
  if (!g)
    throw new RangeError(
      `calculateGain: unsupported nonlinearity ${JSON.stringify(nonlinearity)} (expected one of ${Object.keys(GAINS).join(', ')})`,
    );
  if (param !== undefined && (typeof param !== 'number' || !Number.isFinite(param))) {
    throw new RangeError(`calculateGain: param must be a finite number, got ${String(param)}`);
  }
  return g(param);
}

/** fan_in = in · receptive field, fan_out = out · receptive field (weights are [out, in, k…]). */
export function computeFans(t: Tensor): { fanIn: number; fanOut: number } {
  if (t.ndim < 2)
    throw new RangeError(
      `init: fan in and fan out need a tensor with at least 2 dimensions, got shape ${fmtShape(t.shape)}`,
    );
  const receptive = t.shape.slice(2).reduce((p, d) => p * d, 1);
  return { fanIn: t.shape[1]! * receptive, fanOut: t.shape[0]! * receptive };
}

function fill(t: Tensor, draw: () => number): Tensor {
  if (t.dtype === 'int32') throw new TypeError(`init: expected a float tensor, got int32`);
  const D = t.data;
  for (let i = 0; i < D.length; i++) D[i] = draw();
  return t;
}

/** Fills with U(a, b). */
export function uniform_(t: Tensor, a = 0, b = 1, { generator = defaultGenerator }: InitOptions = {}): Tensor {
  return fill(t, () => generator.uniform(a, b));
}

/** Fills with N(mean, std²). */
export function normal_(t: Tensor, mean = 0, std = 1, { generator = defaultGenerator }: InitOptions = {}): Tensor {
  return fill(t, () => generator.normal(mean, std));
}

export function constant_(t: Tensor, value: number): Tensor {
  return fill(t, () => value);
}
export const zeros_ = (t: Tensor): Tensor => constant_(t, 0);
export const ones_ = (t: Tensor): Tensor => constant_(t, 1);

/** Glorot uniform: U(−a, a) with $a = \text{gain}\sqrt{6/(\text{fan}_{in} + \text{fan}_{out})}$. @see Glorot & Bengio, 2010 */
export function xavierUniform_(t: Tensor, gain = 1, options: InitOptions = {}): Tensor {
  const { fanIn, fanOut } = computeFans(t);
  const a = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, -a, a, options);
}

/** Glorot normal: N(0, σ²) with $\sigma = \text{gain}\sqrt{2/(\text{fan}_{in} + \text{fan}_{out})}$. */
export function xavierNormal_(t: Tensor, gain = 1, options: InitOptions = {}): Tensor {
  const { fanIn, fanOut } = computeFans(t);
  return normal_(t, 0, gain * Math.sqrt(2 / (fanIn + fanOut)), options);
}

export interface KaimingOptions extends InitOptions {
  /** Negative slope of the leaky_relu that follows (default 0). */
  a?: number;
  /** Preserve the variance of the forward pass ('fan_in', default) or of the backward pass ('fan_out'). */
  mode?: 'fan_in' | 'fan_out';
  /** Default 'leaky_relu' (with `a` as its slope; a = 0 makes it relu's √2). */
  nonlinearity?: Nonlinearity;
}

function kaimingStd(t: Tensor, o: KaimingOptions, op: string): number {
  const mode = o.mode ?? 'fan_in';
  if (mode !== 'fan_in' && mode !== 'fan_out')
    throw new RangeError(`${op}: mode must be 'fan_in' or 'fan_out', got ${JSON.stringify(mode)}`);
  const fans = computeFans(t);
  const fan = mode === 'fan_in' ? fans.fanIn : fans.fanOut;
  return calculateGain(o.nonlinearity ?? 'leaky_relu', o.a ?? 0) / Math.sqrt(fan);
}

/** He uniform: U(−b, b) with $b = \text{gain}\sqrt{3/\text{fan}}$. @see He et al., 2015 */
export function kaimingUniform_(t: Tensor, options: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd(t, options, 'kaimingUniform_');
  return uniform_(t, -bound, bound, options);
}

/** He normal: N(0, σ²) with $\sigma = \text{gain}/\sqrt{\text{fan}}$. */
export function kaimingNormal_(t: Tensor, options: KaimingOptions = {}): Tensor {
  return normal_(t, 0, kaimingStd(t, options, 'kaimingNormal_'), options);
}

/** LeCun normal, N(0, 1/fan_in): the init SELU's self-normalisation assumes. @see Klambauer et al., 2017 */
export function lecunNormal_(t: Tensor, options: InitOptions = {}): Tensor {
  return kaimingNormal_(t, { ...options, nonlinearity: 'linear' });
}

/**
 * torch's default for Linear and Conv2d: weight ~ kaiming_uniform(a = √5), i.e. U(±1/√fan_in),
 * and bias ~ U(±1/√fan_in); weight drawn first, then bias.
 */
export function defaultLayerInit_(weight: Tensor, bias: Tensor | null, options: InitOptions = {}): void {
  kaimingUniform_(weight, { ...options, a: Math.sqrt(5) });
  if (bias) {
    const { fanIn } = computeFans(weight);
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    uniform_(bias, -bound, bound, options);
  }
}

/**
 * SIREN's first layer: $W \sim U(-1/\text{fan}_{in}, 1/\text{fan}_{in})$. With the layer's
 * ω₀ = 30 this spreads sin(ω₀·(Wx + b)) over a few periods across inputs in [−1, 1]. The bias
 * keeps the layer's default init, as in the SIREN code.
 * @see Sitzmann et al., Implicit Neural Representations with Periodic Activation Functions, 2020
 */
export function sirenFirstUniform_(t: Tensor, options: InitOptions = {}): Tensor {
  const { fanIn } = computeFans(t);
  return uniform_(t, -1 / fanIn, 1 / fanIn, options);
}

/**
 * SIREN's hidden layers: $W \sim U(-\sqrt{6/\text{fan}_{in}}/\omega_0, \sqrt{6/\text{fan}_{in}}/\omega_0)$,
 * so that ω₀·Wx is ~N(0, 2) and sin of it is arcsine-distributed again, layer after layer.
 * @param w0 the ω₀ of the layer's sin(ω₀·(Wx + b)) (default 30); a finite number > 0.
 * @see Sitzmann et al., 2020 (§3.2 and the supplement's proof)
 */
export function sirenUniform_(t: Tensor, w0 = 30, options: InitOptions = {}): Tensor {
  if (typeof w0 !== 'number' || !Number.isFinite(w0) || w0 <= 0)
    throw new RangeError(`sirenUniform_: w0 must be a finite number > 0, got ${String(w0)}`);
  const { fanIn } = computeFans(t);
  const bound = Math.sqrt(6 / fanIn) / w0;
  return uniform_(t, -bound, bound, options);
}
