// Stride-1 2-D convolution (any kernel size and dilation, zero padding) as GEMMs over the
// implicit im2col matrix, never materialized.
//
// The trick: lay each image into a zero-padded plane of Hp × Wp with Hp = OH + dh(kh − 1) and
// Wp = OW + dw(kw − 1), and index output pixels on the same row pitch, j = oh·Wp + ow. Then the
// input pixel under tap (c, ki, kj) of output j is at c·Hp·Wp + ki·dh·Wp + kj·dw + j: row r =
// (c, ki, kj) of the im2col matrix is one contiguous window of the padded image, shifted by a
// per-row offset. GEMM's A-operand row table (gemm.as) reads those windows directly, so the
// packing that GEMM does anyway is the whole im2col (no extra pass over a K× larger buffer, and
// no cols tensor kept for the backward). The cost: the Wp − OW columns of each output row past
// OW are computed and thrown away (2 of 16 for 3×3 on 14×14, 2 of 30 on 28×28).
//
// All three passes put output pixels on GEMM's m (rows) and channels on n, which suits the
// micro-kernel (MR = 6 rows, NR = 8 columns) for the few channels small networks have:
// - forward:        Y[j, o]  = Σ_r Ximg[r, j] · W[o, r]        (A = image windows, transposed)
// - input gradient: dX[j, c] = Σ_r Gimg[r, j] · W'[r, c]        (a forward over g, padded by
//   (kh − 1)dh − ph, with W' the kernel flipped and in/out channels swapped)
// - weight gradient: dWᵀ[r, o] = Σ_n Σ_j Ximg_n[r, j] · G_n[o, j] (A = image windows; G on the
//   padded row pitch with zeros in the thrown-away columns, so they add nothing)
// The forward and input-gradient passes then transpose [j, o] blocks into NCHW (+ bias).
//
// Threads: a job (the argument block below) is split into `parts`: forward and input gradient
// by samples, weight gradient by rows of dWᵀ (multiples of MR). Every output element is computed
// by the same sequence of operations whatever the number of parts, so results do not depend on
// the thread count.
import { gemm_general, MR } from "./gemm";

// i32 words of a job's argument block (written by kernels.ts, read by every thread).
const A_KIND = 0; // JOB_CONV (forward or input gradient) or JOB_CONV_WEIGHT
const A_N = 1; // samples
const A_IC = 2; // image channels (forward: C; input gradient: O)
const A_IH = 3;
const A_IW = 4;
const A_OC = 5; // output channels (forward: O; input gradient: C)
const A_KH = 6;
const A_KW = 7;
const A_TOP = 8; // rows of zeros above the image in its padded plane
const A_LEFT = 9; // columns of zeros left of it
const A_DH = 10;
const A_DW = 11;
const A_OH = 12;
const A_OW = 13;
const A_IMG = 14; // images [N, IC, IH, IW] (weight gradient: the padded planes, see conv_pad_all)
const A_WT = 15; // forward: W [OC, K]; input gradient: W' [K, OC] (A_WT_TRANS = 0)
const A_WT_TRANS = 16;
const A_BIAS = 17; // [OC] or 0
const A_OUT = 18; // forward/input gradient: [N, OC, OH, OW]; weight gradient: dWᵀ [K, OC]
const A_SCRATCH = 19; // per-part scratch (conv_scratch_bytes each), part p at A_SCRATCH + p·bytes
const A_SCRATCH_BYTES = 20;
const A_PARTS = 21;
const A_G = 22; // weight gradient: G on the padded row pitch [N, OC, OH·Wp] (conv_pad_grad_all)
const A_TABLE = 23; // weight gradient: the row table (conv_table)
export const CONV_ARGS_WORDS: i32 = 24;

export const JOB_CONV: i32 = 1;
export const JOB_CONV_WEIGHT: i32 = 2;

/**
 * Copies n floats (rows of a few dozen: memory.copy and memory.fill call out of the compiled
 * code, ~50 ns each, which cost more than the copy at these sizes).
 */
function copyFloats(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) v128.store(dst + (<usize>i << 2), v128.load(src + (<usize>i << 2)));
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
}
function zeroFloats(dst: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) v128.store(dst + (<usize>i << 2), f32x4.splat(0));
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), 0);
}

@inline function arg(args: usize, i: i32): i32 {
  return load<i32>(args + (<usize>i << 2));
}
@inline function align64(p: usize): usize {
  return (p + 63) & ~(<usize>63);
}

