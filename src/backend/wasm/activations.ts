/**
 * Fused WASM-SIMD activation kernels keyed by spec id (src/activations/<id>.ts), with the
 * `ActivationKernel` shape of src/backend/backend.ts: parameters are numbers in the order of the
 * spec's `params` (a choice is its index: gelu approximate 'none' = 0, 'tanh' = 1); missing ones
 * take PyTorch's defaults. Arrays must be Float32Arrays in the runtime's WASM memory.
 *
 * Backward kernels compute gx = gy·f′(x) from x (never from y, which would lose accuracy in
 * sigmoid′ = y(1 − y) or tanh′ = 1 − y² where y rounds to ±1); `y` is accepted for interface
 * compatibility and ignored. PReLU with one weight is the leaky_relu kernel with that slope; a
 * weight per channel goes through `preluChannels`.
 */
import type { WasmAllocator } from './allocator.js';
import type { WasmExports } from './exports.js';
import { ViewChecker } from './views.js';

export interface WasmActivationKernel {
  forward(x: Float32Array, y: Float32Array, params?: readonly number[]): void;
  backward(x: Float32Array, y: Float32Array, gy: Float32Array, gx: Float32Array, params?: readonly number[]): void;
}

/** PReLU with a weight per channel, x viewed as [outer, channels, inner]. */
export interface WasmChannelKernel {
  forward(x: Float32Array, weight: Float32Array, y: Float32Array, inner: number): void;
  /** gx = gy·∂f/∂x; gw[c] += Σ over channel c of gy·∂f/∂w (float32, in WASM memory). */
  backward(x: Float32Array, weight: Float32Array, gy: Float32Array, gx: Float32Array, gw: Float32Array, inner: number): void;
}

type Fwd = (e: WasmExports, x: number, y: number, n: number, p: readonly number[]) => void;
type Bwd = (e: WasmExports, x: number, gy: number, gx: number, n: number, p: readonly number[]) => void;
interface Entry {
  /** PyTorch's defaults, in the spec's parameter order. */
  readonly defaults: readonly number[];
  readonly forward: Fwd;
  readonly backward: Bwd;
}

// selu's constants (torch.nn.SELU).
const SELU_ALPHA = 1.6732632423543772; // 1.6732632423543772848170429916717
const SELU_SCALE = 1.0507009873554805; // 1.0507009873554804934193349852946

/**
 * v = hi + lo with hi holding 12 significant bits, so hi·x_hi is exact for any float32 x split
 * the same way (the kernels carry products such as β·x as hi + lo into exponentials).
 */
export function splitScale(v: number): [number, number] {
  if (v === 0 || !Number.isFinite(v)) return [v, 0];
  const unit = 2 ** (Math.floor(Math.log2(Math.abs(v))) - 11);
  const hi = Math.round(v / unit) * unit;
  return [hi, Math.fround(v - hi)];
}

const elu = (negcoef: number, poscoef: number, inputScale: number): Pick<Entry, 'forward' | 'backward'> => ({
  forward: (e, x, y, n) => e.elu_fwd(x, y, n, negcoef, poscoef, inputScale),
  backward: (e, x, g, gx, n) => e.elu_bwd(x, g, gx, n, negcoef * inputScale, poscoef, ...splitScale(inputScale)),
});

