/**
 * The `wasm` Backend: float32 storage in the runtime's shared WASM memory and the WASM-SIMD
 * kernels behind the generic `Backend` interface. float64 and int32 never reach it (the
 * registry sends them to `js`).
 *
 * Each method takes the WASM kernel when its operands are float32 views in this runtime's
 * memory and the layout is one the kernels cover (same length, tensor ∘ scalar, a row vector
 * broadcast over rows; last-dim or leading-dim reductions; GEMM per batch matrix with the
 * plan's strides). Anything else runs the `js` reference loop on the same `Float32Array`s,
 * with no conversion. Foreign arrays (a user's `Float32Array` wrapped with `fromStorage`, a
 * tensor made while `js` was active) follow one rule: elementwise ops and reductions take the
 * `js` path on them (a copy in would cost as much as the loop), while GEMM and the fused
 * activation, softmax and PReLU kernels copy them into scratch blocks for the call (O(n) next
 * to an O(n)–O(n³) kernel that is 5–30× faster than its JS loop) and free the blocks at once.
 */
import type {
  ActivationKernel, AdamStepArgs, Backend, BinaryOpName, ChannelActivationKernel, MatmulPlan, ReduceOpName,
  SgdStepArgs, StridedOperand, UnaryOpName,
} from '../backend.js';
import { jsBackend } from '../js/index.js';
import { allocArray } from '../../tensor/dtype.js';
import type { DType, FloatArray, Storage } from '../../tensor/dtype.js';
import type { Shape } from '../../tensor/shape.js';
import { WASM_ACTIVATION_IDS, type WasmActivationId } from './activations.js';
import { conv2dSupported, type WasmBinaryName, type WasmUnaryName } from './kernels.js';
import { getWasmRuntime, type WasmRuntime } from './runtime.js';
import { ScopeStack } from './scope.js';

const WASM_UNARY: ReadonlySet<UnaryOpName> = new Set<WasmUnaryName>(['exp', 'expm1', 'log', 'log1p', 'tanh', 'sigmoid', 'erf', 'sin', 'cos']);
const WASM_BINARY: ReadonlySet<BinaryOpName> = new Set<WasmBinaryName>(['add', 'sub', 'mul', 'div', 'maximum', 'minimum']);
const COMMUTATIVE: ReadonlySet<BinaryOpName> = new Set<BinaryOpName>(['add', 'mul', 'maximum', 'minimum']);
const WASM_IDS: ReadonlySet<string> = new Set(WASM_ACTIVATION_IDS);
/** Live bytes past which, outside any scope, the backend warns once that memory is piling up. */
const WARN_BYTES = 2 ** 30;
/** Below this row length a row-by-row loop of kernel calls costs more than the JS loop it replaces. */
const MIN_ROW_CALL = 64;

/**
 * How activation gradients are computed. 'fast': every backward in WASM SIMD, a few float32 ulps
 * of the largest term of f′ (PyTorch's float32 kernels have the same cancellation). 'exact': the
 * ids in APPROXIMATE_GRADIENT_IDS (and softmax rows) take the spec's float64 reference backward,
 * so every gradient is within a few ulps of its exact value — the PyTorch goldens' bar — at the
 * reference's speed (gelu ~10 M elements/s instead of ~250).
 */
export type GradientMode = 'fast' | 'exact';

/**
 * Activations whose WASM backward is accurate relative to the terms of f′ but not to f′ itself
 * next to its roots (gelu′ at x ≈ −0.75, silu′ at −1.28, snake′ periodically…) and in some far
 * tails: up to ~10⁴ ulps of a result ~10⁻⁴ of the terms. Measured against the float64 reference
 * on a dense grid by test/backend/wasm/conformance.test.ts; every other WASM kernel is within 4.
 */
export const APPROXIMATE_GRADIENT_IDS: readonly string[] = ['gelu', 'silu', 'mish', 'snake', 'tanhexp', 'serf'];

export interface WasmBackendOptions {
  /** Default 'fast' (see GradientMode). */
  readonly gradients?: GradientMode;
}

/** The `wasm` backend plus what only it has: its runtime, the memory scopes, the gradient mode. */
export interface WasmBackend extends Backend {
  readonly name: 'wasm';
  readonly runtime: WasmRuntime;
  readonly scopes: ScopeStack;
  /** Settable at run time. */
  gradients: GradientMode;
}

/** How an operand is read over `shape` (see `layoutOf`). */
type Layout = { kind: 'full' } | { kind: 'scalar' } | { kind: 'rows'; period: number } | { kind: 'other' };

