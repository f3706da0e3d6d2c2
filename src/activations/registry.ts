/**
 * The registry: every built-in activation in a stable order (docs, listings and tests follow
 * it), plus the ones users register. Adding an activation = its file + one line below; a test
 * fails when a spec file is left out.
 */
import type { ActivationSpec } from './define.js';
import { camelCase } from './names.js';
import { identity } from './identity.js';
import { heaviside } from './heaviside.js';
import { sigmoid } from './sigmoid.js';
import { tanh } from './tanh.js';
import { relu } from './relu.js';
import { leakyRelu } from './leaky_relu.js';
import { prelu } from './prelu.js';
import { rrelu } from './rrelu.js';
import { relu6 } from './relu6.js';
import { elu } from './elu.js';
import { selu } from './selu.js';
import { celu } from './celu.js';
import { gelu } from './gelu.js';
import { silu } from './silu.js';
import { mish } from './mish.js';
import { softplus } from './softplus.js';
import { softsign } from './softsign.js';
import { hardtanh } from './hardtanh.js';
import { hardsigmoid } from './hardsigmoid.js';
import { hardswish } from './hardswish.js';
import { logsigmoid } from './logsigmoid.js';
import { hardshrink } from './hardshrink.js';
import { softshrink } from './softshrink.js';
import { tanhshrink } from './tanhshrink.js';
import { threshold } from './threshold.js';
import { squareplus } from './squareplus.js';
import { squaredRelu } from './squared_relu.js';
import { snake } from './snake.js';
import { sine } from './sine.js';
import { tanhexp } from './tanhexp.js';
import { serf } from './serf.js';
import { square } from './square.js';
import { smoothRelu } from './smooth_relu.js';
import { softmax } from './softmax.js';
import { softmin } from './softmin.js';
import { logSoftmax } from './log_softmax.js';
import { softmax2d } from './softmax2d.js';
import { sparsemax } from './sparsemax.js';
import { glu } from './glu.js';
import { swiglu } from './swiglu.js';
import { geglu } from './geglu.js';
import { reglu } from './reglu.js';
import { maxout } from './maxout.js';
import { editDistance } from '../util/edit-distance.js';

export const builtinActivations = [
  identity,
  heaviside,
  sigmoid,
  tanh,
  relu,
  leakyRelu,
  prelu,
  rrelu,
  relu6,
  elu,
  selu,
  celu,
  gelu,
  silu,
  mish,
  softplus,
  softsign,
  hardtanh,
  hardsigmoid,
  hardswish,
  logsigmoid,
  hardshrink,
  softshrink,
  tanhshrink,
  threshold,
  squareplus,
  squaredRelu,
  snake,
  sine,
  tanhexp,
  serf,
  square,
  smoothRelu,
  softmax,
  softmin,
  logSoftmax,
  softmax2d,
  sparsemax,
  glu,
  swiglu,
  geglu,
  reglu,
  maxout,
] as const;

export type BuiltinActivation = (typeof builtinActivations)[number];
export type BuiltinActivationId = BuiltinActivation['id'];

/** The one state object of the registry: specs in order, and every name that finds one. */
export const registry: { readonly specs: ActivationSpec[]; readonly byName: Map<string, ActivationSpec> } = {
  specs: [],
  byName: new Map(),
};

/** Every registered activation, built-ins first, in a stable order (a live view). */
export const activations: readonly ActivationSpec[] = registry.specs;

/** Names a spec is found by: id, aliases, the F name (camelCase) and its module names. */
function namesOf(spec: ActivationSpec): string[] {
  return [...new Set([spec.id, ...spec.aliases, camelCase(spec.id), spec.torchName, ...spec.moduleAliases])];
}

/**
 * Adds an activation made with `defineActivation`; it then works with `applyActivation`,
 * `activationModule`, listings and plots. Its names must not clash with registered ones.
 */
export function registerActivation<S extends ActivationSpec>(spec: S): S {
  if (typeof spec !== 'object' || spec === null || typeof spec.id !== 'string' || !('kernel' in spec)) {
    throw new TypeError('registerActivation: expected a spec made by defineActivation');
  }
  for (const name of namesOf(spec)) {
    const taken = registry.byName.get(name);
    if (taken && taken !== spec) {
      throw new RangeError(`registerActivation: the name '${name}' of '${spec.id}' is already taken by '${taken.id}'`);
    }
  }
  if (registry.specs.includes(spec)) return spec;
  registry.specs.push(spec);
  for (const name of namesOf(spec)) registry.byName.set(name, spec);
  return spec;
}

for (const spec of builtinActivations) registerActivation(spec as ActivationSpec);

/** The `count` registered ids nearest to `name` (by edit distance to any of their names). */
export function nearestActivations(name: string, count = 3): string[] {
  const key = name.toLowerCase();
  return registry.specs
    .map((s) => ({ id: s.id, d: Math.min(...namesOf(s).map((n) => editDistance(key, n.toLowerCase()))) }))
    .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
    .slice(0, count)
    .map((e) => e.id);
}

/**
 * The spec for an id, alias, F name or module name (`leaky_relu`, `lrelu`, `leakyRelu`,
 * `LeakyReLU`). An unknown name throws a RangeError listing the nearest ids.
 */
export function getActivation(name: string): ActivationSpec {
  if (typeof name !== 'string')
    throw new TypeError(`getActivation: expected an activation id (a string), got ${typeof name}`);
  const spec = registry.byName.get(name);
  if (spec) return spec;
  throw new RangeError(
    `getActivation: unknown activation '${name}' (nearest: ${nearestActivations(name).join(', ')}; ` +
      `${registry.specs.length} are registered, listed by \`activations\`)`,
  );
}
