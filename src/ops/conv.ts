/**
 * 2-D convolution as im2col + one batched GEMM, and its VJP as two more GEMMs + col2im.
 *
 * Layouts are torch's: x [N, C, H, W], weight [O, C, kh, kw] (read as the matrix [O, C·kh·kw]).
 * im2col unfolds each sample into cols [C·kh·kw, L] (L = outH·outW, one column per output pixel),
 * so out[n] = W · cols[n] lands directly in NCHW order: the GEMM is one backend call with the
 * weight broadcast over the batch (strideA = 0), and the WASM GEMM speeds it up unchanged.
 * Two primitives: `im2col` (VJP col2im) and `conv2d`, the GEMM over its cols, so the tape keeps
 * the cols the weight gradient needs instead of unfolding the input twice.
 *
 * Stride 1 on a backend with convolution kernels (the wasm one: assembly/conv.as reads the
 * im2col matrix implicitly, as shifted windows of a padded image) skips the cols: `conv2d` then
 * takes x itself and runs forward, input gradient and weight gradient in the backend. cols would
 * be C·kh·kw times the image (9× for 3×3), written and read again by every pass.
 */
import type { Conv2dGeometry } from '../backend/backend.js';
import { getBackend } from '../backend/registry.js';
import type { DType, FloatArray } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { apply, empty, emptyUninitialized } from './apply.js';
import type { Primitive } from './apply.js';

/** Resolved geometry of a 2-D window op: per-axis kernel, stride, leading padding, dilation, output size. */
export interface Window2d {
  kernel: [number, number];
  stride: [number, number];
  /** Padding before the first row / column (the far side is implied by `out`). */
  padding: [number, number];
  dilation: [number, number];
  out: [number, number];
}

/**
 * The contiguous runs of the unfold of one image [C, H, W] by window `w`, as quadruples
 * (pixel, col, lo, hi): output columns [lo, hi) of one (column row, output row) whose taps fall
 * inside the image, `pixel` the offset of the tap for ow = 0 (the tap of ow is pixel + ow·stride)
 * and `col` the offset of that output row in cols [C·kh·kw, outH·outW]. Padded taps are left out,
 * so im2col and col2im, which both walk this table, need no bounds checks per element.
 */
function tapRuns(shape: readonly number[], w: Window2d): Int32Array {
  const [, C, H, W] = shape as [number, number, number, number];
  const [kh, kw] = w.kernel;
  const [sh, sw] = w.stride;
  const [ph, pw] = w.padding;
  const [dh, dw] = w.dilation;
  const [OH, OW] = w.out;
  const rows = C * kh * kw;
  const runs = new Int32Array(rows * OH * 4);
  let k = 0;
  for (let r = 0; r < rows; r++) {
    const c = Math.floor(r / (kh * kw));
    const ki = Math.floor(r / kw) % kh;
    const kj = r % kw;
    // Output columns whose tap iw = ow·sw − pw + kj·dw falls inside [0, W).
    const shift = kj * dw - pw;
    const lo = Math.max(0, Math.ceil(-shift / sw));
    const hi = Math.min(OW, Math.floor((W - 1 - shift) / sw) + 1);
    for (let oh = 0; oh < OH; oh++) {
      const ih = oh * sh - ph + ki * dh;
      if (ih < 0 || ih >= H || lo >= hi) continue;
      runs[k++] = c * H * W + ih * W + shift;
      runs[k++] = r * OH * OW + oh * OW;
      runs[k++] = lo;
      runs[k++] = hi;
    }
  }
  return runs.subarray(0, k);
}

/**
 * Unfolds x [N, C, H, W] into cols [N, C·kh·kw, outH·outW]. `cols` must arrive zeroed (fresh
 * backend storage is): padded taps are simply not written.
 */
export function im2col(x: FloatArray, shape: readonly number[], w: Window2d, cols: FloatArray): void {
  const runs = tapRuns(shape, w);
  const sw = w.stride[1];
  const imageSize = shape[1]! * shape[2]! * shape[3]!;
  const colsSize = cols.length / shape[0]!;
  for (let n = 0; n < shape[0]!; n++) {
    for (let q = 0; q < runs.length; q += 4) {
      const pixel = n * imageSize + runs[q]!;
      const col = n * colsSize + runs[q + 1]!;
      const hi = runs[q + 3]!;
      if (sw === 1) for (let ow = runs[q + 2]!; ow < hi; ow++) cols[col + ow] = x[pixel + ow]!;
      else for (let ow = runs[q + 2]!; ow < hi; ow++) cols[col + ow] = x[pixel + ow * sw]!;
    }
  }
}

