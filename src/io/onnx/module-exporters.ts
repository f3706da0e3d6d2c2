/**
 * How each library module becomes ONNX nodes, in eval-mode semantics (Dropout is the identity,
 * BatchNorm uses its running statistics, RReLU its mean slope). Exporters are a registry, like the
 * model-file kinds: a module type added later registers one with {@link registerOnnxExporter}.
 */
import { Conv2d } from '../../nn/conv.js';
import { Linear } from '../../nn/linear.js';
import { Sequential } from '../../nn/container.js';
import { AvgPool2d, MaxPool2d } from '../../nn/pooling.js';
import { Flatten } from '../../nn/shape.js';
import { Dropout } from '../../nn/dropout.js';
import { BatchNorm1d, BatchNorm2d } from '../../nn/batchnorm.js';
import { Parameter } from '../../nn/parameter.js';
import type { AnyModule } from '../../nn/module.js';
import { Activation } from '../../nn/activation.js';
import { learnableParam } from '../../activations/define.js';
import { windowOut } from '../../nn/functional/args.js';
import type { OnnxBuilder, OnnxDim, OnnxValue } from './builder.js';
import { normalizeDim } from '../../tensor/shape.js';

/** A module that cannot be written as ONNX (the message names it and says why). */
export class OnnxExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OnnxExportError';
  }
}

/** What an initializer is made from: a Tensor, or plain values with a shape. */
export interface TensorData {
  readonly data: ArrayLike<number>;
  readonly shape: readonly number[];
}

/** What an exporter gets besides the module and its input. */
export interface OnnxExportContext {
  readonly g: OnnxBuilder;
  /** The module's path for messages (`model[3]`). */
  readonly where: string;
  /** The module's state-dict prefix (`3.`), for initializer names. */
  readonly prefix: string;
  /** A tensor of the module as a float32 initializer named `prefix + name`, reshaped to `shape` if given. */
  weight(name: string, t: TensorData, shape?: readonly number[]): OnnxValue;
  /** Exports a child module under `key` (containers use it). */
  child(m: AnyModule, key: string, x: OnnxValue): OnnxValue;
}

/** How one kind of module is exported. */
export interface OnnxModuleExporter<M extends AnyModule = AnyModule> {
  /** The module type's name, for messages. */
  readonly type: string;
  matches(m: AnyModule): boolean;
  /** Adds the module's nodes for input `x`; returns its output. */
  export(m: M, x: OnnxValue, ctx: OnnxExportContext): OnnxValue;
}

const fail = (ctx: OnnxExportContext, m: AnyModule, why: string): never => {
  throw new OnnxExportError(`toOnnx: ${ctx.where} (${m.constructor.name}) cannot be exported: ${why}`);
};

function requireRank(ctx: OnnxExportContext, m: AnyModule, x: OnnxValue, ranks: readonly number[], what: string): void {
  if (!ranks.includes(x.shape.length))
    fail(
      ctx,
      m,
      `expected input ${what}, got shape [${x.shape.join(', ')}] (check inputShape; it includes the batch dim)`,
    );
}

const exact = <M extends AnyModule>(
  cls: abstract new (...args: never[]) => M,
  exportFn: OnnxModuleExporter<M>['export'],
): OnnxModuleExporter<M> => ({ type: cls.name, matches: (m) => m.constructor === cls, export: exportFn });

/** Output size of one spatial dim (symbolic sizes stay symbolic). */
function spatial(size: OnnxDim, k: number, s: number, padTotal: number, d: number, ceil: boolean): OnnxDim {
  if (typeof size !== 'number') return `${size}'`;
  const p = padTotal / 2; // windowOut takes a per-side pad; totals here are even except for 'same' (stride 1)
  return ceil ? windowOut(size, k, s, p, d, true) : Math.floor((size + padTotal - d * (k - 1) - 1) / s) + 1;
}

// ---- layers ---------------------------------------------------------------------------------

const sequential = exact<Sequential>(Sequential, (m, x, ctx) => {
  let y = x;
  [...m].forEach((layer, i) => {
    y = ctx.child(layer as unknown as AnyModule, String(i), y);
  });
  return y;
});

