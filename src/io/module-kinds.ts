/**
 * The serialisable module kinds: how each library module is written to model.json as plain data
 * (`{ "type": "Linear", "inFeatures": 784, … }`) and rebuilt from it. Parameters and buffers are
 * not here — they go to model.safetensors under their state-dict names. A module type added later
 * (a SIREN SineLayer, a positional encoding) registers itself with {@link registerModuleKind}.
 */
import { Conv2d } from '../nn/conv.js';
import { Linear } from '../nn/linear.js';
import { SineLayer } from '../nn/sine-layer.js';
import { PositionalEncoding } from '../nn/positional-encoding.js';
import { Sequential, type Layer } from '../nn/container.js';
import { MaxPool2d, AvgPool2d } from '../nn/pooling.js';
import { Flatten } from '../nn/shape.js';
import { Dropout } from '../nn/dropout.js';
import { BatchNorm1d, BatchNorm2d } from '../nn/batchnorm.js';
import { Parameter } from '../nn/parameter.js';
import type { AnyModule } from '../nn/module.js';
import type { FloatDType } from '../tensor/dtype.js';
import { Activation, activationModule } from '../nn/activation.js';
import { learnableParam } from '../activations/define.js';
import type { NumberParam } from '../activations/params.js';
import type { JsonValue } from './json.js';

/** A bad or unsupported model file: what was wrong, and where (`model.json: layers[3] (Conv2d): …`). */
export class ModelFileError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelFileError';
  }
}

/** One module in model.json: its kind's `type` and the kind's fields. */
export type ModuleJson = { type: string } & { [field: string]: JsonValue };

/** What a kind's `toJson` / `fromJson` get besides the module or its fields. */
export interface KindContext {
  /** Path of this module in the file, for error messages (`layers[3]`). */
  where: string;
  /** Writes a child module (containers use it). */
  childToJson(m: AnyModule, key: string): ModuleJson;
  /** Rebuilds a child module from its JSON. */
  childFromJson(json: unknown, key: string): AnyModule;
}

/** How one kind of module is written and rebuilt. */
export interface ModuleKind<M extends AnyModule = AnyModule> {
  /** The `type` in model.json; PyTorch's class name where there is one. */
  readonly type: string;
  /** Whether this kind writes `m` (usually: its constructor is exactly the kind's class). */
  matches(m: AnyModule): boolean;
  /** The module's constructor settings as JSON fields (no `type`, no tensors). */
  toJson(m: M, ctx: KindContext): Record<string, JsonValue>;
  /** A module with these settings (fresh weights; the caller loads the state dict). */
  fromJson(fields: Readonly<Record<string, unknown>>, ctx: KindContext): M;
}

// ---- field readers: a bad field names the field, the value and what is allowed -------------

const show = (v: unknown): string => (v === undefined ? 'nothing' : (JSON.stringify(v) ?? String(v)));

function field<T>(f: Readonly<Record<string, unknown>>, name: string, ok: (v: unknown) => boolean, allowed: string): T {
  const v = f[name];
  if (!ok(v)) throw new ModelFileError(`'${name}' must be ${allowed}, got ${show(v)}`);
  return v as T;
}
const isInt = (v: unknown): boolean => Number.isInteger(v);
const int = (f: Readonly<Record<string, unknown>>, name: string): number => field<number>(f, name, isInt, 'an integer');
const bool = (f: Readonly<Record<string, unknown>>, name: string): boolean =>
  field<boolean>(f, name, (v) => typeof v === 'boolean', 'true or false');
const num = (f: Readonly<Record<string, unknown>>, name: string): number =>
  field<number>(f, name, (v) => typeof v === 'number', 'a number');
const dtypeOf = (f: Readonly<Record<string, unknown>>): FloatDType =>
  f.dtype === undefined
    ? 'float32'
    : field<FloatDType>(f, 'dtype', (v) => v === 'float32' || v === 'float64', "'float32' or 'float64'");
const pairOrInt = (v: unknown): boolean =>
  isInt(v) || (Array.isArray(v) && v.length === 2 && v.every((e) => Number.isInteger(e)));
const plainObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The dtype of a module's first float parameter or buffer (float32 when it has none). */
function floatDType(m: AnyModule): FloatDType {
  const t = [...m.parameters(), ...m.namedBuffers().map(([, b]) => b)].find((x) => x.dtype !== 'int32');
  return t ? (t.dtype as FloatDType) : 'float32';
}

/** A kind for exactly one class (subclasses are not silently written as their parent). */
function exact<M extends AnyModule>(
  cls: abstract new (...args: never[]) => M,
  toJson: ModuleKind<M>['toJson'],
  fromJson: ModuleKind<M>['fromJson'],
  type: string = cls.name,
): ModuleKind<M> {
  return { type, matches: (m) => m.constructor === cls, toJson, fromJson };
}

