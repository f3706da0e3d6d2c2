/**
 * actlab's activations inside TensorFlow.js: `registerActlab(tf)` makes every registered actlab
 * activation (built-ins and the user's, as registered when it is called)
 *
 * - a TF.js op with actlab's exact gradient (`tf.customGrad`): `act.ops.gelu(x, { approximate: 'tanh' })`;
 * - a Layers activation named `actlab_<id>` at its default parameters, for every activation that
 *   keeps its input's shape: `tf.layers.dense({ units: 64, activation: 'actlab_gelu' })`;
 * - a Layers layer with any parameter values: `act.layer('leaky_relu', { negativeSlope: 0.2 })`
 *   (class `ActlabActivation`),
 *
 * registered with `tf.serialization`, so models using them save and load with `tf.loadLayersModel`
 * (after `registerActlab(tf)` in the loading program too).
 *
 * How: the op reads x back from the TF.js backend, runs actlab's own float32 forward (the fused
 * kernels `F` uses) and keeps actlab's tape; the gradient function runs actlab's backward for the
 * incoming dy. Values and gradients are therefore actlab's, bit for bit, on any TF.js backend; the
 * price is a synchronous read of x and dy from the backend (cheap on `cpu` and `wasm`, a GPU→CPU
 * copy on `webgl`/`webgpu`).
 *
 * TF.js is an optional peer dependency: this file only imports its types; the `tf` it works with
 * is the caller's instance (`@tensorflow/tfjs`, or `-node`, with any backend).
 */