/** The adjoint of im2col: adds every column entry back onto the pixel it was read from. */
export function col2im(cols: FloatArray, shape: readonly number[], w: Window2d, gx: FloatArray): void {
  const runs = tapRuns(shape, w);
  const sw = w.stride[1];
  const imageSize = shape[1]! * shape[2]! * shape[3]!;
  const colsSize = cols.length / shape[0]!;
  for (let n = 0; n < shape[0]!; n++) {
    for (let q = 0; q < runs.length; q += 4) {
      const pixel = n * imageSize + runs[q]!;
      const col = n * colsSize + runs[q + 1]!;
      const hi = runs[q + 3]!;
      for (let ow = runs[q + 2]!; ow < hi; ow++) gx[pixel + ow * sw]! += cols[col + ow]!;
    }
  }
}

const im2colPrimitive: Primitive<Window2d> = {
  forward: ([x], w) => {
    const [N, C] = x!.shape as [number, number];
    const cols = empty([N, C * w.kernel[0] * w.kernel[1], w.out[0] * w.out[1]], x!.dtype);
    im2col(x!.data as FloatArray, x!.shape, w, cols.data as FloatArray);
    return cols;
  },
  vjp: (g, [x], _out, w) => {
    const gx = empty(x!.shape, x!.dtype);
    col2im((g.dtype === x!.dtype ? g : g.to(x!.dtype)).data as FloatArray, x!.shape, w, gx.data as FloatArray);
    return [gx];
  },
};

/**
 * Attributes of the conv2d primitive: the output's spatial size, and — when input 0 is the image
 * itself rather than its im2col — the window (the backend's stride-1 convolution kernels).
 */
export interface ConvGemmAttrs {
  out: [number, number];
  image?: Window2d;
}

type Backend = ReturnType<typeof getBackend>;

/** Y[n] = W · cols[n] for every sample: one batched GEMM with the weight broadcast (strideA = 0). */
function colsForward(
  backend: Backend,
  W: FloatArray,
  cols: FloatArray,
  Y: FloatArray,
  N: number,
  O: number,
  K: number,
  L: number,
): void {
  backend.matmul(W, cols, Y, { batch: N, m: O, n: L, k: K, transA: false, transB: false, strideA: 0, strideB: K * L });
}

/** dcols[n] = Wᵀ · g[n]. */
function colsGrad(
  backend: Backend,
  W: FloatArray,
  G: FloatArray,
  gcols: FloatArray,
  N: number,
  O: number,
  K: number,
  L: number,
): void {
  backend.matmul(W, G, gcols, { batch: N, m: K, n: L, k: O, transA: true, transB: false, strideA: 0, strideB: O * L });
}

/** dW = Σₙ g[n] · cols[n]ᵀ: one batched GEMM, then a sum over the batch. */
function weightGradFromCols(
  backend: Backend,
  dtype: DType,
  G: FloatArray,
  cols: FloatArray,
  GW: FloatArray,
  N: number,
  O: number,
  K: number,
  L: number,
): void {
  const per = backend.alloc(dtype, N * O * K) as FloatArray;
  backend.matmul(G, cols, per, {
    batch: N,
    m: O,
    n: K,
    k: L,
    transA: false,
    transB: true,
    strideA: O * L,
    strideB: K * L,
  });
  GW.fill(0);
  for (let n = 0; n < N; n++) {
    const at = n * O * K;
    for (let i = 0; i < O * K; i++) GW[i]! += per[at + i]!;
  }
  backend.release?.(per);
}

function addBias(Y: FloatArray, B: FloatArray, N: number, O: number, L: number): void {
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      const b = B[o]!;
      const at = (n * O + o) * L;
      for (let l = 0; l < L; l++) Y[at + l]! += b;
    }
  }
}

/** db[o] = Σ over samples and pixels of g: per-(n, o) row sums, then a sum over n (backend reductions). */
function biasGrad(backend: Backend, dtype: DType, G: FloatArray, N: number, O: number, L: number): Tensor {
  const rows = backend.alloc(dtype, N * O);
  backend.reduce('sum', G, [N, O, L], [2], rows);
  const gb = empty([O], dtype);
  backend.reduce('sum', rows, [N, O], [0], gb.data);
  backend.release?.(rows);
  return gb;
}

/** The stride-1 geometry the backend's conv kernels take (x [N, C, H, W], weight [O, C, kh, kw]). */
function geometry(x: Tensor, weight: Tensor, w: Window2d): Conv2dGeometry {
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [o, , kh, kw] = weight.shape as [number, number, number, number];
  return {
    n,
    c,
    h,
    w: wd,
    o,
    kh,
    kw,
    padH: w.padding[0],
    padW: w.padding[1],
    dilH: w.dilation[0],
    dilW: w.dilation[1],
    outH: w.out[0],
    outW: w.out[1],
  };
}