const ENTRIES = {
  relu: { defaults: [], forward: (e, x, y, n) => e.relu_fwd(x, y, n), backward: (e, x, g, gx, n) => e.relu_bwd(x, g, gx, n) },
  relu6: {
    defaults: [],
    forward: (e, x, y, n) => e.hardtanh_fwd(x, y, n, 0, 6),
    backward: (e, x, g, gx, n) => e.hardtanh_bwd(x, g, gx, n, 0, 6),
  },
  hardtanh: {
    defaults: [-1, 1],
    forward: (e, x, y, n, [lo, hi]) => e.hardtanh_fwd(x, y, n, lo!, hi!),
    backward: (e, x, g, gx, n, [lo, hi]) => e.hardtanh_bwd(x, g, gx, n, lo!, hi!),
  },
  leaky_relu: {
    defaults: [0.01],
    forward: (e, x, y, n, [s]) => e.leaky_relu_fwd(x, y, n, s!),
    backward: (e, x, g, gx, n, [s]) => e.leaky_relu_bwd(x, g, gx, n, s!),
  },
  // Eval mode: the mean slope (lower + upper)/2, as F.rrelu(training=False).
  rrelu: {
    defaults: [1 / 8, 1 / 3],
    forward: (e, x, y, n, [lo, hi]) => e.leaky_relu_fwd(x, y, n, (lo! + hi!) / 2),
    backward: (e, x, g, gx, n, [lo, hi]) => e.leaky_relu_bwd(x, g, gx, n, (lo! + hi!) / 2),
  },
  // One weight (num_parameters = 1): x > 0 ? x : w·x is leaky_relu with slope w.
  prelu: {
    defaults: [0.25],
    forward: (e, x, y, n, [w]) => e.leaky_relu_fwd(x, y, n, w!),
    backward: (e, x, g, gx, n, [w]) => e.leaky_relu_bwd(x, g, gx, n, w!),
  },
  threshold: {
    defaults: [0, 0],
    forward: (e, x, y, n, [th, v]) => e.threshold_fwd(x, y, n, th!, v!),
    backward: (e, x, g, gx, n, [th]) => e.threshold_bwd(x, g, gx, n, th!),
  },
  hardshrink: {
    defaults: [0.5],
    forward: (e, x, y, n, [l]) => e.hardshrink_fwd(x, y, n, l!),
    backward: (e, x, g, gx, n, [l]) => e.shrink_bwd(x, g, gx, n, l!),
  },
  softshrink: {
    defaults: [0.5],
    forward: (e, x, y, n, [l]) => e.softshrink_fwd(x, y, n, l!),
    backward: (e, x, g, gx, n, [l]) => e.shrink_bwd(x, g, gx, n, l!),
  },
  hardsigmoid: {
    defaults: [],
    forward: (e, x, y, n) => e.hardsigmoid_fwd(x, y, n),
    backward: (e, x, g, gx, n) => e.hardsigmoid_bwd(x, g, gx, n),
  },
  hardswish: {
    defaults: [],
    forward: (e, x, y, n) => e.hardswish_fwd(x, y, n),
    backward: (e, x, g, gx, n) => e.hardswish_bwd(x, g, gx, n),
  },
  identity: { defaults: [], forward: (e, x, y, n) => e.copy_f32(x, y, n), backward: (e, _x, g, gx, n) => e.copy_f32(g, gx, n) },
  squared_relu: {
    defaults: [],
    forward: (e, x, y, n) => e.squared_relu_fwd(x, y, n),
    backward: (e, x, g, gx, n) => e.squared_relu_bwd(x, g, gx, n),
  },
  softsign: {
    defaults: [],
    forward: (e, x, y, n) => e.softsign_fwd(x, y, n),
    backward: (e, x, g, gx, n) => e.softsign_bwd(x, g, gx, n),
  },
  squareplus: {
    defaults: [4],
    forward: (e, x, y, n, [b]) => e.squareplus_fwd(x, y, n, b!),
    backward: (e, x, g, gx, n, [b]) => e.squareplus_bwd(x, g, gx, n, b!),
  },
  sigmoid: {
    defaults: [],
    forward: (e, x, y, n) => e.sigmoid_f32(x, y, n),
    backward: (e, x, g, gx, n) => e.sigmoid_bwd(x, g, gx, n),
  },
  tanh: { defaults: [], forward: (e, x, y, n) => e.tanh_f32(x, y, n), backward: (e, x, g, gx, n) => e.tanh_bwd(x, g, gx, n) },
  elu: {
    defaults: [1],
    forward: (e, x, y, n, [a]) => elu(a!, 1, 1).forward(e, x, y, n, []),
    backward: (e, x, g, gx, n, [a]) => elu(a!, 1, 1).backward(e, x, g, gx, n, []),
  },
  selu: { defaults: [], ...elu(SELU_ALPHA * SELU_SCALE, SELU_SCALE, 1) },
  // celu(x; α) = elu(x; α, scale 1, input_scale 1/α), as ATen.
  celu: {
    defaults: [1],
    forward: (e, x, y, n, [a]) => elu(a!, 1, 1 / a!).forward(e, x, y, n, []),
    backward: (e, x, g, gx, n, [a]) => elu(a!, 1, 1 / a!).backward(e, x, g, gx, n, []),
  },
  gelu: {
    defaults: [0],
    forward: (e, x, y, n, [approx]) => (approx === 1 ? e.gelu_tanh_fwd(x, y, n) : e.gelu_fwd(x, y, n)),
    backward: (e, x, g, gx, n, [approx]) => (approx === 1 ? e.gelu_tanh_bwd(x, g, gx, n) : e.gelu_bwd(x, g, gx, n)),
  },
  // silu's optional β (Swish); PyTorch's SiLU is β = 1, which has a kernel without the β·x split.
  silu: {
    defaults: [1],
    forward: (e, x, y, n, [b]) => (b === 1 ? e.silu1_fwd(x, y, n) : e.silu_fwd(x, y, n, ...splitScale(b!))),
    backward: (e, x, g, gx, n, [b]) => (b === 1 ? e.silu1_bwd(x, g, gx, n) : e.silu_bwd(x, g, gx, n, ...splitScale(b!))),
  },
  mish: { defaults: [], forward: (e, x, y, n) => e.mish_fwd(x, y, n), backward: (e, x, g, gx, n) => e.mish_bwd(x, g, gx, n) },
  softplus: {
    defaults: [1, 20],
    forward: (e, x, y, n, [b, th]) => e.softplus_fwd(x, y, n, b!, th!, ...splitScale(b!)),
    backward: (e, x, g, gx, n, [b, th]) => e.softplus_bwd(x, g, gx, n, b!, th!, ...splitScale(b!)),
  },
  logsigmoid: {
    defaults: [],
    forward: (e, x, y, n) => e.logsigmoid_fwd(x, y, n),
    backward: (e, x, g, gx, n) => e.logsigmoid_bwd(x, g, gx, n),
  },
  tanhshrink: {
    defaults: [],
    forward: (e, x, y, n) => e.tanhshrink_fwd(x, y, n),
    backward: (e, x, g, gx, n) => e.tanhshrink_bwd(x, g, gx, n),
  },
  snake: {
    defaults: [1],
    forward: (e, x, y, n, [a]) => e.snake_fwd(x, y, n, a!),
    backward: (e, x, g, gx, n, [a]) => e.snake_bwd(x, g, gx, n, a!),
  },
  sine: {
    defaults: [1],
    forward: (e, x, y, n, [w0]) => e.sine_fwd(x, y, n, w0!),
    backward: (e, x, g, gx, n, [w0]) => e.sine_bwd(x, g, gx, n, w0!),
  },
  tanhexp: {
    defaults: [],
    forward: (e, x, y, n) => e.tanhexp_fwd(x, y, n),
    backward: (e, x, g, gx, n) => e.tanhexp_bwd(x, g, gx, n),
  },
  serf: { defaults: [], forward: (e, x, y, n) => e.serf_fwd(x, y, n), backward: (e, x, g, gx, n) => e.serf_bwd(x, g, gx, n) },
} satisfies Record<string, Entry>;