import type * as TF from '@tensorflow/tfjs';
import type { ActivationSpec } from '../activations/define.js';
import { hasRandomParams, learnableParam } from '../activations/define.js';
import { applyActivation } from '../activations/functional.js';
import { isChoiceParam, paramDefaults } from '../activations/params.js';
import { activations, getActivation } from '../activations/registry.js';
import { runBackward } from '../autograd/backward.js';
import { enableGrad } from '../autograd/grad-mode.js';
import { tensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';

/** The TF.js namespace the caller passes (`import * as tf from '@tensorflow/tfjs'`). */
export type Tfjs = typeof TF;

/** Parameter values by name (numbers; a choice such as GELU's `approximate` as its string). */
export type ActlabTfjsParams = Readonly<Record<string, number | string>>;

/** One activation as a TF.js op: `(x, params?, training?) → y`, differentiable by tf.grad. */
export type ActlabTfjsOp = (x: TF.Tensor, params?: ActlabTfjsParams, training?: boolean) => TF.Tensor;

/** The config of an `ActlabActivation` layer (what model.json stores for it). */
export interface ActlabLayerConfig {
  /** The actlab activation: id, alias or module name (`gelu`, `GELU`, `swish`). */
  activation: string;
  /** Parameter values; omitted ones take the spec's defaults. */
  params?: { [name: string]: number | string };
  name?: string;
  trainable?: boolean;
}

export interface ActlabTfjs {
  /** The TF.js instance this adapter registered into. */
  readonly tf: Tfjs;
  /** An op per activation, by its id in camelCase (`leakyRelu`) and by its id (`leaky_relu`). */
  readonly ops: Readonly<Record<string, ActlabTfjsOp>>;
  /** Any activation by id, alias or module name. */
  apply(activation: string, x: TF.Tensor, params?: ActlabTfjsParams, training?: boolean): TF.Tensor;
  /** A layer applying `activation` with `params` (an `ActlabActivation`). */
  layer(activation: string, params?: ActlabTfjsParams, options?: { name?: string }): TF.layers.Layer;
  /** The Layers activation names registered (`actlab_relu`, `actlab_gelu`, …; not the shape-changing GLUs and maxout). */
  readonly activationNames: readonly string[];
  /** The `ActlabActivation` layer class (registered for serialization). */
  readonly Layer: new (config: ActlabLayerConfig) => TF.layers.Layer;
}

/** The Layers activation name of an activation: `actlab_` + its id. */
export const tfjsActivationName = (id: string): string => `actlab_${id}`;

/**
 * TF.js's toCamelCase (tfjs-layers/src/utils/generic_utils.ts): loadLayersModel passes every string
 * of a saved config through it, so `actlab_gelu` comes back as `actlabGelu` and `leaky_relu` as
 * `leakyRelu` — both spellings must resolve.
 */
const camel = (id: string): string =>
  id.includes('_') ? id.replace(/[_]+(\w|$)/g, (_m, c: string) => c.toUpperCase()) : id;

/** An activation by id, alias or module name, or by its id as TF.js camel-cases it on loading. */
function specOf(name: string): ActivationSpec {
  try {
    return getActivation(name);
  } catch (err) {
    const spec = activations.find((s) => camel(s.id) === name);
    if (spec) return spec;
    throw err;
  }
}

/**
 * actlab's call options for TF.js-level parameter values: a parameter that actlab takes as a
 * tensor (PReLU's weight) becomes a one-value actlab tensor; TF.js layers hold it fixed.
 */
function callOptions(spec: ActivationSpec, params: ActlabTfjsParams, training: boolean): Record<string, unknown> {
  const where = `actlab/tfjs ${spec.id}`;
  if (typeof params !== 'object' || params === null || Array.isArray(params))
    throw new TypeError(`${where}: params must be an object of parameter values, got ${JSON.stringify(params)}`);
  const out: Record<string, unknown> = { ...params };
  const learned = learnableParam(spec);
  const s = learned ? spec.params[learned] : undefined;
  if (learned && s && !isChoiceParam(s) && s.learnable === 'always') {
    const v = params[learned] ?? s.default;
    if (typeof v !== 'number') throw new TypeError(`${where}: ${learned} must be a number, got ${JSON.stringify(v)}`);
    out[learned] = tensor([v]);
  }
  // Training mode matters only where a parameter is random (RReLU draws its slopes).
  if (training && hasRandomParams(spec)) out.training = true;
  return out;
}

/** actlab's forward on x's values, with its tape kept for the gradient. */
function forward(
  spec: ActivationSpec,
  x: TF.Tensor,
  options: Record<string, unknown>,
): { readonly y: Tensor; readonly x: Tensor } {
  if (x.dtype !== 'float32')
    throw new TypeError(`actlab/tfjs ${spec.id}: expected a float32 tensor, got dtype ${x.dtype}`);
  const xa = tensor(x.dataSync() as Float32Array, { shape: x.shape, requiresGrad: true });
  const y = enableGrad(() => applyActivation(spec, xa, options));
  return { y, x: xa };
}

function makeOp(tf: Tfjs, spec: ActivationSpec): ActlabTfjsOp {
  return (x, params = {}, training = false) => {
    const options = callOptions(spec, params, training);
    // One customGrad per call: the closure holds this call's actlab tape for its gradient.
    const op = tf.customGrad(((input: TF.Tensor) => {
      const { y, x: xa } = forward(spec, input, options);
      return {
        value: tf.tensor(y.data as Float32Array, y.shape as number[], 'float32'),
        gradFunc: (dy: TF.Tensor) => {
          xa.grad = null;
          runBackward(y, tensor(dy.dataSync() as Float32Array, { shape: dy.shape }));
          return tf.tensor(xa.grad!.data as Float32Array, xa.shape as number[], 'float32');
        },
      };
    }) as unknown as Parameters<Tfjs['customGrad']>[0]);
    return op(x);
  };
}

/** One adapter per TF.js instance; registering again extends it with activations added since. */
const adapters = new WeakMap<object, ActlabTfjs>();

/**
 * Registers every actlab activation in `tf` (ops, Layers activations `actlab_<id>`, the
 * `ActlabActivation` layer). Call it again after registering more activations with actlab to
 * add them; call it in the program that loads a saved model too, before `tf.loadLayersModel`.
 * @example
 * import * as tf from '@tensorflow/tfjs';
 * import { registerActlab } from 'actlab/tfjs';
 * const act = registerActlab(tf);
 * const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 8, activation: 'actlab_gelu' })] });
 */
export function registerActlab(tf: Tfjs): ActlabTfjs {
  if (typeof tf !== 'object' || tf === null || typeof tf.customGrad !== 'function' || !tf.layers)
    throw new TypeError(
      "registerActlab: expected the TF.js namespace (import * as tf from '@tensorflow/tfjs'), with layers and customGrad",
    );
  const known = adapters.get(tf);
  const ops: Record<string, ActlabTfjsOp> = { ...(known?.ops ?? {}) };
  const names = [...(known?.activationNames ?? [])];
  const Layer = known?.Layer ?? actlabLayerClass(tf);
  for (const spec of activations) {
    const name = tfjsActivationName(spec.id);
    if (ops[spec.id]) continue;
    const op = makeOp(tf, spec);
    ops[spec.id] = op;
    ops[camel(spec.id)] = op;
    // A Layers activation must keep its input's shape (Dense declares its output shape itself): the
    // halving gated units and maxout are layers only (`act.layer('glu')`).
    if (spec.kind === 'dimwise' && spec.outSize) continue;
    // Registered under the name users write and under the name a loaded model.json spells it.
    tf.serialization.registerClass(layersActivationClass(tf, op, name));
    tf.serialization.registerClass(layersActivationClass(tf, op, camel(name)));
    names.push(name);
  }
  const adapter: ActlabTfjs = {
    tf,
    ops,
    activationNames: names,
    Layer,
    apply: (activation, x, params, training) => makeOp(tf, specOf(activation))(x, params, training),
    layer: (activation, params = {}, options = {}) => new Layer({ activation, params: { ...params }, ...options }),
  };
  adapters.set(tf, adapter);
  return adapter;
}

/** The Layers activation `name` (`actlab_<id>`): the spec's op at its default parameters. */
function layersActivationClass(tf: Tfjs, op: ActlabTfjsOp, name: string) {
  return class extends tf.serialization.Serializable {
    static readonly className = name;
    override getClassName(): string {
      return name;
    }
    apply(x: TF.Tensor): TF.Tensor {
      return op(x);
    }
    getConfig(): TF.serialization.ConfigDict {
      return {};
    }
  };
}

/** The `ActlabActivation` layer: any activation with any parameter values, stored in its config. */
function actlabLayerClass(tf: Tfjs): new (config: ActlabLayerConfig) => TF.layers.Layer {
  class ActlabActivation extends tf.layers.Layer {
    static readonly className = 'ActlabActivation';
    private readonly spec: ActivationSpec;
    private readonly params: { [name: string]: number | string };

    constructor(config: ActlabLayerConfig) {
      super(config as ConstructorParameters<typeof TF.layers.Layer>[0]);
      if (typeof config?.activation !== 'string')
        throw new TypeError(
          `ActlabActivation: config.activation must be an actlab activation name, got ${JSON.stringify(config?.activation)}`,
        );
      this.spec = specOf(config.activation);
      this.params = { ...(config.params ?? {}) };
      // Check the values now, not at the first call: actlab's own checks name the bad one.
      const unknown = Object.keys(this.params).filter((k) => !(k in this.spec.params));
      if (unknown.length)
        throw new TypeError(
          `ActlabActivation(${this.spec.id}): unknown parameter '${unknown[0]}' (allowed: ${Object.keys(this.spec.params).join(', ') || 'none'})`,
        );
      applyActivation(this.spec, tensor([0.5, -0.5, 0.25, -0.25]), callOptions(this.spec, this.params, false));
    }

    override computeOutputShape(inputShape: TF.Shape | TF.Shape[]): TF.Shape | TF.Shape[] {
      const spec = this.spec;
      if (spec.kind !== 'dimwise' || !spec.outSize) return inputShape;
      const shape = [...(inputShape as TF.Shape)];
      const values = { ...paramDefaults(spec.params), ...this.params } as Record<string, number | string>;
      const dim = spec.fixedDim?.dim ?? (values.dim as number);
      const a = dim < 0 ? dim + shape.length : dim;
      const size = shape[a];
      if (typeof size === 'number') shape[a] = spec.outSize(size, values as never);
      return shape;
    }

    override call(inputs: TF.Tensor | TF.Tensor[], kwargs: { training?: boolean }): TF.Tensor {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      return makeOp(tf, this.spec)(x, this.params, kwargs?.training === true);
    }

    override getConfig(): TF.serialization.ConfigDict {
      return { ...super.getConfig(), activation: this.spec.id, params: { ...this.params } };
    }
  }
  tf.serialization.registerClass(ActlabActivation);
  return ActlabActivation;
}
