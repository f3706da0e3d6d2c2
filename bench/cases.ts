/**
 * What the benchmark runs, and how each engine spells it: activations (actlab id and options,
 * the TF.js expression and whether TF.js has a kernel for it, the PyTorch call, the ONNX node),
 * GEMM shapes and the training configurations.
 */
import type * as TF from '@tensorflow/tfjs';
import type { OnnxGraph } from './lib/onnx.js';

type T = TF.Tensor;
type Tf = typeof TF;

export interface ActivationCase {
  /** Row label (an actlab id, or id + variant). */
  name: string;
  id: string;
  options?: Record<string, unknown>;
  /** TF.js: the expression, and whether TF.js computes it with one kernel of its own. */
  tf: { f: (tf: Tf, x: T) => T; native: boolean };
  /** PyTorch: a call on `x` (F = torch.nn.functional). */
  torch: string;
  /** ONNX nodes from 'x' to 'y' (plus initializers), or why there is none. */
  onnx: Omit<OnnxGraph, 'inputs' | 'outputs'> | string;
  /** Piecewise linear: its target is the memory floor. */
  piecewise?: boolean;
  /** PyTorch's kernel is slow here (target ≥ 1× PyTorch instead of 0.5×). */
  torchSlow?: boolean;
}

const node = (op: string, attributes: Record<string, unknown> = {}, opset = 13, inputs = ['x']) => ({
  nodes: [{ op, inputs, outputs: ['y'], attributes: attributes as never }],
  opset,
});
const scalar = (v: number) => ({ dims: [], values: [v] });