/** Padded plane rows and pitch of a job: Hp = OH + dh(kh − 1), Wp = OW + dw(kw − 1). */
@inline function planeH(args: usize): i32 {
  return arg(args, A_OH) + arg(args, A_DH) * (arg(args, A_KH) - 1);
}
@inline function planeW(args: usize): i32 {
  return arg(args, A_OW) + arg(args, A_DW) * (arg(args, A_KW) - 1);
}
/** Floats of one sample's padded planes: IC·Hp·Wp plus a tail that the last rows' thrown-away columns read past the end. */
@inline function paddedFloats(args: usize): i32 {
  return arg(args, A_IC) * planeH(args) * planeW(args) + arg(args, A_DW) * (arg(args, A_KW) - 1) + 8;
}

/** Bytes of scratch one part of a forward / input-gradient job needs. */
export function conv_scratch_bytes(args: usize): i32 {
  const k = arg(args, A_IC) * arg(args, A_KH) * arg(args, A_KW);
  const j = arg(args, A_OH) * planeW(args);
  return <i32>(align64(<usize>k * 4) + align64(<usize>paddedFloats(args) * 4) + <usize>j * arg(args, A_OC) * 4) + 64;
}

/** Row table of the implicit im2col matrix: byte offset of row (c, ki, kj) in the padded planes. */
export function conv_table(args: usize, table: usize): void {
  const kh = arg(args, A_KH), kw = arg(args, A_KW), hp = planeH(args), wp = planeW(args);
  let r = 0;
  for (let c = 0; c < arg(args, A_IC); c++) {
    for (let ki = 0; ki < kh; ki++) {
      for (let kj = 0; kj < kw; kj++) {
        store<i32>(table + (<usize>r << 2), (c * hp * wp + ki * arg(args, A_DH) * wp + kj * arg(args, A_DW)) << 2);
        r++;
      }
    }
  }
}

/** Sample n's image planes [IC, IH, IW] into zeroed padded planes at dst (paddedFloats floats). */
function padSample(args: usize, n: i32, dst: usize): void {
  const ic = arg(args, A_IC), ih = arg(args, A_IH), iw = arg(args, A_IW);
  const hp = planeH(args), wp = planeW(args), top = arg(args, A_TOP), left = arg(args, A_LEFT);
  zeroFloats(dst, paddedFloats(args));
  // Rows and columns of the image that land inside the plane (all of them for the paddings
  // F.conv2d allows; clipped anyway so no write leaves the plane).
  const r0 = max(0, -top), r1 = min(ih, hp - top);
  const c0 = max(0, -left), c1 = min(iw, wp - left);
  if (r1 <= r0 || c1 <= c0) return;
  const src = arg(args, A_IMG) + (<usize>n * ic * ih * iw << 2);
  for (let c = 0; c < ic; c++) {
    for (let r = r0; r < r1; r++) {
      copyFloats(dst + (<usize>((c * hp + r + top) * wp + left + c0) << 2), src + (<usize>((c * ih + r) * iw + c0) << 2), c1 - c0);
    }
  }
}

/**
 * out[n, o, oh, ow] = tmp[oh·Wp + ow, o] (+ bias[o]) for ow < OW: the GEMM result (pixels ×
 * channels, on the padded pitch) transposed into NCHW, four channels × four pixels at a time.
 */