export type WasmActivationId = keyof typeof ENTRIES;
export type WasmActivationKernels = { readonly [K in WasmActivationId]: WasmActivationKernel };

/** The ids with a WASM kernel, in a stable order. */
export const WASM_ACTIVATION_IDS = Object.keys(ENTRIES) as readonly WasmActivationId[];

/** PyTorch's default parameters of a WASM activation kernel, in the spec's order. */
export function defaultParams(id: WasmActivationId): readonly number[] {
  return ENTRIES[id].defaults;
}

export function createActivationKernels(exports: WasmExports, heap: WasmAllocator): WasmActivationKernels {
  const check = new ViewChecker(heap);
  const table = {} as Record<WasmActivationId, WasmActivationKernel>;
  for (const id of WASM_ACTIVATION_IDS) {
    const entry: Entry = ENTRIES[id];
    const resolve = (p: readonly number[] | undefined): readonly number[] =>
      entry.defaults.map((d, i) => p?.[i] ?? d);
    table[id] = {
      forward(x, y, params) {
        const px = check.ptr(id, 'x', x), py = check.ptr(id, 'y', y);
        check.length(id, 'y', y, x.length, 'the length of x');
        entry.forward(exports, px, py, x.length, resolve(params));
      },
      backward(x, _y, gy, gx, params) {
        const k = `${id} backward`;
        const px = check.ptr(k, 'x', x), pg = check.ptr(k, 'gy', gy), pgx = check.ptr(k, 'gx', gx);
        check.length(k, 'gy', gy, x.length, 'the length of x');
        check.length(k, 'gx', gx, x.length, 'the length of x');
        entry.backward(exports, px, pg, pgx, x.length, resolve(params));
      },
    };
  }
  return table;
}

export function createPreluChannels(exports: WasmExports, heap: WasmAllocator): WasmChannelKernel {
  const check = new ViewChecker(heap);
  const layout = (k: string, x: Float32Array, weight: Float32Array, inner: number): number => {
    const channels = weight.length;
    if (!Number.isInteger(inner) || inner <= 0 || channels === 0 || x.length % (channels * inner) !== 0) {
      throw new RangeError(
        `wasm ${k}: x of length ${x.length} is not [outer, ${channels} channels, ${inner}] (inner must be a positive integer)`,
      );
    }
    return x.length / (channels * inner);
  };
  return {
    forward(x, weight, y, inner) {
      const k = 'prelu';
      const outer = layout(k, x, weight, inner);
      check.length(k, 'y', y, x.length, 'the length of x');
      exports.prelu_fwd(check.ptr(k, 'x', x), check.ptr(k, 'weight', weight), check.ptr(k, 'y', y), outer, weight.length, inner);
    },
    backward(x, weight, gy, gx, gw, inner) {
      const k = 'prelu backward';
      const outer = layout(k, x, weight, inner);
      check.length(k, 'gy', gy, x.length, 'the length of x');
      check.length(k, 'gx', gx, x.length, 'the length of x');
      check.length(k, 'gw', gw, weight.length, 'one per channel');
      exports.prelu_bwd(check.ptr(k, 'x', x), check.ptr(k, 'gy', gy), check.ptr(k, 'weight', weight), check.ptr(k, 'gx', gx),
        check.ptr(k, 'gw', gw), outer, weight.length, inner);
    },
  };
}