export const ACTIVATIONS: readonly ActivationCase[] = [
  {
    name: 'relu',
    id: 'relu',
    piecewise: true,
    tf: { f: (tf, x) => tf.relu(x), native: true },
    torch: 'F.relu(x)',
    onnx: node('Relu'),
  },
  {
    name: 'leaky_relu',
    id: 'leaky_relu',
    piecewise: true,
    tf: { f: (tf, x) => tf.leakyRelu(x, 0.01), native: true },
    torch: 'F.leaky_relu(x, 0.01)',
    onnx: node('LeakyRelu', { alpha: { float: 0.01 } }),
  },
  {
    name: 'relu6',
    id: 'relu6',
    piecewise: true,
    tf: { f: (tf, x) => tf.relu6(x), native: true },
    torch: 'F.relu6(x)',
    onnx: { ...node('Clip', {}, 13, ['x', 'lo', 'hi']), initializers: { lo: scalar(0), hi: scalar(6) } },
  },
  {
    name: 'hardtanh',
    id: 'hardtanh',
    piecewise: true,
    tf: { f: (tf, x) => tf.clipByValue(x, -1, 1), native: true },
    torch: 'F.hardtanh(x)',
    onnx: { ...node('Clip', {}, 13, ['x', 'lo', 'hi']), initializers: { lo: scalar(-1), hi: scalar(1) } },
  },
  {
    name: 'hardsigmoid',
    id: 'hardsigmoid',
    piecewise: true,
    tf: { f: (tf, x) => tf.div(tf.relu6(tf.add(x, 3)), 6), native: false },
    torch: 'F.hardsigmoid(x)',
    onnx: node('HardSigmoid', { alpha: { float: 1 / 6 }, beta: { float: 0.5 } }),
  },
  {
    name: 'threshold',
    id: 'threshold',
    options: { threshold: 0.5, value: 0 },
    piecewise: true,
    tf: { f: (tf, x) => tf.mul(x, tf.step(tf.sub(x, 0.5))), native: false },
    torch: 'F.threshold(x, 0.5, 0.0)',
    onnx: node('ThresholdedRelu', { alpha: { float: 0.5 } }, 13),
  },
  {
    name: 'hardshrink',
    id: 'hardshrink',
    piecewise: true,
    tf: { f: (tf, x) => tf.mul(x, tf.step(tf.sub(tf.abs(x), 0.5))), native: false },
    torch: 'F.hardshrink(x)',
    onnx: node('Shrink', { lambd: { float: 0.5 }, bias: { float: 0 } }),
  },
  {
    name: 'softshrink',
    id: 'softshrink',
    piecewise: true,
    tf: { f: (tf, x) => tf.mul(tf.sign(x), tf.relu(tf.sub(tf.abs(x), 0.5))), native: false },
    torch: 'F.softshrink(x)',
    onnx: node('Shrink', { lambd: { float: 0.5 }, bias: { float: 0.5 } }),
  },
  {
    name: 'sigmoid',
    id: 'sigmoid',
    tf: { f: (tf, x) => tf.sigmoid(x), native: true },
    torch: 'torch.sigmoid(x)',
    onnx: node('Sigmoid'),
  },
  {
    name: 'tanh',
    id: 'tanh',
    torchSlow: true,
    tf: { f: (tf, x) => tf.tanh(x), native: true },
    torch: 'torch.tanh(x)',
    onnx: node('Tanh'),
  },
  {
    name: 'elu',
    id: 'elu',
    torchSlow: true,
    tf: { f: (tf, x) => tf.elu(x), native: true },
    torch: 'F.elu(x)',
    onnx: node('Elu', { alpha: { float: 1 } }),
  },
  { name: 'selu', id: 'selu', tf: { f: (tf, x) => tf.selu(x), native: true }, torch: 'F.selu(x)', onnx: node('Selu') },
  {
    name: 'celu',
    id: 'celu',
    tf: { f: (tf, x) => tf.add(tf.relu(x), tf.minimum(0, tf.sub(tf.exp(x), 1))), native: false },
    torch: 'F.celu(x)',
    onnx: node('Celu', { alpha: { float: 1 } }),
  },
  {
    name: 'softplus',
    id: 'softplus',
    torchSlow: true,
    tf: { f: (tf, x) => tf.softplus(x), native: true },
    torch: 'F.softplus(x)',
    onnx: node('Softplus'),
  },
  {
    name: 'logsigmoid',
    id: 'logsigmoid',
    tf: { f: (tf, x) => tf.logSigmoid(x), native: true },
    torch: 'F.logsigmoid(x)',
    onnx: 'no ONNX op (a Neg/Softplus/Neg decomposition is not one kernel)',
  },
  {
    name: 'softsign',
    id: 'softsign',
    tf: { f: (tf, x) => tf.div(x, tf.add(tf.abs(x), 1)), native: false },
    torch: 'F.softsign(x)',
    onnx: node('Softsign'),
  },
  {
    name: 'gelu',
    id: 'gelu',
    tf: { f: (tf, x) => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1)), native: false },
    torch: 'F.gelu(x)',
    onnx: node('Gelu', {}, 20),
  },
  {
    name: 'gelu_tanh',
    id: 'gelu',
    options: { approximate: 'tanh' },
    tf: {
      f: (tf, x) =>
        tf.mul(
          tf.mul(x, 0.5),
          tf.add(tf.tanh(tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI))), 1),
        ),
      native: false,
    },
    torch: "F.gelu(x, approximate='tanh')",
    onnx: node('Gelu', { approximate: 'tanh' }, 20),
  },
  {
    name: 'silu',
    id: 'silu',
    tf: { f: (tf, x) => tf.mul(x, tf.sigmoid(x)), native: false },
    torch: 'F.silu(x)',
    onnx: {
      nodes: [
        { op: 'Sigmoid', inputs: ['x'], outputs: ['s'] },
        { op: 'Mul', inputs: ['x', 's'], outputs: ['y'] },
      ],
      opset: 13,
    },
  },
  {
    name: 'mish',
    id: 'mish',
    torchSlow: true,
    tf: { f: (tf, x) => tf.mul(x, tf.tanh(tf.softplus(x))), native: false },
    torch: 'F.mish(x)',
    onnx: node('Mish', {}, 18),
  },
  {
    name: 'hardswish',
    id: 'hardswish',
    tf: { f: (tf, x) => tf.div(tf.mul(x, tf.relu6(tf.add(x, 3))), 6), native: false },
    torch: 'F.hardswish(x)',
    onnx: node('HardSwish', {}, 14),
  },
];

/** The quick set: one of each kind. */
export const QUICK_ACTIVATIONS = ['relu', 'sigmoid', 'tanh', 'gelu', 'silu', 'mish'];

export interface GemmCase {
  name: string;
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  large?: boolean;
}

/**
 * Square products, the MLP 784-256-256-10's products at batch 128 (forward x·Wᵀ; backward gᵀ·x
 * and g·W) and the GEMMs the small CNN's convolutions run per sample (assembly/conv.as puts
 * output pixels on m, on the padded row pitch: J = OH·Wp = 14·16 = 224 for conv2, 28·30 = 840 for
 * conv1; K = C·3·3 taps; the image windows are A, transposed): conv2 forward windowsᵀ·Wᵀ, its
 * input gradient (a forward over g with 32·9 taps and 16 outputs) and weight gradient dWᵀ =
 * windows·Gᵀ, and conv1's forward (9 taps). Here as plain GEMMs (conv.as reads A through a row
 * table; same packing otherwise). `large` marks the products the two-thread target applies to.
 */
