/**
 * nn.SineLayer: SIREN's building block, sin(ω₀·(Wx + b)) — a Linear layer followed by the
 * registry's `sine` activation (which forms ω₀·z in float64 and runs the fused WASM kernel).
 */
import { sine } from '../activations/sine.js';
import { callActivation, resolveCall, type ResolvedCall } from '../activations/functional.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';
import { Linear, checkFeatures, type LayerOptions } from './linear.js';
import { sirenFirstUniform_, sirenUniform_ } from './init.js';
import { py } from './repr.js';

export interface SineLayerOptions extends LayerOptions {
  /** ω₀, the frequency factor in sin(ω₀·(Wx + b)) (default 30, SIREN's value for every layer). */
  w0?: number;
  /** The network's first layer: weights U(±1/fan_in) instead of U(±√(6/fan_in)/ω₀) (default false). */
  isFirst?: boolean;
  /**
   * 'siren' (default): the paper's weight init (see `isFirst`); 'default': Linear's own
   * U(±1/√fan_in) — the ablation that shows why the special init matters. Biases always keep
   * Linear's default, as in the SIREN code.
   */
  init?: 'siren' | 'default';
}

/** The ω₀ check shared by the layer, the SIREN builder and the CLI: a finite number > 0. */
export function checkW0(w0: unknown, op: string): number {
  if (typeof w0 !== 'number' || !Number.isFinite(w0) || w0 <= 0)
    throw new RangeError(`${op}: w0 must be a finite number > 0, got ${String(w0)}`);
  return w0;
}

/**
 * $y = \sin(\omega_0 (x W^\top + b))$ with SIREN's initialisation.
 *
 * Input `[*, in]` → output `[*, out]`. Parameters live in `linear` (`linear.weight`, `linear.bias`),
 * so state-dict keys match the SIREN code's `SineLayer` (`0.linear.weight`).
 * @example new nn.SineLayer(2, 256, { w0: 30, isFirst: true })
 * @see Sitzmann et al., Implicit Neural Representations with Periodic Activation Functions, 2020
 */
export class SineLayer extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly w0: number;
  readonly isFirst: boolean;
  readonly init: 'siren' | 'default';
  linear: Linear;
  readonly #call: ResolvedCall;

  constructor(inFeatures: number, outFeatures: number, options: SineLayerOptions = {}) {
    super();
    this.inFeatures = checkFeatures(inFeatures, 'SineLayer', 'inFeatures');
    this.outFeatures = checkFeatures(outFeatures, 'SineLayer', 'outFeatures');
    this.w0 = checkW0(options.w0 ?? 30, 'SineLayer');
    this.isFirst = options.isFirst ?? false;
    const init = options.init ?? 'siren';
    if (init !== 'siren' && init !== 'default')
      throw new RangeError(`SineLayer: init must be 'siren' or 'default', got ${JSON.stringify(init)}`);
    this.init = init;
    const { w0: _w0, isFirst: _first, init: _init, ...layer } = options;
    this.linear = new Linear(inFeatures, outFeatures, layer);
    const generator = options.generator ? { generator: options.generator } : {};
    if (init === 'siren') {
      if (this.isFirst) sirenFirstUniform_(this.linear.weight, generator);
      else sirenUniform_(this.linear.weight, this.w0, generator);
    }
    this.#call = resolveCall(sine, { w0: this.w0 }, 'SineLayer');
  }

  forward(x: Tensor): Tensor {
    return callActivation(sine, this.linear.forward(x), this.#call);
  }

  override extraRepr(): string {
    return (
      `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${py(this.linear.bias !== null)}, ` +
      `w0=${py(this.w0)}, is_first=${py(this.isFirst)}${this.init === 'default' ? ', init=default' : ''}`
    );
  }
}
