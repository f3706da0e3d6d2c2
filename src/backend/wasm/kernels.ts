/**
 * Typed wrappers over the WASM-SIMD kernels that are not activations: elementary functions,
 * elementwise binary ops, reductions, softmax, GEMM and optimizer steps. Every array argument
 * is a Float32Array in the runtime's WASM memory (see views.ts); outputs may alias inputs
 * except where noted (GEMM).
 */
import type { Conv2dGeometry } from '../backend.js';
import type { WasmAllocator } from './allocator.js';
import type { WasmExports } from './exports.js';
import type { GemmThreads } from './threads.js';
import { overlaps, ViewChecker } from './views.js';

/** The runtime's helper threads for GEMM (null: single-threaded). */
export interface ThreadState {
  pool: GemmThreads | null;
}

export type WasmUnaryName = 'exp' | 'expm1' | 'log' | 'log1p' | 'tanh' | 'sigmoid' | 'erf' | 'sin' | 'cos';
export type WasmBinaryName = 'add' | 'sub' | 'mul' | 'div' | 'maximum' | 'minimum';

/** Op codes of binary.as. */
const BINARY_CODES: { readonly [K in WasmBinaryName]: number } = {
  add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5,
};

export interface GemmOptions {
  /** A is stored k×m and used transposed (default false). */
  readonly transA?: boolean;
  /** B is stored n×k and used transposed (default false). */
  readonly transB?: boolean;
  /** C += op(A)·op(B) instead of C = op(A)·op(B) (default false). */
  readonly accumulate?: boolean;
}

/** torch.optim.Adam / AdamW hyper-parameters for one step (step counts from 1). */
export interface AdamStepOptions {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly step: number;
  /** AdamW: decay the parameter by lr·weightDecay instead of adding weightDecay·p to the gradient. */
  readonly decoupledWeightDecay: boolean;
}

/** torch.optim.SGD hyper-parameters for one step. */
export interface SgdStepOptions {
  readonly lr: number;
  readonly momentum: number;
  readonly dampening: number;
  readonly weightDecay: number;
  readonly nesterov: boolean;
  readonly maximize: boolean;
  /** First step for this parameter: the momentum buffer is initialised to the gradient. */
  readonly firstStep: boolean;
}