const linear = exact<Linear>(Linear, (m, x, ctx) => {
  const last = x.shape[x.shape.length - 1];
  if (x.shape.length === 0 || (typeof last === 'number' && last !== m.inFeatures))
    fail(ctx, m, `expected ${m.inFeatures} features in the last dim, got shape [${x.shape.join(', ')}]`);
  const shape = [...x.shape.slice(0, -1), m.outFeatures];
  if (x.shape.length === 2) {
    const inputs = [x, ctx.weight('weight', m.weight), m.bias ? ctx.weight('bias', m.bias) : null];
    return ctx.g.op('Gemm', inputs, { transB: ctx.g.int(1) }, { shape });
  }
  // Gemm is 2-D only: MatMul with the transposed weight, then the bias.
  const w = m.weight.data;
  const t = new Float32Array(w.length);
  for (let o = 0; o < m.outFeatures; o++)
    for (let i = 0; i < m.inFeatures; i++) t[i * m.outFeatures + o] = w[o * m.inFeatures + i]!;
  const wt = ctx.weight('weight_transposed', { data: t, shape: [m.inFeatures, m.outFeatures] });
  const y = ctx.g.op('MatMul', [x, wt], {}, { shape });
  return m.bias ? ctx.g.op('Add', [y, ctx.weight('bias', m.bias)]) : y;
});

const conv2d = exact<Conv2d>(Conv2d, (m, x, ctx) => {
  requireRank(ctx, m, x, [4], `[N, ${m.inChannels}, H, W]`);
  const [kh, kw] = m.kernelSize;
  const [sh, sw] = m.stride;
  const [dh, dw] = m.dilation;
  // ONNX pads: [top, left, bottom, right]. 'same' puts an odd extra row/column at the bottom/right, as torch.
  let pads: number[];
  if (m.padding === 'same') {
    const th = dh * (kh - 1);
    const tw = dw * (kw - 1);
    pads = [Math.floor(th / 2), Math.floor(tw / 2), th - Math.floor(th / 2), tw - Math.floor(tw / 2)];
  } else if (m.padding === 'valid') pads = [0, 0, 0, 0];
  else pads = [m.padding[0], m.padding[1], m.padding[0], m.padding[1]];
  const shape = [
    x.shape[0]!,
    m.outChannels,
    spatial(x.shape[2]!, kh, sh, pads[0]! + pads[2]!, dh, false),
    spatial(x.shape[3]!, kw, sw, pads[1]! + pads[3]!, dw, false),
  ];
  const inputs = [x, ctx.weight('weight', m.weight), m.bias ? ctx.weight('bias', m.bias) : null];
  return ctx.g.op(
    'Conv',
    inputs,
    {
      kernel_shape: ctx.g.ints([kh, kw]),
      strides: ctx.g.ints([sh, sw]),
      pads: ctx.g.ints(pads),
      dilations: ctx.g.ints([dh, dw]),
    },
    { shape },
  );
});

const pair = (
  v: number | readonly number[] | null | undefined,
  fallback: readonly [number, number],
): [number, number] =>
  v === undefined || v === null ? [...fallback] : typeof v === 'number' ? [v, v] : [v[0]!, v[1]!];

const maxPool = exact<MaxPool2d>(MaxPool2d, (m, x, ctx) => {
  requireRank(ctx, m, x, [4], '[N, C, H, W]');
  const o = m.options;
  const k = pair(o.kernelSize, [1, 1]);
  const s = pair(o.stride, k);
  const p = pair(o.padding, [0, 0]);
  const d = pair(o.dilation, [1, 1]);
  const ceil = o.ceilMode ?? false;
  const shape = [
    x.shape[0]!,
    x.shape[1]!,
    ...[0, 1].map((i) => spatial(x.shape[2 + i]!, k[i]!, s[i]!, 2 * p[i]!, d[i]!, ceil)),
  ];
  const g = ctx.g;
  return g.op(
    'MaxPool',
    [x],
    {
      kernel_shape: g.ints(k),
      strides: g.ints(s),
      pads: g.ints([p[0], p[1], p[0], p[1]]),
      dilations: g.ints(d),
      ceil_mode: g.int(ceil ? 1 : 0),
    },
    { shape },
  );
});

