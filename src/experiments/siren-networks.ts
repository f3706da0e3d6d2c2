/**
 * The networks `actlab siren` compares, by name: `sine` (SIREN), `<act>` (an MLP with that
 * elementwise activation) and `<act>_pe` (the same after a positional encoding, e.g. relu_pe,
 * the paper's ReLU + P.E. baseline). Every network has the same width and depth: `layers` hidden
 * layers of `hidden` units and a linear output.
 */
import { getActivation } from '../activations/registry.js';
import { resolveActivation } from '../activations/resolve.js';
import { buildMlp } from '../models/mlp.js';
import type { InitScheme } from '../models/init.js';
import { siren } from '../models/siren.js';
import { Sequential } from '../nn/container.js';
import { PositionalEncoding, nyquistFrequencies } from '../nn/positional-encoding.js';
import type { Generator } from '../tensor/random.js';

/** One network of the comparison, as plain data (it travels to workers and into results.jsonl). */
export type FieldNetwork =
  { kind: 'siren'; w0: number; init: 'siren' | 'default' } | { kind: 'mlp'; act: string; positionalEncoding: boolean };

/** Thrown for a network name that is neither `sine` nor an elementwise activation (± `_pe`). */
export class UnknownNetworkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownNetworkError';
  }
}

/** Aliases of SIREN besides the registry's aliases of `sine` (sin, siren). */
const PE_SUFFIX = '_pe';

/**
 * Parses a network name: `sine` / `siren` / `sin`, an activation id or alias, or either with `_pe`
 * (positional encoding; not for sine). The result for `sine` takes `w0` and `init` as given.
 * @throws UnknownNetworkError naming the name and what is allowed.
 */
export function parseNetwork(name: string, sine: { w0: number; init: 'siren' | 'default' }): FieldNetwork {
  const pe = name.endsWith(PE_SUFFIX) && name.length > PE_SUFFIX.length;
  const base = pe ? name.slice(0, -PE_SUFFIX.length) : name;
  let id: string;
  try {
    const spec = getActivation(base);
    if (spec.kind !== 'elementwise') throw new Error('dim-wise');
    id = spec.id;
  } catch {
    throw new UnknownNetworkError(
      `unknown network '${name}' (expected sine (SIREN), an elementwise activation such as relu, tanh or gelu, or one with _pe for a positional encoding first, e.g. relu_pe)`,
    );
  }
  if (id === 'sine') {
    if (pe) throw new UnknownNetworkError(`unknown network '${name}': SIREN (sine) takes raw coordinates, not _pe`);
    return { kind: 'siren', w0: sine.w0, init: sine.init };
  }
  return { kind: 'mlp', act: id, positionalEncoding: pe };
}

/** A stable key: `sine(w0=30)`, `sine(w0=30,init=default)`, `relu`, `relu_pe`. */
export function networkKey(n: FieldNetwork): string {
  if (n.kind === 'siren') return `sine(w0=${n.w0}${n.init === 'default' ? ',init=default' : ''})`;
  return n.positionalEncoding ? `${n.act}${PE_SUFFIX}` : n.act;
}

/** A label for charts and tables: `SIREN ω₀=30`, `ReLU + P.E. (L=4)`. */
export function networkLabel(n: FieldNetwork, side: number): string {
  if (n.kind === 'siren') return `SIREN ω₀=${n.w0}${n.init === 'default' ? ', default init' : ''}`;
  const name = getActivation(n.act).name;
  return n.positionalEncoding ? `${name} + P.E. (L=${nyquistFrequencies(side)})` : name;
}

/**
 * The init of the baselines, as in the SIREN code: tanh Xavier, everything else Kaiming (with
 * the activation's gain; actlab's schemes draw normal weights and zero biases).
 */
const baselineInit = (act: string): InitScheme => (act === 'tanh' || act === 'sigmoid' ? 'xavier' : 'kaiming');

export interface NetworkShape {
  /** Input features (2 for pixel coordinates). */
  in: number;
  hidden: number;
  /** Hidden layers (SIREN: sine layers). */
  layers: number;
  out: number;
  /** Image side, for the positional encoding's number of frequencies (SIREN's Nyquist rule). */
  side: number;
}

/** Builds a network; its weights come from `generator` alone. */
export function buildNetwork(n: FieldNetwork, shape: NetworkShape, generator: Generator): Sequential {
  if (n.kind === 'siren') {
    return siren({
      in: shape.in,
      hidden: shape.hidden,
      layers: shape.layers,
      out: shape.out,
      w0: n.w0,
      init: n.init,
      generator,
    });
  }
  const pe = n.positionalEncoding ? new PositionalEncoding(shape.in, nyquistFrequencies(shape.side)) : null;
  const mlp = buildMlp({
    inputShape: [pe ? pe.outFeatures : shape.in],
    hidden: new Array<number>(shape.layers).fill(shape.hidden),
    classes: shape.out,
    activation: resolveActivation(n.act),
    init: baselineInit(n.act),
    generator,
  });
  return pe ? new Sequential(pe, ...mlp) : mlp;
}