export interface WasmKernels {
  /** y = f(x) elementwise, a few float32 ulps from the exact value over the whole range. */
  unary(op: WasmUnaryName, x: Float32Array, y: Float32Array): void;
  /** y = sin(scale·x), the product formed in float64 (default scale 1). */
  sin(x: Float32Array, y: Float32Array, scale?: number): void;
  /** y = cos(scale·x), the product formed in float64 (default scale 1). */
  cos(x: Float32Array, y: Float32Array, scale?: number): void;
  /**
   * out = a ∘ b. b has a's length, or is a row vector broadcast over the rows of a
   * (a.length a multiple of b.length: a bias add over a [rows, b.length] matrix).
   */
  binary(op: WasmBinaryName, a: Float32Array, b: Float32Array, out: Float32Array): void;
  /** out = a ∘ s for a scalar s. */
  binaryScalar(op: WasmBinaryName, a: Float32Array, s: number, out: Float32Array): void;
  /** y += alpha·x. */
  axpy(alpha: number, x: Float32Array, y: Float32Array): void;
  /** Row-wise softmax over the last dimension (rows of length cols). */
  softmax(x: Float32Array, y: Float32Array, cols: number): void;
  logSoftmax(x: Float32Array, y: Float32Array, cols: number): void;
  /** gx = y·(gy − Σ gy·y) per row, y the softmax output. */
  softmaxBackward(y: Float32Array, gy: Float32Array, gx: Float32Array, cols: number): void;
  /** gx = gy − e^y·Σ gy per row, y the log_softmax output. */
  logSoftmaxBackward(y: Float32Array, gy: Float32Array, gx: Float32Array, cols: number): void;
  /** Σ x, accumulated in float64 blocks (returned unrounded). */
  sum(x: Float32Array): number;
  /** max x; NaN if any element is NaN; −Infinity for an empty array. */
  max(x: Float32Array): number;
  /** out[r] = Σ_j x[r, j] for rows of length cols. */
  sumRows(x: Float32Array, cols: number, out: Float32Array): void;
  /** out[r] = max_j x[r, j]. */
  maxRows(x: Float32Array, cols: number, out: Float32Array): void;
  /** out[j] = Σ_r x[r, j] (column sums: the bias gradient of a linear layer). */
  sumCols(x: Float32Array, cols: number, out: Float32Array): void;
  /**
   * C (m×n) = op(A)·op(B) (+ C), row-major; A is m×k (k×m with transA), B is k×n (n×k with
   * transB). C must not overlap A or B. Large products are split by rows over the helper
   * threads when the runtime has them (runtime.enableThreads).
   */
  gemm(a: Float32Array, b: Float32Array, c: Float32Array, m: number, n: number, k: number, options?: GemmOptions): void;
  /**
   * Stride-1 2-D convolution (assembly/conv.as): y [n, o, outH, outW] = x ⋆ w + bias, x [n, c,
   * h, w], w [o, c, kh, kw], bias [o] or null. Needs padH ≤ dilH·(kh − 1) and padW ≤ dilW·(kw − 1)
   * (conv2dSupported). Split over samples on the helper threads.
   */
  conv2d(x: Float32Array, w: Float32Array, bias: Float32Array | null, y: Float32Array, geometry: Conv2dGeometry): void;
  /** Its input gradient gx [n, c, h, w] from g [n, o, outH, outW] (overwritten). */
  conv2dBackwardInput(g: Float32Array, w: Float32Array, gx: Float32Array, geometry: Conv2dGeometry): void;
  /**
   * Its weight gradient gw [o, c, kh, kw] (overwritten); false, with nothing written, when x holds
   * an Inf or NaN (the kernel's thrown-away columns would spread it as 0·Inf = NaN).
   */
  conv2dBackwardWeight(g: Float32Array, x: Float32Array, gw: Float32Array, geometry: Conv2dGeometry): boolean;
  /**
   * 2×2 max pooling, stride 2, of x [planes, h, w] into y [planes, ⌊h/2⌋, ⌊w/2⌋]; `winners`
   * (y's length) receives the int32 flat index into x of each window's winner (torch's rule).
   */
  maxPool2x2(x: Float32Array, planes: number, h: number, w: number, y: Float32Array, winners: Float32Array): void;
  /** gx[winners[i]] += g[i], winners as written by maxPool2x2 (each index must be below gx.length). */
  scatterAdd(g: Float32Array, winners: Float32Array, gx: Float32Array): void;
  /** One Adam/AdamW step on param with its state (exp_avg, exp_avg_sq), as torch.optim. */
  adamStep(param: Float32Array, grad: Float32Array, expAvg: Float32Array, expAvgSq: Float32Array, options: AdamStepOptions): void;
  /** One SGD step; momentumBuffer null when momentum is 0. */
  sgdStep(param: Float32Array, grad: Float32Array, momentumBuffer: Float32Array | null, options: SgdStepOptions): void;
}

/**
 * Whether the conv kernels take this geometry (stride 1 is the caller's condition): the padding
 * on each side at most dil·(k − 1), as the input gradient pads g by dil·(k − 1) − pad.
 */
export function conv2dSupported(g: Conv2dGeometry): boolean {
  const dims = [g.n, g.c, g.h, g.w, g.o, g.kh, g.kw, g.dilH, g.dilW, g.outH, g.outW];
  const span = (k: number, dil: number, pad: number, inSize: number, out: number): boolean => {
    const reach = dil * (k - 1);
    const far = out + reach - inSize - pad;
    return Number.isInteger(pad) && pad >= 0 && pad <= reach && far >= 0 && far <= reach;
  };
  return (
    dims.every((d) => Number.isInteger(d) && d >= 1) &&
    span(g.kh, g.dilH, g.padH, g.h, g.outH) &&
    span(g.kw, g.dilW, g.padW, g.w, g.outW)
  );
}

// Words of a conv job's argument block (assembly/conv.as A_*).
const CONV_ARGS = 24;
const JOB_CONV = 1;
const JOB_CONV_WEIGHT = 2;