const avgPool = exact<AvgPool2d>(AvgPool2d, (m, x, ctx) => {
  requireRank(ctx, m, x, [4], '[N, C, H, W]');
  const o = m.options;
  const k = pair(o.kernelSize, [1, 1]);
  const s = pair(o.stride, k);
  const p = pair(o.padding, [0, 0]);
  const ceil = o.ceilMode ?? false;
  const includePad = o.countIncludePad ?? true;
  const divisor = o.divisorOverride ?? null;
  // A divisor override divides every window's sum by it: the padded mean × kh·kw/divisor, when every
  // window is whole (no ceil mode). In ceil mode windows at the edge are cut short; not exportable.
  if (divisor !== null && ceil)
    fail(ctx, m, 'divisorOverride with ceilMode has no ONNX form (edge windows are cut short)');
  const shape = [
    x.shape[0]!,
    x.shape[1]!,
    ...[0, 1].map((i) => spatial(x.shape[2 + i]!, k[i]!, s[i]!, 2 * p[i]!, 1, ceil)),
  ];
  const g = ctx.g;
  const y = g.op(
    'AveragePool',
    [x],
    {
      kernel_shape: g.ints(k),
      strides: g.ints(s),
      pads: g.ints([p[0], p[1], p[0], p[1]]),
      ceil_mode: g.int(ceil ? 1 : 0),
      count_include_pad: g.int(includePad || divisor !== null ? 1 : 0),
    },
    { shape },
  );
  return divisor === null ? y : g.op('Mul', [y, g.constant((k[0] * k[1]) / divisor)]);
});

const flatten = exact<Flatten>(Flatten, (m, x, ctx) => {
  const rank = x.shape.length;
  const where = `${ctx.where} (Flatten)`;
  const start = normalizeDim(m.startDim, rank, where);
  const end = normalizeDim(m.endDim, rank, where);
  if (start > end) fail(ctx, m, `startDim ${m.startDim} comes after endDim ${m.endDim} for rank ${rank}`);
  const merged = x.shape.slice(start, end + 1);
  const size: OnnxDim = merged.every((d) => typeof d === 'number')
    ? (merged as number[]).reduce((a, b) => a * b, 1)
    : merged.join('*');
  const shape = [...x.shape.slice(0, start), size, ...x.shape.slice(end + 1)];
  if (start === end) return x;
  // ONNX Flatten makes [prod(dims < axis), prod(dims ≥ axis)]: torch's Flatten(1, -1) exactly.
  if (start === 1 && end === rank - 1) return ctx.g.op('Flatten', [x], { axis: ctx.g.int(1) }, { shape });
  const after = x.shape.slice(end + 1);
  if (after.some((d) => typeof d !== 'number') || (typeof size !== 'number' && after.length > 0))
    fail(ctx, m, `the dims after endDim must be static to export, got [${x.shape.join(', ')}]`);
  const target = [...Array<number>(start).fill(0), typeof size === 'number' ? size : -1, ...(after as number[])];
  return ctx.g.op('Reshape', [x, ctx.g.constant(target, { type: 'int64' })], {}, { shape });
});

// Eval mode: the identity (the graph output gets an Identity node if nothing follows).
const dropout = exact<Dropout>(Dropout, (_m, x) => x);

