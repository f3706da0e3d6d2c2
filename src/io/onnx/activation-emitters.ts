/**
 * How each registry activation is written in ONNX, keyed by id: a native op where the opset being
 * written has one, else an exact decomposition into ops every opset ≥ 13 has. Each emitter gets
 * the parameter values, the graph and the input, and — for a learned parameter (PReLU's weight,
 * a learnable β) — its initializer, shaped to broadcast against x's channel dim 1.
 *
 * Traps of torch's own exporter avoided here: Softplus' `threshold` is not part of ONNX Softplus
 * (its linear branch is a Where); HardSigmoid's ONNX defaults are alpha 0.2, torch's slope is 1/6;
 * Softshrink is Shrink with bias = λ (Hardshrink bias 0); Softmin is Softmax(−x); RReLU exports
 * its eval form, LeakyReLU with the mean slope; GELU decomposes through Erf, not a polynomial.
 */
import type { OnnxBuilder, OnnxValue } from './builder.js';
import { normalizeAxis } from './builder.js';

/** Parameter values by name (choices as their strings). */
export type OnnxParams = Readonly<Record<string, number | string>>;

/** Writes one activation: returns the value holding its output. */
export type OnnxEmitter = (p: OnnxParams, g: OnnxBuilder, x: OnnxValue, learned?: OnnxValue) => OnnxValue;

const num = (p: OnnxParams, k: string): number => p[k] as number;

// torch's SELU constants (torch/nn/functional.py and ATen's Activation.cpp).
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;
const K_BETA = Math.SQRT2 * (2 / Math.sqrt(Math.PI)) * 0.5; // √(2/π)
const K_KAPPA = 0.044715;

/** GELU: native from opset 20; below, ½x(1 + erf(x/√2)) or the tanh form, as torch.onnx writes them. */
function gelu(g: OnnxBuilder, x: OnnxValue, approximate: string): OnnxValue {
  if (g.opset >= 20) return g.op('Gelu', [x], { approximate });
  const half = g.op('Mul', [x, g.constant(0.5)]);
  if (approximate === 'tanh') {
    const cube = g.op('Mul', [g.op('Mul', [x, x]), x]);
    const inner = g.op('Mul', [g.op('Add', [x, g.op('Mul', [cube, g.constant(K_KAPPA)])]), g.constant(K_BETA)]);
    return g.op('Mul', [half, g.op('Add', [g.op('Tanh', [inner]), g.constant(1)])]);
  }
  const erf = g.op('Erf', [g.op('Div', [x, g.constant(Math.SQRT2)])]);
  return g.op('Mul', [half, g.op('Add', [erf, g.constant(1)])]);
}

/**
 * x·σ(βx): the native Swish (opset 24) for a fixed β, else x·Sigmoid(x) or x·Sigmoid(βx). Swish is an
 * ONNX function op; onnxruntime 1.30 runs it in opset-24 models but finds no implementation for it in
 * opset-25/26 models ("Could not find an implementation for Swish(24)"), so those get the decomposition.
 */
function silu(g: OnnxBuilder, x: OnnxValue, beta: number, learned?: OnnxValue): OnnxValue {
  if (learned) return g.op('Mul', [x, g.op('Sigmoid', [g.op('Mul', [x, learned])])]);
  if (g.opset === 24) return g.op('Swish', [x], { alpha: beta });
  const gate = beta === 1 ? g.op('Sigmoid', [x]) : g.op('Sigmoid', [g.op('Mul', [x, g.constant(beta)])]);
  return g.op('Mul', [x, gate]);
}

const hardSigmoid = (g: OnnxBuilder, x: OnnxValue): OnnxValue => g.op('HardSigmoid', [x], { alpha: 1 / 6, beta: 0.5 });

