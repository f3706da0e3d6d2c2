/**
 * SIREN, the paper's network for implicit neural representations: `layers` sine layers of width
 * `hidden` (the first with its own init) and a linear last layer — 2 → 256 → 256 → 256 → 256 → 1
 * for an image, ω₀ = 30 in every sine layer.
 */
import { Linear } from '../nn/linear.js';
import { Sequential, type Layer } from '../nn/container.js';
import { SineLayer, checkW0 } from '../nn/sine-layer.js';
import { checkFeatures } from '../nn/linear.js';
import { sirenUniform_ } from '../nn/init.js';
import type { FloatDType } from '../tensor/dtype.js';
import type { Generator } from '../tensor/random.js';
import { oneOf, positiveInt, type ModelBuilder } from './builder.js';

export interface SirenOptions {
  /** Input features (2 for pixel coordinates). */
  in: number;
  /** Width of every sine layer (the paper: 256). */
  hidden: number;
  /** Number of sine layers, the first included (the paper: 4, i.e. its `hidden_layers=3`). */
  layers: number;
  /** Output features (1 for a grey image, 3 for RGB). */
  out: number;
  /** ω₀ of every sine layer (default 30). */
  w0?: number;
  /** 'siren' (default): the paper's init; 'default': every layer keeps Linear's own init (the ablation). */
  init?: 'siren' | 'default';
  dtype?: FloatDType;
  generator?: Generator;
}

/**
 * Builds SIREN as an nn.Sequential of SineLayers and a final Linear. With the paper's init the
 * last layer's weights are drawn like a hidden layer's, U(±√(6/n)/ω₀), as in the SIREN code
 * (`outermost_linear=True`).
 * @example const net = siren({ in: 2, hidden: 256, layers: 4, out: 1 }); net.forward(coords) // [N, 1]
 * @see Sitzmann et al., Implicit Neural Representations with Periodic Activation Functions, 2020
 */
export function siren(options: SirenOptions): Sequential {
  if (typeof options !== 'object' || options === null)
    throw new TypeError(`siren: expected an options object { in, hidden, layers, out }, got ${String(options)}`);
  const inF = checkFeatures(options.in, 'siren', 'in');
  const hidden = checkFeatures(options.hidden, 'siren', 'hidden');
  const layers = checkFeatures(options.layers, 'siren', 'layers');
  const out = checkFeatures(options.out, 'siren', 'out');
  const w0 = checkW0(options.w0 ?? 30, 'siren');
  const init = options.init ?? 'siren';
  if (init !== 'siren' && init !== 'default')
    throw new RangeError(`siren: init must be 'siren' or 'default', got ${JSON.stringify(init)}`);
  const common = {
    w0,
    init,
    ...(options.dtype ? { dtype: options.dtype } : {}),
    ...(options.generator ? { generator: options.generator } : {}),
  };
  const net: Layer[] = [];
  for (let i = 0; i < layers; i++)
    net.push(new SineLayer(i === 0 ? inF : hidden, hidden, { ...common, isFirst: i === 0 }));
  const last = new Linear(hidden, out, {
    ...(options.dtype ? { dtype: options.dtype } : {}),
    ...(options.generator ? { generator: options.generator } : {}),
  });
  if (init === 'siren') sirenUniform_(last.weight, w0, options.generator ? { generator: options.generator } : {});
  net.push(last);
  return new Sequential(...net);
}

/** SIREN as plain data (the `builder` of its model.json). */
export interface SirenSpec {
  readonly kind: 'siren';
  in: number;
  hidden: number;
  layers: number;
  out: number;
  w0?: number;
  init?: 'siren' | 'default';
}

/** The `siren` kind of the model registry (`buildModel({ kind: 'siren', in: 2, hidden: 256, layers: 4, out: 1 })`). */
export const sirenModel: ModelBuilder<SirenSpec> = {
  kind: 'siren',
  summary: 'SIREN: sine layers sin(ω₀·(Wx + b)) with the paper’s init, then a linear output (coordinate networks)',
  build: (spec, options = {}) => siren({ ...spec, ...(options.generator ? { generator: options.generator } : {}) }),
  parse(raw, where) {
    const spec: SirenSpec = {
      kind: 'siren',
      in: positiveInt(raw.in, 'in', where),
      hidden: positiveInt(raw.hidden, 'hidden', where),
      layers: positiveInt(raw.layers, 'layers', where),
      out: positiveInt(raw.out, 'out', where),
    };
    const w0 = raw.w0 === undefined ? undefined : raw.w0;
    if (w0 !== undefined && (typeof w0 !== 'number' || !Number.isFinite(w0) || w0 <= 0))
      throw new RangeError(`${where}: w0 must be a finite number > 0, got ${JSON.stringify(w0)}`);
    return {
      ...spec,
      ...(w0 !== undefined ? { w0: w0 as number } : {}),
      ...(raw.init !== undefined ? { init: oneOf(raw.init, 'init', where, ['siren', 'default'] as const) } : {}),
    };
  },
  describe: (s) =>
    `${s.in} → ${new Array<number>(s.layers).fill(s.hidden).join(' → ')} → ${s.out} (sine, ω₀ = ${s.w0 ?? 30})`,
};