/** im2col of x into fresh cols [N, K, L] (the fallback of the image mode). */
function colsOf(x: Tensor, w: Window2d): FloatArray {
  const [N, C] = x.shape as [number, number];
  const cols = getBackend(x.dtype).alloc(
    x.dtype,
    N * C * w.kernel[0] * w.kernel[1] * w.out[0] * w.out[1],
  ) as FloatArray;
  im2col(x.data as FloatArray, x.shape, w, cols);
  return cols;
}

/**
 * The GEMM half of a convolution: inputs cols [N, K, L] (from im2col, kept by the tape for the
 * weight gradient), weight [O, C, kh, kw] read as [O, K], and optionally bias [O]. With
 * `attrs.image` input 0 is the image x [N, C, H, W] and the whole stride-1 convolution runs in the
 * backend's conv kernels (no cols at all); where a kernel declines, the same GEMMs run over cols.
 */
const conv2dPrimitive: Primitive<ConvGemmAttrs> = {
  forward: ([input, weight, bias], { out, image }) => {
    const O = weight!.shape[0]!;
    const N = input!.shape[0]!;
    const dtype = input!.dtype;
    const backend = getBackend(dtype);
    const L = out[0] * out[1];
    const y = emptyUninitialized([N, O, out[0], out[1]], dtype);
    const Y = y.data as FloatArray;
    const W = weight!.data as FloatArray;
    const B = bias ? (bias.data as FloatArray) : null;
    if (image && backend.conv2d?.(input!.data as FloatArray, W, B, Y, geometry(input!, weight!, image))) return y;
    const cols = image ? colsOf(input!, image) : (input!.data as FloatArray);
    colsForward(backend, W, cols, Y, N, O, cols.length / N / L, L);
    if (image) backend.release?.(cols);
    if (B) addBias(Y, B, N, O, L);
    return y;
  },
  vjp: (g, [input, weight, bias], _out, { image }) => {
    const N = input!.shape[0]!;
    const O = weight!.shape[0]!;
    const K = weight!.data.length / O;
    const dtype = input!.dtype;
    const backend = getBackend(dtype);
    const G = (g.dtype === dtype ? g : g.to(dtype)).data as FloatArray;
    const L = G.length / N / O;
    const W = weight!.data as FloatArray;
    const geom = image ? geometry(input!, weight!, image) : null;
    let cols: FloatArray | null = image ? null : (input!.data as FloatArray);
    const colsNow = (): FloatArray => (cols ??= colsOf(input!, image!));
    let gin: Tensor | null = null;
    let gw: Tensor | null = null;
    if (input!.requiresGrad) {
      gin = emptyUninitialized(input!.shape, dtype);
      const GI = gin.data as FloatArray;
      if (!(geom && backend.conv2dBackwardInput?.(G, W, GI, geom))) {
        // dcols[n] = Wᵀ · g[n]; in the image mode im2col's VJP scatters it back onto the image.
        const gcols = image ? (backend.alloc(dtype, N * K * L) as FloatArray) : GI;
        colsGrad(backend, W, G, gcols, N, O, K, L);
        if (image) {
          GI.fill(0);
          col2im(gcols, input!.shape, image, GI);
          backend.release?.(gcols);
        }
      }
    }
    if (weight!.requiresGrad) {
      gw = emptyUninitialized(weight!.shape, dtype);
      const GW = gw.data as FloatArray;
      if (!(geom && backend.conv2dBackwardWeight?.(G, input!.data as FloatArray, GW, geom))) {
        weightGradFromCols(backend, dtype, G, colsNow(), GW, N, O, K, L);
      }
    }
    if (image && cols) backend.release?.(cols);
    const gb = bias?.requiresGrad ? biasGrad(backend, dtype, G, N, O, L) : null;
    return bias ? [gin, gw, gb] : [gin, gw];
  },
};

export const convPrimitives = { im2col: im2colPrimitive, conv2d: conv2dPrimitive };

/**
 * Records a conv2d (shapes already checked by F.conv2d): x [N, C, H, W], weight [O, C, kh, kw],
 * bias [O] or null → [N, O, outH, outW]. Stride 1 on a backend with conv kernels: one primitive
 * over x itself; otherwise im2col then the GEMM.
 */
export function conv2dRaw(x: Tensor, weight: Tensor, bias: Tensor | null, win: Window2d): Tensor {
  const rest = bias ? [weight, bias] : [weight];
  if (win.stride[0] === 1 && win.stride[1] === 1 && getBackend(x.dtype).conv2d) {
    return apply('conv2d', conv2dPrimitive, [x, ...rest], { out: win.out, image: win });
  }
  const cols = apply('im2col', im2colPrimitive, [x], win);
  return apply('conv2d', conv2dPrimitive, [cols, ...rest], { out: win.out });
}

/** Records im2col alone (torch's F.unfold): x [N, C, H, W] → [N, C·kh·kw, outH·outW]. */
export function im2colRaw(x: Tensor, win: Window2d): Tensor {
  return apply('im2col', im2colPrimitive, [x], win);
}
