/**
 * Fused WASM-SIMD activation kernels keyed by spec id (src/activations/<id>.ts), with the
 * `ActivationKernel` shape of src/backend/backend.ts: parameters come by the spec's names,
 * resolved (`{ negativeSlope: 0.01 }`, `{ approximate: 'tanh' }`) — nothing here restates a
 * default or an order. Arrays must be Float32Arrays in the runtime's WASM memory.
 *
 * Backward kernels compute gx = gy·f′(x) from x (never from y, which would lose accuracy in
 * sigmoid′ = y(1 − y) or tanh′ = 1 − y² where y rounds to ±1); `y` is accepted for interface
 * compatibility and ignored. PReLU with one weight is the leaky_relu kernel with that slope; a
 * weight per channel goes through `preluChannels`.
 */
import type { KernelParams } from '../backend.js';
import type { WasmAllocator } from './allocator.js';
import type { WasmExports } from './exports.js';
import { ViewChecker } from './views.js';

export interface WasmActivationKernel {
  forward(x: Float32Array, y: Float32Array, params: KernelParams): void;
  backward(x: Float32Array, y: Float32Array, gy: Float32Array, gx: Float32Array, params: KernelParams): void;
}

/** PReLU with a weight per channel, x viewed as [outer, channels, inner]. */
export interface WasmChannelKernel {
  forward(x: Float32Array, weight: Float32Array, y: Float32Array, inner: number): void;
  /** gx = gy·∂f/∂x; gw[c] += Σ over channel c of gy·∂f/∂w (float32, in WASM memory). */
  backward(x: Float32Array, weight: Float32Array, gy: Float32Array, gx: Float32Array, gw: Float32Array, inner: number): void;
}

type Fwd = (e: WasmExports, x: number, y: number, n: number, p: Params) => void;
type Bwd = (e: WasmExports, x: number, gy: number, gx: number, n: number, p: Params) => void;
interface Kernels {
  readonly forward: Fwd;
  readonly backward: Bwd;
}
interface Entry extends Kernels {
  /**
   * Accuracy: the largest error of y and of gx, in float32 ulps of the float64 result (next to a
   * root, of the largest term: test/backend/wasm/activation-refs.ts), held on dense grids and at
   * every magnitude by test/backend/wasm/activations.test.ts, on both builds.
   */
  readonly ulps: number;
}

/**
 * An activation's parameters as the kernels read them: by the spec's names, each looked up when
 * a kernel runs. A name the call does not bring — a misspelt one here, a spec that renamed its
 * parameter — throws, instead of silently running with some default.
 */