/** full: contiguous over the whole shape; scalar: every stride 0; rows: contiguous trailing block repeated over the leading dims. */
function layoutOf(op: StridedOperand, shape: Shape): Layout {
  const nd = shape.length;
  let allZero = true;
  for (let i = 0; i < nd; i++) if (op.strides[i] !== 0 && shape[i] !== 1) allZero = false;
  if (allZero) return { kind: 'scalar' };
  let p = 1;
  let d = nd - 1;
  for (; d >= 0; d--) {
    if (shape[d] === 1) continue;
    if (op.strides[d] !== p) break;
    p *= shape[d]!;
  }
  if (d < 0) return { kind: 'full' };
  for (; d >= 0; d--) if (op.strides[d] !== 0 && shape[d] !== 1) return { kind: 'other' };
  return op.data.length === p ? { kind: 'rows', period: p } : { kind: 'other' };
}

/** Creates the backend over a runtime (default: the shared one from `getWasmRuntime()`). */
export function createWasmBackend(runtime: WasmRuntime = getWasmRuntime(), options: WasmBackendOptions = {}): WasmBackend {
  const { heap, kernels } = runtime;
  const scopes = new ScopeStack(heap);
  const own = (a: Storage | null): a is Float32Array => a instanceof Float32Array && heap.owns(a);
  let warned = false;
  /** Records a new block in the open scope; warns once when a loop without scopes piles memory up. */
  function track(view: Float32Array): Float32Array {
    scopes.track(view);
    if (!warned && scopes.depth === 0 && heap.bytesInUse > WARN_BYTES) {
      warned = true;
      console.warn(
        `actlab: ${(heap.bytesInUse / 2 ** 30).toFixed(1)} GiB of WASM tensor memory is live. Blocks are returned by the ` +
          'garbage collector only between event-loop tasks; in a long synchronous loop run each step in ' +
          'tidy(fn, model, optimizer) or stepScope(model, optimizer).run(fn) (fit does), or release(...) tensors.',
      );
    }
    return view;
  }

  /**
   * Runs `fn` with every array in WASM memory: foreign ones are copied into scratch blocks
   * (outputs, listed in `outputs`, are copied back afterwards), and the scratch is freed.
   */
  function staged(arrays: Float32Array[], outputs: readonly number[], fn: (views: Float32Array[]) => void): void {
    if (arrays.every((a) => heap.owns(a))) {
      fn(arrays);
      return;
    }
    const scratch: Float32Array[] = [];
    const views = arrays.map((a) => {
      if (heap.owns(a)) return a;
      const s = heap.copyIn(a); // outputs too: a kernel may read them (GEMM with accumulate)
      scratch.push(s);
      return s;
    });
    try {
      fn(views);
      for (const i of outputs) if (views[i] !== arrays[i]) arrays[i]!.set(views[i]!);
    } finally {
      for (const s of scratch) heap.free(s);
    }
  }
  const f32 = (...arrays: readonly unknown[]): boolean => arrays.every((a) => a instanceof Float32Array);

  function unary(op: UnaryOpName, x: FloatArray, out: FloatArray): void {
    if (own(x) && own(out)) {
      if (WASM_UNARY.has(op)) return kernels.unary(op as WasmUnaryName, x, out);
      // -x and x·x are exact in float32, so these match the reference bit for bit.
      if (op === 'neg') return kernels.binaryScalar('mul', x, -1, out);
      if (op === 'square') return kernels.binary('mul', x, x, out);
    }
    jsBackend.unary(op, x, out);
  }

  /** The WASM path of a binary op, or false when the layout or storage does not fit. */
  function binaryWasm(op: BinaryOpName, a: StridedOperand, b: StridedOperand, out: Storage, shape: Shape): boolean {
    if (!WASM_BINARY.has(op) || !own(out) || !f32(a.data, b.data)) return false;
    const code = op as WasmBinaryName;
    const A = a.data as Float32Array;
    const B = b.data as Float32Array;
    const la = layoutOf(a, shape);
    const lb = layoutOf(b, shape);
    if (la.kind === 'full' && own(A)) {
      if (lb.kind === 'full' && own(B)) return kernels.binary(code, A, B, out), true;
      if (lb.kind === 'scalar') return kernels.binaryScalar(code, A, B[0]!, out), true;
      if (lb.kind === 'rows' && own(B)) return kernels.binary(code, A, B, out), true;
      return false;
    }
    if (lb.kind === 'full' && own(B)) {
      if (la.kind === 'scalar') {
        if (COMMUTATIVE.has(op)) return kernels.binaryScalar(code, B, A[0]!, out), true;
        // s − b is s + (−b) by IEEE's definition (signs of zero included; −(b − s) would give −0).
        if (op === 'sub') return kernels.binaryScalar('mul', B, -1, out), kernels.binaryScalar('add', out, A[0]!, out), true;
        return false;
      }
      if (la.kind === 'rows' && own(A) && COMMUTATIVE.has(op)) return kernels.binary(code, B, A, out), true;
      return false;
    }
    // A row block repeated over the leading dims against a scalar (expand's x·1): one call per row.
    if (la.kind === 'rows' && lb.kind === 'scalar' && own(A) && la.period >= MIN_ROW_CALL) {
      const p = la.period;
      for (let at = 0; at < out.length; at += p) kernels.binaryScalar(code, A, B[0]!, out.subarray(at, at + p));
      return true;
    }
    return false;
  }

  function reduceWasm(op: ReduceOpName, x: Storage, shape: Shape, dims: readonly number[], out: Storage): boolean {
    if ((op !== 'sum' && op !== 'max') || !own(x) || !own(out) || x.length === 0 || out.length === 0) return false;
    const nd = shape.length;
    const trailing = dims.every((d, i) => d === nd - dims.length + i);
    const leading = dims.every((d, i) => d === i);
    if (trailing) {
      const cols = x.length / out.length;
      if (op === 'sum') kernels.sumRows(x, cols, out);
      else kernels.maxRows(x, cols, out);
      return true;
    }
    if (leading && op === 'sum') {
      kernels.sumCols(x, out.length, out);
      return true;
    }
    return false;
  }

  function matmul(a: FloatArray, b: FloatArray, out: FloatArray, p: MatmulPlan): void {
    if (!f32(a, b, out)) return jsBackend.matmul(a, b, out, p);
    const { batch, m, n, k } = p;
    if (batch === 0 || m === 0 || n === 0) return;
    staged([a as Float32Array, b as Float32Array, out as Float32Array], [2], ([A, B, C]) => {
      const mk = m * k, kn = k * n, mn = m * n;
      const opts = { transA: p.transA, transB: p.transB };
      if (k === 0) return void C!.fill(0, 0, batch * mn);
      if (batch === 1 && A!.length === mk && B!.length === kn && C!.length === mn) return kernels.gemm(A!, B!, C!, m, n, k, opts);
      for (let t = 0; t < batch; t++) {
        const ao = t * p.strideA, bo = t * p.strideB, co = t * mn;
        kernels.gemm(A!.subarray(ao, ao + mk), B!.subarray(bo, bo + kn), C!.subarray(co, co + mn), m, n, k, opts);
      }
    });
  }

  // Wrappers of the fused activation kernels, made once per id.
  const activationCache = new Map<string, ActivationKernel>();
  const APPROXIMATE = new Set(APPROXIMATE_GRADIENT_IDS);
  function activation(id: string, reference?: ActivationKernel): ActivationKernel | undefined {
    if (!WASM_IDS.has(id)) return undefined;
    const k = wasmActivation(id);
    if (backend.gradients === 'exact' && reference && APPROXIMATE.has(id)) return { forward: k.forward, backward: reference.backward };
    return k;
  }
  function wasmActivation(id: string): ActivationKernel {
    let k = activationCache.get(id);
    if (!k) {
      const wk = runtime.activations[id as WasmActivationId];
      k = {
        forward(x, out, params) {
          staged([x as Float32Array, out as Float32Array], [1], ([X, Y]) => wk.forward(X!, Y!, params));
        },
        backward(x, y, gy, gx, params) {
          staged([x as Float32Array, gy as Float32Array, gx as Float32Array], [2], ([X, G, GX]) => wk.backward(X!, y as Float32Array, G!, GX!, params));
        },
      };
      activationCache.set(id, k);
    }
    return k;
  }

  // PReLU with a weight per channel (and one weight: channels = 1).
  const preluChannels: ChannelActivationKernel = {
    forward(x, w, out, _channels, inner) {
      staged([x as Float32Array, w as Float32Array, out as Float32Array], [2], ([X, W, Y]) => runtime.preluChannels.forward(X!, W!, Y!, inner));
    },
    backward(x, w, gy, gx, gw, channels, inner) {
      const g32 = heap.alloc(channels);
      try {
        staged([x as Float32Array, w as Float32Array, gy as Float32Array, gx as Float32Array], [3], ([X, W, G, GX]) =>
          runtime.preluChannels.backward(X!, W!, G!, GX!, g32, inner));
        for (let c = 0; c < channels; c++) gw[c]! += g32[c]!;
      } finally {
        heap.free(g32);
      }
    },
  };

  const backend: WasmBackend = {
    name: 'wasm',
    runtime,
    scopes,
    gradients: options.gradients ?? 'fast',
    alloc(dtype: DType, size: number): Storage {
      return dtype === 'float32' ? track(heap.alloc(size)) : allocArray(dtype, size);
    },
    allocUninitialized(dtype: DType, size: number): Storage {
      return dtype === 'float32' ? track(heap.allocUninitialized(size)) : allocArray(dtype, size);
    },
    unary,
    binary(op, a, b, out, shape) {
      if (!binaryWasm(op, a, b, out, shape)) jsBackend.binary(op, a, b, out, shape);
    },
    where: (cond, a, b, out, shape) => jsBackend.where(cond, a, b, out, shape),
    reduce(op, x, shape, dims, out) {
      if (!reduceWasm(op, x, shape, dims, out)) jsBackend.reduce(op, x, shape, dims, out);
    },
    matmul,
    permute: (x, shape, perm, out) => jsBackend.permute(x, shape, perm, out),
    activation,
    channelActivation: (id) => (id === 'prelu' ? preluChannels : undefined),
    softmaxRows(x, y, cols, log) {
      if (!f32(x, y) || cols <= 0) return false;
      staged([x as Float32Array, y as Float32Array], [1], ([X, Y]) => (log ? kernels.logSoftmax : kernels.softmax)(X!, Y!, cols));
      return true;
    },
    softmaxRowsBackward(y, gy, gx, cols, log) {
      // From y: accurate relative to gy, not to a small gx (gy − Σ gy·y cancels); 'exact' declines.
      if (backend.gradients === 'exact' || !f32(y, gy, gx) || cols <= 0) return false;
      staged([y as Float32Array, gy as Float32Array, gx as Float32Array], [2], ([Y, G, GX]) =>
        (log ? kernels.logSoftmaxBackward : kernels.softmaxBackward)(Y!, G!, GX!, cols));
      return true;
    },
    conv2d(x, weight, bias, out, geometry) {
      if (!f32(x, weight, out) || (bias !== null && !f32(bias)) || !conv2dSupported(geometry)) return false;
      const arrays = [x, weight, out, ...(bias ? [bias] : [])] as Float32Array[];
      staged(arrays, [2], ([X, W, Y, B]) => kernels.conv2d(X!, W!, B ?? null, Y!, geometry));
      return true;
    },
    conv2dBackwardInput(g, weight, gx, geometry) {
      if (!f32(g, weight, gx) || !conv2dSupported(geometry)) return false;
      staged([g, weight, gx] as Float32Array[], [2], ([G, W, GX]) => kernels.conv2dBackwardInput(G!, W!, GX!, geometry));
      return true;
    },
    conv2dBackwardWeight(g, x, gw, geometry) {
      if (!f32(g, x, gw) || !conv2dSupported(geometry)) return false;
      let done = false;
      staged([g, x, gw] as Float32Array[], [2], ([G, X, GW]) => {
        done = kernels.conv2dBackwardWeight(G!, X!, GW!, geometry);
      });
      return done;
    },
    maxPool2x2(x, planes, h, w, out, winners) {
      if (!own(x) || !own(out) || !own(winners)) return false;
      kernels.maxPool2x2(x, planes, h, w, out, winners);
      return true;
    },
    scatterAdd(g, winners, gx) {
      if (!own(g) || !own(winners) || !own(gx)) return false;
      kernels.scatterAdd(g, winners, gx);
      return true;
    },
    adamStep(a: AdamStepArgs): boolean {
      const { param, grad, expAvg, expAvgSq } = a;
      if (a.amsgrad || a.maximize || !own(param) || !own(grad) || !own(expAvg) || !own(expAvgSq)) return false;
      kernels.adamStep(param, grad, expAvg, expAvgSq, a);
      return true;
    },
    openScope: (recording) => scopes.open(recording),
    collectScope: (token, keep) => void scopes.collect(token, keep),
    closeScope: (token, keep) => void scopes.close(token, keep),
    keep: (data) => void scopes.forget(data),
    release: (data) => scopes.release(data),
    sgdStep(a: SgdStepArgs): boolean {
      const { param, grad, momentumBuffer } = a;
      if (!own(param) || !own(grad) || (momentumBuffer !== null && !own(momentumBuffer))) return false;
      kernels.sgdStep(param, grad, momentumBuffer as Float32Array | null, a);
      return true;
    },
  };
  return backend;
}