function scatterOutput(args: usize, n: i32, tmp: usize): void {
  const oc = arg(args, A_OC), oh = arg(args, A_OH), ow = arg(args, A_OW), wp = planeW(args);
  const bias = <usize>arg(args, A_BIAS);
  const plane = <usize>oh * ow;
  const out = <usize>arg(args, A_OUT) + (<usize>n * oc * plane << 2);
  const ldt = <usize>oc << 2; // bytes per tmp row (one pixel)
  let o = 0;
  for (; o <= oc - 4; o += 4) {
    const b = bias != 0 ? v128.load(bias + (<usize>o << 2)) : f32x4.splat(0);
    const b0 = f32x4.splat(f32x4.extract_lane(b, 0)), b1 = f32x4.splat(f32x4.extract_lane(b, 1));
    const b2 = f32x4.splat(f32x4.extract_lane(b, 2)), b3 = f32x4.splat(f32x4.extract_lane(b, 3));
    const o0 = out + (<usize>o * plane << 2);
    for (let y = 0; y < oh; y++) {
      const trow = tmp + <usize>y * wp * ldt + (<usize>o << 2);
      const orow = o0 + (<usize>y * ow << 2);
      let x = 0;
      for (; x <= ow - 4; x += 4) {
        const t = trow + <usize>x * ldt;
        const p = v128.load(t), q = v128.load(t + ldt), r = v128.load(t + 2 * ldt), s = v128.load(t + 3 * ldt);
        const pq0 = f32x4.shuffle(p, q, 0, 4, 1, 5), pq1 = f32x4.shuffle(p, q, 2, 6, 3, 7);
        const rs0 = f32x4.shuffle(r, s, 0, 4, 1, 5), rs1 = f32x4.shuffle(r, s, 2, 6, 3, 7);
        const dst = orow + (<usize>x << 2);
        v128.store(dst, f32x4.add(f32x4.shuffle(pq0, rs0, 0, 1, 4, 5), b0));
        v128.store(dst + (plane << 2), f32x4.add(f32x4.shuffle(pq0, rs0, 2, 3, 6, 7), b1));
        v128.store(dst + (plane << 3), f32x4.add(f32x4.shuffle(pq1, rs1, 0, 1, 4, 5), b2));
        v128.store(dst + plane * 12, f32x4.add(f32x4.shuffle(pq1, rs1, 2, 3, 6, 7), b3));
      }
      for (; x < ow; x++) {
        const t = trow + <usize>x * ldt;
        const dst = orow + (<usize>x << 2);
        for (let c = 0; c < 4; c++) {
          const bc: f32 = bias != 0 ? load<f32>(bias + (<usize>(o + c) << 2)) : 0;
          store<f32>(dst + (<usize>c * plane << 2), load<f32>(t + (<usize>c << 2)) + bc);
        }
      }
    }
  }
  for (; o < oc; o++) {
    const bo: f32 = bias != 0 ? load<f32>(bias + (<usize>o << 2)) : 0;
    const o0 = out + (<usize>o * plane << 2);
    for (let y = 0; y < oh; y++) {
      for (let x = 0; x < ow; x++) {
        store<f32>(o0 + (<usize>(y * ow + x) << 2), load<f32>(tmp + <usize>(y * wp + x) * ldt + (<usize>o << 2)) + bo);
      }
    }
  }
}

/** Forward (or input gradient): samples of part `part` of `parts`. */
function convPart(args: usize, part: i32, ws: usize): void {
  const n = arg(args, A_N), parts = arg(args, A_PARTS);
  const n0 = <i32>((<i64>n * part) / parts), n1 = <i32>((<i64>n * (part + 1)) / parts);
  if (n1 <= n0) return;
  const k = arg(args, A_IC) * arg(args, A_KH) * arg(args, A_KW);
  const oc = arg(args, A_OC), j = arg(args, A_OH) * planeW(args);
  const scratch = align64(<usize>arg(args, A_SCRATCH) + <usize>part * arg(args, A_SCRATCH_BYTES));
  const table = scratch;
  const padded = align64(table + (<usize>k << 2));
  const tmp = align64(padded + (<usize>paddedFloats(args) << 2));
  conv_table(args, table);
  const wt = <usize>arg(args, A_WT), trans = arg(args, A_WT_TRANS);
  for (let s = n0; s < n1; s++) {
    padSample(args, s, padded);
    // tmp [J × OC] = windowsᵀ [J × K] · op(W) [K × OC]; the windows are stored K × J (transA).
    gemm_general(padded, 1, 0, table, wt, trans, trans ? k : oc, tmp, oc, oc, k, 0, ws, 0, j);
    scatterOutput(args, s, tmp);
  }
}

/** Weight gradient: rows [r0, r1) of dWᵀ [K × OC] for part `part`, summed over every sample in order. */
function convWeightPart(args: usize, part: i32, ws: usize): void {
  const k = arg(args, A_IC) * arg(args, A_KH) * arg(args, A_KW);
  const parts = arg(args, A_PARTS), oc = arg(args, A_OC), j = arg(args, A_OH) * planeW(args);
  // Rows split in multiples of MR, so every part's tiles fall where one thread's would.
  const panels = (k + MR - 1) / MR;
  const r0 = min(k, <i32>((<i64>panels * part) / parts) * MR), r1 = min(k, <i32>((<i64>panels * (part + 1)) / parts) * MR);
  if (r1 <= r0) return;
  const table = <usize>arg(args, A_TABLE), img = <usize>arg(args, A_IMG), g = <usize>arg(args, A_G);
  const planes = <usize>paddedFloats(args) << 2, grads = <usize>oc * j << 2;
  for (let s = 0; s < arg(args, A_N); s++) {
    // dWᵀ[r, o] (+)= Σ_j windows[r, j] · G[o, j]: A = windows (K × J, row table), B = Gᵀ (transB).
    gemm_general(img + <usize>s * planes, 0, 0, table, g + <usize>s * grads, 1, j, <usize>arg(args, A_OUT), oc, oc, j, s > 0 ? 1 : 0, ws, r0, r1);
  }
}