export const GEMMS: readonly GemmCase[] = [
  { name: '256³', m: 256, n: 256, k: 256, transA: false, transB: false, large: true },
  { name: '1024³', m: 1024, n: 1024, k: 1024, transA: false, transB: false, large: true },
  { name: 'mlp fwd 128·784·256ᵀ', m: 128, n: 256, k: 784, transA: false, transB: true, large: true },
  { name: 'mlp fwd 128·256·256ᵀ', m: 128, n: 256, k: 256, transA: false, transB: true },
  { name: 'mlp bwd gᵀ·x 256·128·784', m: 256, n: 784, k: 128, transA: true, transB: false, large: true },
  { name: 'mlp bwd g·W 128·256·784', m: 128, n: 784, k: 256, transA: false, transB: false, large: true },
  { name: 'conv2 fwd windowsᵀ·Wᵀ 224·32·144', m: 224, n: 32, k: 144, transA: true, transB: true },
  { name: 'conv2 bwd input 224·16·288', m: 224, n: 16, k: 288, transA: true, transB: false },
  { name: 'conv2 bwd weight windows·Gᵀ 144·32·224', m: 144, n: 32, k: 224, transA: false, transB: true },
  { name: 'conv1 fwd windowsᵀ·Wᵀ 840·16·9', m: 840, n: 16, k: 9, transA: true, transB: true },
];
export const QUICK_GEMMS = ['256³', 'mlp fwd 128·784·256ᵀ'];

/** One product of a GEMM sequence. */
export type GemmProduct = Pick<GemmCase, 'm' | 'n' | 'k' | 'transA' | 'transB'>;

/**
 * The GEMMs of one MLP 784-256-256-10 training step at batch 128, run back to back on fixed
 * operands: forward x·Wᵀ for the three layers, weight gradients gᵀ·x for the three, input
 * gradients g·W for the upper two (the data needs none). What the step's GEMM time would be
 * with each engine's GEMM (the ort rows are one graph of 8 Gemm nodes per run() call).
 */
export const GEMM_SEQUENCES: readonly { name: string; products: readonly GemmProduct[] }[] = [
  {
    name: 'mlp step: 8 GEMMs',
    products: [
      { m: 128, n: 256, k: 784, transA: false, transB: true },
      { m: 128, n: 256, k: 256, transA: false, transB: true },
      { m: 128, n: 10, k: 256, transA: false, transB: true },
      { m: 10, n: 256, k: 128, transA: true, transB: false },
      { m: 128, n: 256, k: 10, transA: false, transB: false },
      { m: 256, n: 256, k: 128, transA: true, transB: false },
      { m: 128, n: 256, k: 256, transA: false, transB: false },
      { m: 256, n: 784, k: 128, transA: true, transB: false },
    ],
  },
];

/** MLP 784-256-256-10, batch 128, Adam (lr 1e-3), cross-entropy. */
export const TRAIN = {
  sizes: [784, 256, 256, 10],
  batch: 128,
  lr: 1e-3,
  activations: ['relu', 'gelu', 'mish', 'sigmoid'],
};
export const QUICK_TRAIN = ['relu', 'gelu'];

/**
 * The small CNN: conv3×3·16 (padding 1) – ReLU – maxpool 2 – conv3×3·32 (padding 1) – ReLU –
 * maxpool 2 – flatten (32·7·7) – linear 128 – ReLU – linear 10, on 1×28×28 inputs in [0, 1].
 */
export const CNN = {
  input: [1, 28, 28] as readonly number[],
  channels: [16, 32],
  hidden: 128,
  classes: 10,
  batch: 64,
  lr: 1e-3,
};

/**
 * The input-gradient (attack) loop: PGD-10 under L∞ on a batch through the small CNN with fixed
 * weights (parameters do not require gradients): per step forward, cross-entropy, backward to
 * the input, x ← clamp(x + α·sign(∇x), x₀ ± ε) then clamp to [0, 1]. No random start, so
 * every engine runs the same iterates.
 */
export const ATTACK = { batch: 128, steps: 10, eps: 0.1, alpha: 0.02 };

/** TF.js activation for the MLP (the same expressions as above). */
export function tfActivation(id: string): ActivationCase['tf']['f'] {
  const c = ACTIVATIONS.find((a) => a.name === id);
  if (!c) throw new Error(`bench: no TF.js form for ${id}`);
  return c.tf.f;
}