class Params {
  constructor(
    private readonly id: string,
    private readonly values: KernelParams,
  ) {}
  num(name: string): number {
    const v = this.values[name];
    if (typeof v !== 'number') {
      const got = Object.keys(this.values);
      throw new TypeError(
        `wasm ${this.id}: parameter '${name}' must be a number, got ${v === undefined ? 'none' : `'${v}'`} ` +
          `(parameters given: ${got.length ? got.join(', ') : 'none'})`,
      );
    }
    return v;
  }
  choice(name: string): string {
    const v = this.values[name];
    if (typeof v !== 'string') throw new TypeError(`wasm ${this.id}: parameter '${name}' must be a choice, got ${String(v)}`);
    return v;
  }
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

/** ATen's elu(x; α, scale, input_scale), the kernel of elu, selu and celu. */
const elu = (negcoef: number, poscoef: number, inputScale: number): Kernels => ({
  forward: (e, x, y, n) => e.elu_fwd(x, y, n, negcoef, poscoef, inputScale),
  backward: (e, x, g, gx, n) => e.elu_bwd(x, g, gx, n, negcoef * inputScale, poscoef, ...splitScale(inputScale)),
});
/** An entry whose kernels depend on the parameters: the entry for these parameters. */
const withParams = (entry: (p: Params) => Kernels): Kernels => ({
  forward: (e, x, y, n, p) => entry(p).forward(e, x, y, n, p),
  backward: (e, x, g, gx, n, p) => entry(p).backward(e, x, g, gx, n, p),
});
/** A leaky ReLU with the slope `slope(p)` (leaky_relu, rrelu in eval mode, prelu with one weight). */
const leaky = (slope: (p: Params) => number): Kernels => ({
  forward: (e, x, y, n, p) => e.leaky_relu_fwd(x, y, n, slope(p)),
  backward: (e, x, g, gx, n, p) => e.leaky_relu_bwd(x, g, gx, n, slope(p)),
});

const ENTRIES = {
  relu: { ulps: 0, forward: (e, x, y, n) => e.relu_fwd(x, y, n), backward: (e, x, g, gx, n) => e.relu_bwd(x, g, gx, n) },
  relu6: {
    ulps: 0,
    forward: (e, x, y, n) => e.hardtanh_fwd(x, y, n, 0, 6),
    backward: (e, x, g, gx, n) => e.hardtanh_bwd(x, g, gx, n, 0, 6),
  },
  hardtanh: {
    ulps: 0,
    forward: (e, x, y, n, p) => e.hardtanh_fwd(x, y, n, p.num('minVal'), p.num('maxVal')),
    backward: (e, x, g, gx, n, p) => e.hardtanh_bwd(x, g, gx, n, p.num('minVal'), p.num('maxVal')),
  },
  leaky_relu: { ...leaky((p) => p.num('negativeSlope')), ulps: 1 },
  // Eval mode: the mean slope (lower + upper)/2, as F.rrelu(training=False).
  rrelu: { ...leaky((p) => (p.num('lower') + p.num('upper')) / 2), ulps: 1 },
  // One weight (num_parameters = 1): x > 0 ? x : w·x is leaky_relu with slope w.
  prelu: { ...leaky((p) => p.num('weight')), ulps: 1 },
  threshold: {
    ulps: 0,
    forward: (e, x, y, n, p) => e.threshold_fwd(x, y, n, p.num('threshold'), p.num('value')),
    backward: (e, x, g, gx, n, p) => e.threshold_bwd(x, g, gx, n, p.num('threshold')),
  },
  hardshrink: {
    ulps: 0,
    forward: (e, x, y, n, p) => e.hardshrink_fwd(x, y, n, p.num('lambd')),
    backward: (e, x, g, gx, n, p) => e.shrink_bwd(x, g, gx, n, p.num('lambd')),
  },
  softshrink: {
    ulps: 0.5,
    forward: (e, x, y, n, p) => e.softshrink_fwd(x, y, n, p.num('lambd')),
    backward: (e, x, g, gx, n, p) => e.shrink_bwd(x, g, gx, n, p.num('lambd')),
  },
  hardsigmoid: {
    ulps: 1,
    forward: (e, x, y, n) => e.hardsigmoid_fwd(x, y, n),
    backward: (e, x, g, gx, n) => e.hardsigmoid_bwd(x, g, gx, n),
  },
  hardswish: {
    ulps: 2,
    forward: (e, x, y, n) => e.hardswish_fwd(x, y, n),
    backward: (e, x, g, gx, n) => e.hardswish_bwd(x, g, gx, n),
  },
  identity: { ulps: 0, forward: (e, x, y, n) => e.copy_f32(x, y, n), backward: (e, _x, g, gx, n) => e.copy_f32(g, gx, n) },
  squared_relu: {
    ulps: 0.5,
    forward: (e, x, y, n) => e.squared_relu_fwd(x, y, n),
    backward: (e, x, g, gx, n) => e.squared_relu_bwd(x, g, gx, n),
  },
  square: { ulps: 0.5, forward: (e, x, y, n) => e.square_fwd(x, y, n), backward: (e, x, g, gx, n) => e.square_bwd(x, g, gx, n) },
  softsign: {
    ulps: 3,
    forward: (e, x, y, n) => e.softsign_fwd(x, y, n),
    backward: (e, x, g, gx, n) => e.softsign_bwd(x, g, gx, n),
  },
  squareplus: {
    ulps: 4,
    forward: (e, x, y, n, p) => e.squareplus_fwd(x, y, n, p.num('b')),
    backward: (e, x, g, gx, n, p) => e.squareplus_bwd(x, g, gx, n, p.num('b')),
  },
  sigmoid: { ulps: 4, forward: (e, x, y, n) => e.sigmoid_f32(x, y, n), backward: (e, x, g, gx, n) => e.sigmoid_bwd(x, g, gx, n) },
  tanh: { ulps: 4, forward: (e, x, y, n) => e.tanh_f32(x, y, n), backward: (e, x, g, gx, n) => e.tanh_bwd(x, g, gx, n) },
  elu: { ...withParams((p) => elu(p.num('alpha'), 1, 1)), ulps: 2.5 },
  selu: { ...elu(SELU_ALPHA * SELU_SCALE, SELU_SCALE, 1), ulps: 2.5 },
  // celu(x; α) = elu(x; α, scale 1, input_scale 1/α), as ATen.
  celu: { ...withParams((p) => elu(p.num('alpha'), 1, 1 / p.num('alpha'))), ulps: 3 },
  gelu: {
    ulps: 4.5,
    forward: (e, x, y, n, p) => (p.choice('approximate') === 'tanh' ? e.gelu_tanh_fwd(x, y, n) : e.gelu_fwd(x, y, n)),
    backward: (e, x, g, gx, n, p) =>
      p.choice('approximate') === 'tanh' ? e.gelu_tanh_bwd(x, g, gx, n) : e.gelu_bwd(x, g, gx, n),
  },
  // silu's optional β (Swish); PyTorch's SiLU is β = 1, which has a kernel without the β·x split.
  silu: {
    ulps: 3.5,
    forward: (e, x, y, n, p) => {
      const b = p.num('beta');
      return b === 1 ? e.silu1_fwd(x, y, n) : e.silu_fwd(x, y, n, ...splitScale(b));
    },
    backward: (e, x, g, gx, n, p) => {
      const b = p.num('beta');
      return b === 1 ? e.silu1_bwd(x, g, gx, n) : e.silu_bwd(x, g, gx, n, ...splitScale(b));
    },
  },
  mish: { ulps: 5, forward: (e, x, y, n) => e.mish_fwd(x, y, n), backward: (e, x, g, gx, n) => e.mish_bwd(x, g, gx, n) },
  softplus: {
    ulps: 3,
    forward: (e, x, y, n, p) => {
      const b = p.num('beta');
      return e.softplus_fwd(x, y, n, b, p.num('threshold'), ...splitScale(b));
    },
    backward: (e, x, g, gx, n, p) => {
      const b = p.num('beta');
      return e.softplus_bwd(x, g, gx, n, b, p.num('threshold'), ...splitScale(b));
    },
  },
  logsigmoid: {
    ulps: 2.5,
    forward: (e, x, y, n) => e.logsigmoid_fwd(x, y, n),
    backward: (e, x, g, gx, n) => e.logsigmoid_bwd(x, g, gx, n),
  },
  tanhshrink: {
    ulps: 4,
    forward: (e, x, y, n) => e.tanhshrink_fwd(x, y, n),
    backward: (e, x, g, gx, n) => e.tanhshrink_bwd(x, g, gx, n),
  },
  snake: {
    ulps: 3,
    forward: (e, x, y, n, p) => e.snake_fwd(x, y, n, p.num('alpha')),
    backward: (e, x, g, gx, n, p) => e.snake_bwd(x, g, gx, n, p.num('alpha')),
  },
  sine: {
    ulps: 1.5,
    forward: (e, x, y, n, p) => e.sine_fwd(x, y, n, p.num('w0')),
    backward: (e, x, g, gx, n, p) => e.sine_bwd(x, g, gx, n, p.num('w0')),
  },
  tanhexp: {
    ulps: 4,
    forward: (e, x, y, n) => e.tanhexp_fwd(x, y, n),
    backward: (e, x, g, gx, n) => e.tanhexp_bwd(x, g, gx, n),
  },
  serf: { ulps: 5, forward: (e, x, y, n) => e.serf_fwd(x, y, n), backward: (e, x, g, gx, n) => e.serf_bwd(x, g, gx, n) },
} satisfies Record<string, Entry>;

export type WasmActivationId = keyof typeof ENTRIES;
export type WasmActivationKernels = { readonly [K in WasmActivationId]: WasmActivationKernel };

/** The ids with a WASM kernel, in a stable order. */
export const WASM_ACTIVATION_IDS = Object.keys(ENTRIES) as readonly WasmActivationId[];

/** A kernel's stated accuracy in float32 ulps (see Entry.ulps); docs/activations.md prints it. */
export const wasmActivationUlps = (id: WasmActivationId): number => ENTRIES[id].ulps;

export function createActivationKernels(exports: WasmExports, heap: WasmAllocator): WasmActivationKernels {
  const check = new ViewChecker(heap);
  const table = {} as Record<WasmActivationId, WasmActivationKernel>;
  for (const id of WASM_ACTIVATION_IDS) {
    const entry: Entry = ENTRIES[id];
    table[id] = {
      forward(x, y, params) {
        const px = check.ptr(id, 'x', x), py = check.ptr(id, 'y', y);
        check.length(id, 'y', y, x.length, 'the length of x');
        entry.forward(exports, px, py, x.length, new Params(id, params));
      },
      backward(x, _y, gy, gx, params) {
        const k = `${id} backward`;
        const px = check.ptr(k, 'x', x), pg = check.ptr(k, 'gy', gy), pgx = check.ptr(k, 'gx', gx);
        check.length(k, 'gy', gy, x.length, 'the length of x');
        check.length(k, 'gx', gx, x.length, 'the length of x');
        entry.backward(exports, px, pg, pgx, x.length, new Params(id, params));
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