// ---- the library's modules ------------------------------------------------------------------

const sequential = exact<Sequential>(
  Sequential,
  (m, ctx) => ({ layers: [...m].map((layer, i) => ctx.childToJson(layer as unknown as AnyModule, `layers[${i}]`)) }),
  (f, ctx) => {
    const layers = field<unknown[]>(f, 'layers', Array.isArray, 'a list of modules');
    return new Sequential(...layers.map((l, i) => ctx.childFromJson(l, `layers[${i}]`) as unknown as Layer));
  },
);

const linear = exact<Linear>(
  Linear,
  (m) => ({ inFeatures: m.inFeatures, outFeatures: m.outFeatures, bias: m.bias !== null, dtype: m.weight.dtype }),
  (f) => new Linear(int(f, 'inFeatures'), int(f, 'outFeatures'), { bias: bool(f, 'bias'), dtype: dtypeOf(f) }),
);

const sineLayer = exact<SineLayer>(
  SineLayer,
  (m) => ({
    inFeatures: m.inFeatures,
    outFeatures: m.outFeatures,
    bias: m.linear.bias !== null,
    w0: m.w0,
    isFirst: m.isFirst,
    init: m.init,
    dtype: m.linear.weight.dtype,
  }),
  (f) =>
    new SineLayer(int(f, 'inFeatures'), int(f, 'outFeatures'), {
      bias: bool(f, 'bias'),
      w0: num(f, 'w0'),
      isFirst: bool(f, 'isFirst'),
      init: field<'siren' | 'default'>(f, 'init', (v) => v === 'siren' || v === 'default', "'siren' or 'default'"),
      dtype: dtypeOf(f),
    }),
);

const positionalEncoding = exact<PositionalEncoding>(
  PositionalEncoding,
  (m) => ({ inFeatures: m.inFeatures, numFrequencies: m.numFrequencies, includeInput: m.includeInput }),
  (f) =>
    new PositionalEncoding(int(f, 'inFeatures'), int(f, 'numFrequencies'), { includeInput: bool(f, 'includeInput') }),
);

const conv2d = exact<Conv2d>(
  Conv2d,
  (m) => ({
    inChannels: m.inChannels,
    outChannels: m.outChannels,
    kernelSize: [...m.kernelSize],
    stride: [...m.stride],
    padding: typeof m.padding === 'string' ? m.padding : [...m.padding],
    dilation: [...m.dilation],
    bias: m.bias !== null,
    dtype: m.weight.dtype,
  }),
  (f) => {
    const padding = field<[number, number] | 'same' | 'valid'>(
      f,
      'padding',
      (v) => v === 'same' || v === 'valid' || pairOrInt(v),
      "an integer, a pair of integers, 'same' or 'valid'",
    );
    return new Conv2d(
      int(f, 'inChannels'),
      int(f, 'outChannels'),
      field(f, 'kernelSize', pairOrInt, 'an integer or a pair'),
      {
        stride: field(f, 'stride', pairOrInt, 'an integer or a pair'),
        padding,
        dilation: field(f, 'dilation', pairOrInt, 'an integer or a pair'),
        bias: bool(f, 'bias'),
        dtype: dtypeOf(f),
      },
    );
  },
);

/** Pooling layers keep their options object as given (kernelSize, stride, padding…), all plain numbers. */
function pooling(cls: typeof MaxPool2d | typeof AvgPool2d): ModuleKind<MaxPool2d | AvgPool2d> {
  return exact<MaxPool2d | AvgPool2d>(
    cls,
    (m) => ({ options: { ...m.options } as unknown as JsonValue }),
    (f) => {
      const { kernelSize, ...rest } = field<Record<string, unknown>>(f, 'options', plainObject, 'an object');
      if (!pairOrInt(kernelSize))
        throw new ModelFileError(`'options.kernelSize' must be an integer or a pair, got ${show(kernelSize)}`);
      return new cls(kernelSize as never, rest);
    },
  );
}

const flatten = exact<Flatten>(
  Flatten,
  (m) => ({ startDim: m.startDim, endDim: m.endDim }),
  (f) => new Flatten(int(f, 'startDim'), int(f, 'endDim')),
);

const dropout = exact<Dropout>(
  Dropout,
  (m) => ({ p: m.p }),
  (f) => new Dropout(num(f, 'p')),
);