/** a ⊗ gate(b) over the halves (a, b) of `dim`. */
function gated(id: string, gate: (g: OnnxBuilder, b: OnnxValue) => OnnxValue): OnnxEmitter {
  return (p, g, x) => {
    const dim = num(p, 'dim');
    const size = x.shape[normalizeAxis(dim, x.shape.length, id)];
    if (typeof size === 'number' && size % 2 !== 0)
      throw new RangeError(`${id}: dim ${dim} has odd size ${size}; it must be even to split into halves a and b`);
    const [a, b] = g.split(x, dim, 2) as [OnnxValue, OnnxValue];
    return g.op('Mul', [a, gate(g, b)]);
  };
}

/** A static size along `axis`, or an error naming what needed it. */
function staticSize(x: OnnxValue, axis: number, what: string): number {
  const size = x.shape[axis];
  if (typeof size !== 'number')
    throw new RangeError(`${what}: the size of dim ${axis} must be static to export, got '${String(size)}'`);
  return size;
}

/**
 * Sparsemax along `dim`: sort descending (TopK), k* = #{k : 1 + k·z₍ₖ₎ > Σ_{i≤k} z₍ᵢ₎} (the
 * support is a prefix of the sorted slice), τ = (Σ_{i≤k*} z₍ᵢ₎ − 1)/k*, y = max(x − τ, 0).
 */
function sparsemax(p: OnnxParams, g: OnnxBuilder, x: OnnxValue): OnnxValue {
  const rank = x.shape.length;
  const a = normalizeAxis(num(p, 'dim'), rank, 'sparsemax');
  const K = staticSize(x, a, 'sparsemax');
  const [sorted] = g.ops(
    'TopK',
    [x, g.constant([K], { type: 'int64' })],
    { axis: g.int(a), largest: g.int(1), sorted: g.int(1) },
    [{ shape: x.shape }, { shape: x.shape, type: 'int64' }],
  ) as [OnnxValue, OnnxValue];
  const cumsum = g.op('CumSum', [sorted, g.constant(a, { type: 'int64' })]);
  const ks = g.constant(
    Array.from({ length: K }, (_, i) => i + 1),
    { dims: [K, ...Array<number>(rank - a - 1).fill(1)] },
  );
  const inSupport = g.op(
    'Greater',
    [g.op('Add', [g.op('Mul', [ks, sorted]), g.constant(1)]), cumsum],
    {},
    { type: 'bool' },
  );
  const kStar = g.reduce('ReduceSum', g.op('Cast', [inSupport], { to: g.int(1) }, { type: 'float' }), [a], true);
  const last = g.op('Cast', [g.op('Sub', [kStar, g.constant(1)])], { to: g.int(7) }, { type: 'int64' });
  const sum = g.op('GatherElements', [cumsum, last], { axis: g.int(a) }, { shape: last.shape, type: 'float' });
  const tau = g.op('Div', [g.op('Sub', [sum, g.constant(1)]), kStar]);
  return g.op('Relu', [g.op('Sub', [x, tau])]);
}

/** Maxout: reshape dim C into [C/k, k] and take the max over the k axis. */
function maxout(p: OnnxParams, g: OnnxBuilder, x: OnnxValue): OnnxValue {
  const rank = x.shape.length;
  const a = normalizeAxis(num(p, 'dim'), rank, 'maxout');
  const k = num(p, 'k');
  const C = staticSize(x, a, 'maxout');
  if (C % k !== 0) throw new RangeError(`maxout: dim ${a} has size ${C}, which is not divisible by k = ${k}`);
  const after = x.shape.slice(a + 1);
  const dynamicAfter = after.filter((d) => typeof d !== 'number').length;
  if (dynamicAfter > 1)
    throw new RangeError(`maxout: at most one dynamic dim may follow dim ${a} to export, got [${x.shape.join(', ')}]`);
  // 0 copies a leading dim (static or not); one dynamic trailing dim is inferred (-1).
  const target = [...Array<number>(a).fill(0), C / k, k, ...after.map((d) => (typeof d === 'number' ? d : -1))];
  const grouped = g.op(
    'Reshape',
    [x, g.constant(target, { type: 'int64' })],
    {},
    {
      shape: [...x.shape.slice(0, a), C / k, k, ...after],
    },
  );
  return g.reduce('ReduceMax', grouped, [a + 1], false);
}