/** Every sample's padded planes, one after another (paddedFloats apart), for the weight gradient. */
export function conv_pad_all(args: usize, dst: usize): void {
  const stride = <usize>paddedFloats(args) << 2;
  for (let s = 0; s < arg(args, A_N); s++) padSample(args, s, dst + <usize>s * stride);
}

/**
 * g [N, OC, OH, OW] on the padded row pitch: [N, OC, OH·Wp] with zeros in the columns past OW,
 * so the thrown-away windows add nothing to the weight gradient.
 */
export function conv_pad_grad_all(args: usize, g: usize, dst: usize): void {
  const oh = arg(args, A_OH), ow = arg(args, A_OW), wp = planeW(args), planes = arg(args, A_N) * arg(args, A_OC);
  for (let p = 0; p < planes; p++) {
    const src = g + (<usize>p * oh * ow << 2), out = dst + (<usize>p * oh * wp << 2);
    for (let y = 0; y < oh; y++) {
      const o = out + (<usize>y * wp << 2);
      copyFloats(o, src + (<usize>y * ow << 2), ow);
      zeroFloats(o + (<usize>ow << 2), wp - ow);
    }
  }
}

/** Floats of conv_pad_all's and conv_pad_grad_all's outputs. */
export function conv_padded_floats(args: usize): i32 {
  return arg(args, A_N) * paddedFloats(args);
}
export function conv_padded_grad_floats(args: usize): i32 {
  return arg(args, A_N) * arg(args, A_OC) * arg(args, A_OH) * planeW(args);
}

/**
 * W' [K', C] for the input gradient from W [O, C, kh, kw]: W'[(o, ki, kj), c] =
 * W[o, c, kh − 1 − ki, kw − 1 − kj] (K' = O·kh·kw: the taps flipped, channels swapped).
 */
export function conv_flip_weights(w: usize, o: i32, c: i32, kh: i32, kw: i32, dst: usize): void {
  for (let oo = 0; oo < o; oo++) {
    for (let ki = 0; ki < kh; ki++) {
      for (let kj = 0; kj < kw; kj++) {
        const row = dst + (<usize>((oo * kh + ki) * kw + kj) * c << 2);
        for (let cc = 0; cc < c; cc++) {
          store<f32>(row + (<usize>cc << 2), load<f32>(w + (<usize>(((oo * c + cc) * kh + (kh - 1 - ki)) * kw + (kw - 1 - kj)) << 2)));
        }
      }
    }
  }
}

/** dW [OC, K] = transpose of dWᵀ [K, OC]. */
export function conv_transpose(src: usize, k: i32, oc: i32, dst: usize): void {
  for (let r = 0; r < k; r++) {
    for (let o = 0; o < oc; o++) store<f32>(dst + (<usize>(o * k + r) << 2), load<f32>(src + (<usize>(r * oc + o) << 2)));
  }
}

/** Runs part `part` of the job at args (the calling thread's and each helper's entry). */
export function conv_run(args: usize, part: i32, ws: usize): void {
  if (arg(args, A_KIND) == JOB_CONV_WEIGHT) convWeightPart(args, part, ws);
  else convPart(args, part, ws);
}

/** 1 when every p[i] (i < n) is finite, else 0: the weight gradient's garbage columns would turn an Inf or NaN pixel into NaN (0·Inf). */
export function all_finite(p: usize, n: i32): i32 {
  // x − x is 0 for finite x and NaN for ±Inf and NaN; NaN ≠ NaN.
  let acc = f32x4.splat(0);
  let i = 0;
  for (; i <= n - 4; i += 4) {
    const v = v128.load(p + (<usize>i << 2));
    acc = f32x4.add(acc, f32x4.sub(v, v));
  }
  let s = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
  for (; i < n; i++) {
    const v = load<f32>(p + (<usize>i << 2));
    s += v - v;
  }
  return s == s ? 1 : 0;
}