function batchNorm(cls: typeof BatchNorm1d | typeof BatchNorm2d): ModuleKind<BatchNorm1d | BatchNorm2d> {
  return exact<BatchNorm1d | BatchNorm2d>(
    cls,
    (m) => ({
      numFeatures: m.numFeatures,
      eps: m.eps,
      momentum: m.momentum,
      affine: m.affine,
      trackRunningStats: m.trackRunningStats,
      dtype: floatDType(m),
    }),
    (f) =>
      new cls(int(f, 'numFeatures'), {
        eps: num(f, 'eps'),
        momentum: field<number | null>(f, 'momentum', (v) => v === null || typeof v === 'number', 'a number or null'),
        affine: bool(f, 'affine'),
        trackRunningStats: bool(f, 'trackRunningStats'),
        dtype: dtypeOf(f),
      }),
  );
}

/**
 * Every registry activation, built-in or registered: its id, the module name it was made under
 * (`Swish` or `SiLU`), its parameter values, and — when it learns a parameter (PReLU's weight,
 * a learnable Swish β) — the parameter's size and dtype; the learned values are in the weights.
 */
const activation: ModuleKind<Activation> = {
  type: 'Activation',
  matches: (m) => m instanceof Activation,
  toJson(m) {
    const learned = learnableParam(m.spec);
    const tensor = learned ? (m as unknown as Record<string, unknown>)[learned] : undefined;
    const options = { ...m.options } as Record<string, JsonValue>;
    const out: Record<string, JsonValue> = { id: m.spec.id, module: m.constructor.name, options };
    if (learned && (tensor instanceof Parameter || (m.spec.params[learned] as NumberParam).learnable === 'always')) {
      delete options[learned];
    }
    if (learned && tensor instanceof Parameter) {
      out.learned = { name: learned, numParameters: tensor.numel, dtype: tensor.dtype };
    }
    return out;
  },
  fromJson(f) {
    const id = field<string>(f, 'id', (v) => typeof v === 'string', 'an activation id');
    const module =
      f.module === undefined ? id : field<string>(f, 'module', (v) => typeof v === 'string', 'a module name');
    const options = { ...field<Record<string, unknown>>(f, 'options', plainObject, 'an object of parameter values') };
    let Cls;
    try {
      Cls = activationModule(module);
    } catch (err) {
      throw new ModelFileError(
        `activation '${module}' is not registered (${(err as Error).message.split('\n')[0]}); ` +
          'register a custom activation (registerActivation) before loading a model that uses it',
      );
    }
    if (Cls.spec.id !== id) throw new ModelFileError(`module '${module}' is activation '${Cls.spec.id}', not '${id}'`);
    if (f.learned !== undefined) {
      const l = field<Record<string, unknown>>(f, 'learned', plainObject, 'an object { name, numParameters, dtype }');
      const name = learnableParam(Cls.spec);
      if (name === undefined || l.name !== name)
        throw new ModelFileError(`'learned.name' ${show(l.name)} is not a learnable parameter of ${id}`);
      options.numParameters = int(l, 'numParameters');
      options.dtype = dtypeOf(l);
      if ((Cls.spec.params[name] as NumberParam).learnable === 'optional') options.learnable = true;
    }
    return new Cls(options as never) as unknown as Activation;
  },
};

/** The one state object of this file: every kind, built-ins first, then the registered ones. */
export const moduleKinds: { readonly kinds: ModuleKind[] } = {
  kinds: [
    sequential,
    linear,
    sineLayer,
    positionalEncoding,
    conv2d,
    pooling(MaxPool2d),
    pooling(AvgPool2d),
    flatten,
    dropout,
    batchNorm(BatchNorm1d),
    batchNorm(BatchNorm2d),
    activation,
  ] as unknown as ModuleKind[],
};

/**
 * Makes a module type writable to and readable from model.json. Its `type` must be new.
 * @example registerModuleKind({ type: 'SineLayer', matches: (m) => m instanceof SineLayer, toJson: (m) => ({ …settings }), fromJson: (f) => new SineLayer(…) })
 */
export function registerModuleKind<M extends AnyModule>(kind: ModuleKind<M>): ModuleKind<M> {
  if (typeof kind?.type !== 'string' || typeof kind.toJson !== 'function' || typeof kind.fromJson !== 'function')
    throw new TypeError('registerModuleKind: expected { type, matches, toJson, fromJson }');
  if (moduleKinds.kinds.some((k) => k.type === kind.type))
    throw new RangeError(`registerModuleKind: a module kind '${kind.type}' is already registered`);
  moduleKinds.kinds.push(kind as unknown as ModuleKind);
  return kind;
}

/** The kind that writes `m`, or undefined. */
export const kindOfModule = (m: AnyModule): ModuleKind | undefined => moduleKinds.kinds.find((k) => k.matches(m));

/** The kind with this `type`, or undefined. */
export const kindOfType = (type: string): ModuleKind | undefined => moduleKinds.kinds.find((k) => k.type === type);