/** The `dim` parameter as an INT attribute, checked against x's rank. */
function axis(p: OnnxParams, x: OnnxValue, id: string, g: OnnxBuilder): ReturnType<OnnxBuilder['int']> {
  normalizeAxis(num(p, 'dim'), x.shape.length, id);
  return g.int(num(p, 'dim'));
}

/** Every built-in activation's ONNX form, by id. */
export const activationEmitters: Readonly<Record<string, OnnxEmitter>> = {
  identity: (_p, g, x) => g.op('Identity', [x]),
  // torch.heaviside has no ONNX op: 1 above 0, `value` at 0, 0 below.
  heaviside: (p, g, x) => {
    const zero = g.constant(0);
    const atZero = g.op('Where', [g.op('Equal', [x, zero], {}, { type: 'bool' }), g.constant(num(p, 'value')), zero]);
    return g.op('Where', [g.op('Greater', [x, zero], {}, { type: 'bool' }), g.constant(1), atZero]);
  },
  sigmoid: (_p, g, x) => g.op('Sigmoid', [x]),
  tanh: (_p, g, x) => g.op('Tanh', [x]),
  relu: (_p, g, x) => g.op('Relu', [x]),
  leaky_relu: (p, g, x) => g.op('LeakyRelu', [x], { alpha: num(p, 'negativeSlope') }),
  prelu: (p, g, x, learned) => g.op('PRelu', [x, learned ?? g.constant(num(p, 'weight'))]),
  // Eval mode: the mean slope (training draws a slope per element, which ONNX cannot express).
  rrelu: (p, g, x) => g.op('LeakyRelu', [x], { alpha: (num(p, 'lower') + num(p, 'upper')) / 2 }),
  relu6: (_p, g, x) => g.op('Clip', [x, g.constant(0), g.constant(6)]),
  elu: (p, g, x) => g.op('Elu', [x], { alpha: num(p, 'alpha') }),
  selu: (_p, g, x) => g.op('Selu', [x], { alpha: SELU_ALPHA, gamma: SELU_SCALE }),
  celu: (p, g, x) => g.op('Celu', [x], { alpha: num(p, 'alpha') }),
  gelu: (p, g, x) => gelu(g, x, p.approximate as string),
  silu: (p, g, x, learned) => silu(g, x, num(p, 'beta'), learned),
  mish: (_p, g, x) => (g.opset >= 18 ? g.op('Mish', [x]) : g.op('Mul', [x, g.op('Tanh', [g.op('Softplus', [x])])])),
  // ONNX Softplus has no β or threshold: softplus(βx)/β, and x itself where βx > threshold (torch's switch).
  softplus: (p, g, x) => {
    const beta = num(p, 'beta');
    const threshold = num(p, 'threshold');
    const bx = beta === 1 ? x : g.op('Mul', [x, g.constant(beta)]);
    const soft = beta === 1 ? g.op('Softplus', [x]) : g.op('Div', [g.op('Softplus', [bx]), g.constant(beta)]);
    if (threshold === Infinity) return soft;
    return g.op('Where', [g.op('Greater', [bx, g.constant(threshold)], {}, { type: 'bool' }), x, soft]);
  },
  softsign: (_p, g, x) => g.op('Softsign', [x]),
  // Clip with an omitted bound where the bound is infinite.
  hardtanh: (p, g, x) => {
    const bound = (v: number): OnnxValue | null => (Number.isFinite(v) ? g.constant(v) : null);
    return g.op('Clip', [x, bound(num(p, 'minVal')), bound(num(p, 'maxVal'))]);
  },
  // torch's slope is 1/6; ONNX HardSigmoid's default alpha is 0.2.
  hardsigmoid: (_p, g, x) => hardSigmoid(g, x),
  hardswish: (_p, g, x) => (g.opset >= 14 ? g.op('HardSwish', [x]) : g.op('Mul', [x, hardSigmoid(g, x)])),
  logsigmoid: (_p, g, x) => g.op('Neg', [g.op('Softplus', [g.op('Neg', [x])])]),
  hardshrink: (p, g, x) => g.op('Shrink', [x], { lambd: num(p, 'lambd'), bias: 0 }),
  softshrink: (p, g, x) => g.op('Shrink', [x], { lambd: num(p, 'lambd'), bias: num(p, 'lambd') }),
  tanhshrink: (_p, g, x) => g.op('Sub', [x, g.op('Tanh', [x])]),
  threshold: (p, g, x) => {
    const th = num(p, 'threshold');
    const value = num(p, 'value');
    if (value === 0) return g.op('ThresholdedRelu', [x], { alpha: th });
    return g.op('Where', [g.op('LessOrEqual', [x, g.constant(th)], {}, { type: 'bool' }), g.constant(value), x]);
  },
  // (x + √(x² + b))/2 cancels for x < 0: b/(2(√(x² + b) − x)) there; x² overflows float32 past 1.8e19,
  // where √(x² + b) is |x| to the last bit anyway.
  squareplus: (p, g, x) => {
    const b = g.constant(num(p, 'b'));
    const abs = g.op('Abs', [x]);
    const sqrt = g.op('Sqrt', [g.op('Add', [g.op('Mul', [x, x]), b])]);
    const r = g.op('Where', [g.op('Greater', [abs, g.constant(1e18)], {}, { type: 'bool' }), abs, sqrt]);
    const left = g.op('Div', [b, g.op('Mul', [g.op('Sub', [r, x]), g.constant(2)])]);
    const right = g.op('Mul', [g.op('Add', [x, r]), g.constant(0.5)]);
    return g.op('Where', [g.op('Less', [x, g.constant(0)], {}, { type: 'bool' }), left, right]);
  },
  squared_relu: (_p, g, x) => {
    const r = g.op('Relu', [x]);
    return g.op('Mul', [r, r]);
  },
  snake: (p, g, x) => {
    const alpha = g.constant(num(p, 'alpha'));
    const s = g.op('Sin', [g.op('Mul', [x, alpha])]);
    return g.op('Add', [x, g.op('Div', [g.op('Mul', [s, s]), alpha])]);
  },
  sine: (p, g, x) => g.op('Sin', [g.op('Mul', [x, g.constant(num(p, 'w0'))])]),
  tanhexp: (_p, g, x) => g.op('Mul', [x, g.op('Tanh', [g.op('Exp', [x])])]),
  serf: (_p, g, x) => g.op('Mul', [x, g.op('Erf', [g.op('Softplus', [x])])]),
  softmax: (p, g, x) => g.op('Softmax', [x], { axis: axis(p, x, 'softmax', g) }),
  softmin: (p, g, x) => g.op('Softmax', [g.op('Neg', [x])], { axis: axis(p, x, 'softmin', g) }),
  log_softmax: (p, g, x) => g.op('LogSoftmax', [x], { axis: axis(p, x, 'log_softmax', g) }),
  softmax2d: (_p, g, x) => {
    if (x.shape.length !== 3 && x.shape.length !== 4)
      throw new RangeError(`softmax2d: expected a 3-D or 4-D input, got shape [${x.shape.join(', ')}]`);
    return g.op('Softmax', [x], { axis: g.int(-3) });
  },
  sparsemax,
  glu: gated('glu', (g, b) => g.op('Sigmoid', [b])),
  swiglu: gated('swiglu', (g, b) => silu(g, b, 1)),
  geglu: gated('geglu', (g, b) => gelu(g, b, 'none')),
  reglu: gated('reglu', (g, b) => g.op('Relu', [b])),
  maxout,
};