export function createKernels(exports: WasmExports, heap: WasmAllocator, threads: ThreadState): WasmKernels {
  const check = new ViewChecker(heap);
  // GEMM packing workspace, allocated on first use and kept for the runtime's lifetime.
  const state: { gemmWorkspace: Float32Array | null } = { gemmWorkspace: null };
  const gemmWorkspace = (): Float32Array =>
    (state.gemmWorkspace ??= heap.allocUninitialized(Math.ceil(exports.gemm_workspace_bytes() / 4)));

  /** Fills a conv job's argument block; returns it with its Int32Array view. */
  function convArgs(kind: number, words: readonly number[]): { block: Float32Array; i32: Int32Array } {
    const block = heap.alloc(CONV_ARGS);
    const i32 = new Int32Array(block.buffer, block.byteOffset, CONV_ARGS);
    i32[0] = kind;
    i32.set(words, 1);
    return { block, i32 };
  }
  /** Runs a conv job in `parts` (the helper threads when worth it), with per-part scratch of conv_scratch_bytes when `scratch`. */
  function runConv(args: { block: Float32Array; i32: Int32Array }, macs: number, maxParts: number, scratch: boolean): void {
    const pool = threads.pool;
    // The helpers take parts 1..count, so a split job has exactly count + 1 parts.
    const parts = pool !== null && maxParts > pool.count && pool.worthSplitting(macs) ? pool.count + 1 : 1;
    const ptr = args.block.byteOffset;
    args.i32[21] = parts;
    let space: Float32Array | null = null;
    if (scratch) {
      const bytes = exports.conv_scratch_bytes(ptr);
      space = heap.allocUninitialized(Math.ceil((parts * bytes + 64) / 4));
      args.i32[19] = space.byteOffset;
      args.i32[20] = bytes;
    }
    try {
      if (parts > 1 && pool !== null) pool.task(ptr, gemmWorkspace().byteOffset);
      else exports.conv_run(ptr, 0, gemmWorkspace().byteOffset);
    } finally {
      if (space) heap.free(space);
    }
  }
  function convChecks(kernel: string, g: Conv2dGeometry, arrays: [string, Float32Array, number][]): void {
    if (!conv2dSupported(g)) throw new RangeError(`wasm ${kernel}: unsupported geometry ${JSON.stringify(g)}`);
    for (const [name, view, length] of arrays) {
      check.ptr(kernel, name, view);
      check.length(kernel, name, view, length, 'its shape');
    }
  }
  const unaryFns: { readonly [K in Exclude<WasmUnaryName, 'sin' | 'cos'>]: (x: number, y: number, n: number) => void } = {
    exp: exports.exp_f32,
    expm1: exports.expm1_f32,
    log: exports.log_f32,
    log1p: exports.log1p_f32,
    tanh: exports.tanh_f32,
    sigmoid: exports.sigmoid_f32,
    erf: exports.erf_f32,
  };

  const xy = (kernel: string, x: Float32Array, y: Float32Array): [number, number] => {
    const px = check.ptr(kernel, 'x', x);
    const py = check.ptr(kernel, 'y', y);
    check.length(kernel, 'y', y, x.length, 'the length of x');
    return [px, py];
  };
  const rowsOf = (kernel: string, x: Float32Array, cols: number): number => check.rows(kernel, x.length, cols);
  /** A row-wise backward (y, gy) -> gx over rows of `cols`, with its argument checks. */
  const rowBackward =
    (k: string, kernel: (py: number, pg: number, pgx: number, rows: number, cols: number) => void) =>
    (y: Float32Array, gy: Float32Array, gx: Float32Array, cols: number): void => {
      const [py, pg] = xy(k, y, gy);
      const pgx = check.ptr(k, 'gx', gx);
      check.length(k, 'gx', gx, y.length, 'the length of y');
      kernel(py, pg, pgx, rowsOf(k, y, cols), cols);
    };
  const binaryCode = (op: WasmBinaryName): number => {
    const code = BINARY_CODES[op];
    if (code === undefined) {
      throw new RangeError(`wasm binary: unknown op ${JSON.stringify(op)} (expected ${Object.keys(BINARY_CODES).join(', ')})`);
    }
    return code;
  };

  return {
    unary(op, x, y) {
      if (op === 'sin' || op === 'cos') {
        const [px, py] = xy(op, x, y);
        return (op === 'sin' ? exports.sin_f32 : exports.cos_f32)(px, py, x.length, 1);
      }
      const fn = unaryFns[op];
      if (fn === undefined) {
        throw new RangeError(`wasm unary: unknown op ${JSON.stringify(op)} (expected ${[...Object.keys(unaryFns), 'sin', 'cos'].join(', ')})`);
      }
      const [px, py] = xy(op, x, y);
      fn(px, py, x.length);
    },
    sin(x, y, scale = 1) {
      const [px, py] = xy('sin', x, y);
      exports.sin_f32(px, py, x.length, scale);
    },
    cos(x, y, scale = 1) {
      const [px, py] = xy('cos', x, y);
      exports.cos_f32(px, py, x.length, scale);
    },
    binary(op, a, b, out) {
      const code = binaryCode(op);
      const pa = check.ptr(op, 'a', a), pb = check.ptr(op, 'b', b), po = check.ptr(op, 'out', out);
      check.length(op, 'out', out, a.length, 'the length of a');
      if (b.length === a.length) exports.binary_same(code, pa, pb, po, a.length);
      else exports.binary_rows(code, pa, pb, po, check.rows(op, a.length, b.length), b.length);
    },
    binaryScalar(op, a, s, out) {
      const code = binaryCode(op);
      const pa = check.ptr(op, 'a', a), po = check.ptr(op, 'out', out);
      check.length(op, 'out', out, a.length, 'the length of a');
      exports.binary_scalar(code, pa, s, po, a.length);
    },
    axpy(alpha, x, y) {
      const [px, py] = xy('axpy', x, y);
      exports.axpy(alpha, px, py, x.length);
    },
    softmax(x, y, cols) {
      const [px, py] = xy('softmax', x, y);
      exports.softmax_fwd(px, py, rowsOf('softmax', x, cols), cols);
    },
    logSoftmax(x, y, cols) {
      const [px, py] = xy('log_softmax', x, y);
      exports.log_softmax_fwd(px, py, rowsOf('log_softmax', x, cols), cols);
    },
    softmaxBackward: rowBackward('softmax backward', exports.softmax_bwd),
    logSoftmaxBackward: rowBackward('log_softmax backward', exports.log_softmax_bwd),
    sum(x) {
      return exports.sum_all(check.ptr('sum', 'x', x), x.length);
    },
    max(x) {
      return exports.max_all(check.ptr('max', 'x', x), x.length);
    },
    sumRows(x, cols, out) {
      const rows = rowsOf('sumRows', x, cols);
      check.length('sumRows', 'out', out, rows, 'one per row');
      exports.sum_rows(check.ptr('sumRows', 'x', x), rows, cols, check.ptr('sumRows', 'out', out));
    },
    maxRows(x, cols, out) {
      const rows = rowsOf('maxRows', x, cols);
      check.length('maxRows', 'out', out, rows, 'one per row');
      exports.max_rows(check.ptr('maxRows', 'x', x), rows, cols, check.ptr('maxRows', 'out', out));
    },
    sumCols(x, cols, out) {
      const rows = rowsOf('sumCols', x, cols);
      check.length('sumCols', 'out', out, cols, 'one per column');
      const px = check.ptr('sumCols', 'x', x), po = check.ptr('sumCols', 'out', out);
      if (overlaps(x, out)) throw new RangeError('wasm sumCols: out must not overlap x');
      exports.sum_cols(px, rows, cols, po);
    },
    gemm(a, b, c, m, n, k, options = {}) {
      for (const [name, v] of [['m', m], ['n', n], ['k', k]] as const) {
        if (!Number.isInteger(v) || v < 0) throw new RangeError(`wasm gemm: ${name} must be a non-negative integer, got ${v}`);
      }
      const pa = check.ptr('gemm', 'a', a), pb = check.ptr('gemm', 'b', b), pc = check.ptr('gemm', 'c', c);
      check.length('gemm', 'a', a, m * k, `m·k = ${m}·${k}`);
      check.length('gemm', 'b', b, k * n, `k·n = ${k}·${n}`);
      check.length('gemm', 'c', c, m * n, `m·n = ${m}·${n}`);
      if (overlaps(c, a) || overlaps(c, b)) throw new RangeError('wasm gemm: c must not overlap a or b');
      if (m === 0 || n === 0) return;
      const ws = gemmWorkspace().byteOffset;
      const flags: [number, number, number] = [options.transA ? 1 : 0, options.transB ? 1 : 0, options.accumulate ? 1 : 0];
      const pool = threads.pool;
      if (pool !== null && pool.worthIt(m, n, k)) pool.gemm(pa, pb, pc, m, n, k, flags, ws);
      else exports.gemm(pa, pb, pc, m, n, k, ...flags, ws);
    },
    conv2d(x, w, bias, y, g) {
      const k = 'conv2d';
      convChecks(k, g, [
        ['x', x, g.n * g.c * g.h * g.w],
        ['w', w, g.o * g.c * g.kh * g.kw],
        ['y', y, g.n * g.o * g.outH * g.outW],
        ...(bias ? [['bias', bias, g.o] as [string, Float32Array, number]] : []),
      ]);
      if (overlaps(y, x) || overlaps(y, w)) throw new RangeError('wasm conv2d: y must not overlap x or w');
      const args = convArgs(JOB_CONV, [
        g.n, g.c, g.h, g.w, g.o, g.kh, g.kw, g.padH, g.padW, g.dilH, g.dilW, g.outH, g.outW,
        x.byteOffset, w.byteOffset, 1, bias ? bias.byteOffset : 0, y.byteOffset,
      ]);
      try {
        runConv(args, g.n * g.o * g.outH * g.outW * g.c * g.kh * g.kw, g.n, true);
      } finally {
        heap.free(args.block);
      }
    },
    conv2dBackwardInput(gy, w, gx, g) {
      const k = 'conv2d backward input';
      convChecks(k, g, [
        ['g', gy, g.n * g.o * g.outH * g.outW],
        ['w', w, g.o * g.c * g.kh * g.kw],
        ['gx', gx, g.n * g.c * g.h * g.w],
      ]);
      if (overlaps(gx, gy) || overlaps(gx, w)) throw new RangeError(`wasm ${k}: gx must not overlap g or w`);
      // A forward over g padded by dil·(k − 1) − pad, with the kernel flipped and channels swapped.
      const flipped = heap.allocUninitialized(g.o * g.c * g.kh * g.kw);
      exports.conv_flip_weights(w.byteOffset, g.o, g.c, g.kh, g.kw, flipped.byteOffset);
      const args = convArgs(JOB_CONV, [
        g.n, g.o, g.outH, g.outW, g.c, g.kh, g.kw, g.dilH * (g.kh - 1) - g.padH, g.dilW * (g.kw - 1) - g.padW,
        g.dilH, g.dilW, g.h, g.w, gy.byteOffset, flipped.byteOffset, 0, 0, gx.byteOffset,
      ]);
      try {
        runConv(args, g.n * g.o * g.outH * g.outW * g.c * g.kh * g.kw, g.n, true);
      } finally {
        heap.free(args.block);
        heap.free(flipped);
      }
    },
    conv2dBackwardWeight(gy, x, gw, g) {
      const k = 'conv2d backward weight';
      convChecks(k, g, [
        ['g', gy, g.n * g.o * g.outH * g.outW],
        ['x', x, g.n * g.c * g.h * g.w],
        ['gw', gw, g.o * g.c * g.kh * g.kw],
      ]);
      if (!exports.all_finite(x.byteOffset, x.length)) return false;
      const taps = g.c * g.kh * g.kw;
      const args = convArgs(JOB_CONV_WEIGHT, [
        g.n, g.c, g.h, g.w, g.o, g.kh, g.kw, g.padH, g.padW, g.dilH, g.dilW, g.outH, g.outW, x.byteOffset,
      ]);
      const ptr = args.block.byteOffset;
      const planes = heap.allocUninitialized(exports.conv_padded_floats(ptr));
      const grads = heap.allocUninitialized(exports.conv_padded_grad_floats(ptr));
      const table = heap.allocUninitialized(taps);
      const gwT = heap.allocUninitialized(taps * g.o);
      try {
        exports.conv_pad_all(ptr, planes.byteOffset); // reads x (A_IMG) ...
        args.i32[14] = planes.byteOffset; // ... which the job then replaces with the padded planes
        exports.conv_pad_grad_all(ptr, gy.byteOffset, grads.byteOffset);
        exports.conv_table(ptr, table.byteOffset);
        args.i32[18] = gwT.byteOffset;
        args.i32[22] = grads.byteOffset;
        args.i32[23] = table.byteOffset;
        const mr = exports.gemm_mr();
        runConv(args, g.n * g.o * g.outH * g.outW * taps, Math.floor(taps / mr), false);
        exports.conv_transpose(gwT.byteOffset, taps, g.o, gw.byteOffset);
      } finally {
        for (const b of [args.block, planes, grads, table, gwT]) heap.free(b);
      }
      return true;
    },
    maxPool2x2(x, planes, h, w, y, winners) {
      const k = 'maxPool2x2';
      for (const [name, v] of [['planes', planes], ['h', h], ['w', w]] as const) {
        if (!Number.isInteger(v) || v < (name === 'planes' ? 0 : 2)) throw new RangeError(`wasm ${k}: bad ${name} ${v}`);
      }
      const oh = Math.floor(h / 2), ow = Math.floor(w / 2);
      const px = check.ptr(k, 'x', x), py = check.ptr(k, 'y', y), pi = check.ptr(k, 'winners', winners);
      check.length(k, 'x', x, planes * h * w, 'planes·h·w');
      check.length(k, 'y', y, planes * oh * ow, 'planes·⌊h/2⌋·⌊w/2⌋');
      check.length(k, 'winners', winners, y.length, 'the length of y');
      exports.maxpool2x2_fwd(px, py, pi, planes, h, w, oh, ow);
    },
    scatterAdd(g, winners, gx) {
      const k = 'scatterAdd';
      const pg = check.ptr(k, 'g', g), pi = check.ptr(k, 'winners', winners), px = check.ptr(k, 'gx', gx);
      check.length(k, 'winners', winners, g.length, 'the length of g');
      const idx = new Int32Array(winners.buffer, winners.byteOffset, winners.length);
      for (let i = 0; i < idx.length; i++) {
        if (!(idx[i]! >= 0 && idx[i]! < gx.length)) throw new RangeError(`wasm ${k}: index ${idx[i]} is outside gx (length ${gx.length})`);
      }
      exports.scatter_add(pg, pi, px, g.length);
    },
    adamStep(param, grad, expAvg, expAvgSq, o) {
      const k = 'adamStep';
      const pp = check.ptr(k, 'param', param);
      const args = [['grad', grad], ['expAvg', expAvg], ['expAvgSq', expAvgSq]] as const;
      const [pg, pm, pv] = args.map(([name, v]) => {
        check.length(k, name, v, param.length, 'the length of param');
        return check.ptr(k, name, v);
      });
      if (!(o.step >= 1)) throw new RangeError(`wasm adamStep: step counts from 1, got ${o.step}`);
      // Scalars in float64, as torch/optim/adam.py computes them in Python.
      const biasCorrection1 = 1 - o.beta1 ** o.step;
      const biasCorrection2 = 1 - o.beta2 ** o.step;
      const decoupled = o.decoupledWeightDecay;
      exports.adam_step(pp, pg!, pm!, pv!, param.length, 1 - o.beta1, o.beta2, 1 - o.beta2,
        decoupled ? 0 : o.weightDecay, decoupled ? 1 - o.lr * o.weightDecay : 1,
        -(o.lr / biasCorrection1), Math.sqrt(biasCorrection2), o.eps);
    },
    sgdStep(param, grad, momentumBuffer, o) {
      const k = 'sgdStep';
      const pp = check.ptr(k, 'param', param), pg = check.ptr(k, 'grad', grad);
      check.length(k, 'grad', grad, param.length, 'the length of param');
      let pbuf = 0;
      if (momentumBuffer !== null) {
        pbuf = check.ptr(k, 'momentumBuffer', momentumBuffer);
        check.length(k, 'momentumBuffer', momentumBuffer, param.length, 'the length of param');
      } else if (o.momentum !== 0) {
        throw new RangeError(`wasm sgdStep: momentum ${o.momentum} needs a momentumBuffer`);
      }
      exports.sgd_step(pp, pg, pbuf, param.length, o.lr, o.momentum, 1 - o.dampening, o.weightDecay,
        o.nesterov ? 1 : 0, o.firstStep ? 1 : 0, o.maximize ? 1 : 0);
    },
  };
}