function batchNorm(cls: typeof BatchNorm1d | typeof BatchNorm2d): OnnxModuleExporter<BatchNorm1d | BatchNorm2d> {
  return exact<BatchNorm1d | BatchNorm2d>(cls, (m, x, ctx) => {
    requireRank(
      ctx,
      m,
      x,
      cls === BatchNorm2d ? [4] : [2, 3],
      cls === BatchNorm2d ? '[N, C, H, W]' : '[N, C] or [N, C, L]',
    );
    const g = ctx.g;
    const C = m.numFeatures;
    const perChannel = [C, ...Array<number>(x.shape.length - 2).fill(1)];
    const scale = m.weight ? ctx.weight('weight', m.weight) : g.constant(Array<number>(C).fill(1), { dims: [C] });
    const bias = m.bias ? ctx.weight('bias', m.bias) : g.constant(Array<number>(C).fill(0), { dims: [C] });
    const buffers = new Map(m.namedBuffers());
    const mean = buffers.get('running_mean');
    const variance = buffers.get('running_var');
    if (m.trackRunningStats && mean && variance) {
      return g.op(
        'BatchNormalization',
        [x, scale, bias, ctx.weight('running_mean', mean), ctx.weight('running_var', variance)],
        { epsilon: m.eps },
        { shape: x.shape },
      );
    }
    // Without running statistics eval mode normalises by the batch's own mean and biased variance.
    const axes = [0, ...Array.from({ length: x.shape.length - 2 }, (_, i) => i + 2)];
    const mu = g.reduce('ReduceMean', x, axes, true);
    const centred = g.op('Sub', [x, mu]);
    const v = g.reduce('ReduceMean', g.op('Mul', [centred, centred]), axes, true);
    const normed = g.op('Div', [centred, g.op('Sqrt', [g.op('Add', [v, g.constant(m.eps)])])]);
    const reshape = (t: OnnxValue): OnnxValue =>
      g.op('Reshape', [t, g.constant(perChannel, { type: 'int64' })], {}, { shape: perChannel });
    return g.op('Add', [g.op('Mul', [normed, reshape(scale)]), reshape(bias)]);
  });
}

/**
 * Every activation whose spec declares its ONNX form (`onnx` in defineActivation): the spec writes
 * it; learned parameters become initializers the form receives.
 */
const activation: OnnxModuleExporter<Activation> = {
  type: 'Activation',
  matches: (m) => m instanceof Activation,
  export(m, x, ctx) {
    const spec = m.spec;
    if (!spec.onnx) {
      throw new OnnxExportError(
        `toOnnx: ${ctx.where} (${m.constructor.name}) cannot be exported: activation '${spec.id}' has no ONNX form ` +
          '(its spec declares no onnx(g, x, p); see docs/interop.md)',
      );
    }
    const name = learnableParam(spec);
    const tensor = name ? (m as unknown as Record<string, unknown>)[name] : undefined;
    let learned: OnnxValue | undefined;
    if (name && tensor instanceof Parameter) {
      // One value, or one per channel (dim 1, as torch's PReLU): [C, 1, …] broadcasts against [N, C, …].
      const n = tensor.numel;
      const shape = n === 1 ? [1] : [n, ...Array<number>(Math.max(0, x.shape.length - 2)).fill(1)];
      learned = ctx.weight(name, tensor, shape);
    }
    try {
      return spec.onnx(ctx.g, x, m.options as never, learned);
    } catch (err) {
      if (err instanceof OnnxExportError) throw err;
      throw new OnnxExportError(`toOnnx: ${ctx.where} (${m.constructor.name}): ${(err as Error).message}`);
    }
  },
};

/** The one state object of this file: every exporter, built-ins first, then the registered ones. */
export const onnxExporters: { readonly exporters: OnnxModuleExporter[] } = {
  exporters: [
    sequential,
    linear,
    conv2d,
    maxPool,
    avgPool,
    flatten,
    dropout,
    batchNorm(BatchNorm1d),
    batchNorm(BatchNorm2d),
    activation,
  ] as unknown as OnnxModuleExporter[],
};

/**
 * Makes a module type exportable to ONNX. Its `type` must be new.
 * @example registerOnnxExporter({ type: 'SineLayer', matches: (m) => m instanceof SineLayer, export: (m, x, ctx) => … })
 */
export function registerOnnxExporter<M extends AnyModule>(exporter: OnnxModuleExporter<M>): OnnxModuleExporter<M> {
  if (
    typeof exporter?.type !== 'string' ||
    typeof exporter.matches !== 'function' ||
    typeof exporter.export !== 'function'
  )
    throw new TypeError('registerOnnxExporter: expected { type, matches, export }');
  if (onnxExporters.exporters.some((e) => e.type === exporter.type))
    throw new RangeError(`registerOnnxExporter: an exporter for '${exporter.type}' is already registered`);
  onnxExporters.exporters.push(exporter as unknown as OnnxModuleExporter);
  return exporter;
}

export const exporterOf = (m: AnyModule): OnnxModuleExporter | undefined =>
  onnxExporters.exporters.find((e) => e.matches(m));
