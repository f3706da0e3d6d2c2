// Single-precision GEMM, row-major: C (m×n) = op(A)·op(B) (+ C), op(A) m×k, op(B) k×n, with
// op = identity or transpose for each operand (A·B, Aᵀ·B, A·Bᵀ, Aᵀ·Bᵀ).
//
// Structure (Goto/BLIS): for each NC-wide column block of B and KC-deep slice of k, B is packed
// into NR-wide column panels [panel][p][NR]; for each MC-tall block of A, A is packed into
// MR-tall row panels [panel][p][MR]. The MR×NR micro-kernel then streams both panels with
// unit stride: per step p it loads NR values of B (two f32x4) and broadcasts MR values of A,
// keeping the 4×8 block of C in 8 f32x4 registers. Packing also absorbs the transposes and
// zero-pads the edges, so one micro-kernel serves every variant and every m, n, k.
// Why 4×8: without FMA each update needs a temporary register, and V8 allocates at most 16
// xmm registers; 4×12 and 6×8 (12 accumulators) measured ~29 GFLOP/s in isolation on the
// project machine (Zen 4, Node 20), 4×8 unrolled twice ~41.
// Multiply and add stay separate (mulThenAdd) in the relaxed-SIMD build too: with fused
// multiply-adds this kernel ran at 25–26 GFLOP/s instead of 28–29 (8 accumulator chains do not
// cover the FMA latency at two per cycle), and unfused, both builds give the same products.
// Sizes: a B micro-panel (KC·NR·4 = 8 KiB) stays in L1 across the MC/MR micro-kernel calls;
// the packed A block (MC·KC·4 = 96 KiB) in L2; the packed B block (KC·NC·4 = 2 MiB) in L3.
//
// The caller passes a workspace of gemm_workspace_bytes() (one per thread).
import { splat, add, mulThenAdd } from "./simd";

const MR: i32 = 4;
const NR: i32 = 8;
const KC: i32 = 256;
const MC: i32 = 96;
const NC: i32 = 2048; // multiple of NR

export function gemm_workspace_bytes(): i32 {
  return (MC * KC + KC * NC + MR * NR) * 4 + 64;
}

/** Packs op(A)[i0 .. i0+mc, p0 .. p0+kc] into MR-row panels, zero-padding the last panel. */
function packA(pa: usize, transA: bool, m: i32, k: i32, i0: i32, p0: i32, mc: i32, kc: i32, dst: usize): void {
  for (let ip = 0; ip < mc; ip += MR) {
    const rows = min(MR, mc - ip);
    const panel = dst + (<usize>(ip * kc) << 2);
    if (transA) {
      // A is k×m: the MR values for one p are contiguous.
      for (let p = 0; p < kc; p++) {
        const src = pa + (<usize>((p0 + p) * m + i0 + ip) << 2);
        const out = panel + (<usize>(p * MR) << 2);
        if (rows == MR) v128.store(out, v128.load(src));
        else for (let r = 0; r < MR; r++) store<f32>(out + (<usize>r << 2), r < rows ? load<f32>(src + (<usize>r << 2)) : 0);
      }
    } else if (rows == MR) {
      // A is m×k: transpose 4×4 tiles (4 rows × 4 values of p) with shuffles.
      const r0 = pa + (<usize>((i0 + ip) * k + p0) << 2);
      const ld = <usize>k << 2;
      let p = 0;
      for (; p <= kc - 4; p += 4) {
        const a = v128.load(r0 + (<usize>p << 2));
        const b = v128.load(r0 + ld + (<usize>p << 2));
        const c = v128.load(r0 + 2 * ld + (<usize>p << 2));
        const d = v128.load(r0 + 3 * ld + (<usize>p << 2));
        const ab0 = f32x4.shuffle(a, b, 0, 4, 1, 5);
        const ab1 = f32x4.shuffle(a, b, 2, 6, 3, 7);
        const cd0 = f32x4.shuffle(c, d, 0, 4, 1, 5);
        const cd1 = f32x4.shuffle(c, d, 2, 6, 3, 7);
        const out = panel + (<usize>(p * MR) << 2);
        v128.store(out, f32x4.shuffle(ab0, cd0, 0, 1, 4, 5));
        v128.store(out, f32x4.shuffle(ab0, cd0, 2, 3, 6, 7), 16);
        v128.store(out, f32x4.shuffle(ab1, cd1, 0, 1, 4, 5), 32);
        v128.store(out, f32x4.shuffle(ab1, cd1, 2, 3, 6, 7), 48);
      }
      for (; p < kc; p++) {
        const out = panel + (<usize>(p * MR) << 2);
        for (let r = 0; r < MR; r++) store<f32>(out + (<usize>r << 2), load<f32>(r0 + <usize>r * ld + (<usize>p << 2)));
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const out = panel + (<usize>(p * MR) << 2);
        for (let r = 0; r < MR; r++) {
          const v: f32 = r < rows ? load<f32>(pa + (<usize>((i0 + ip + r) * k + p0 + p) << 2)) : 0;
          store<f32>(out + (<usize>r << 2), v);
        }
      }
    }
  }
}

/** Packs op(B)[p0 .. p0+kc, j0 .. j0+nc] into NR-column panels, zero-padding the last panel. */
function packB(pb: usize, transB: bool, n: i32, k: i32, p0: i32, j0: i32, kc: i32, nc: i32, dst: usize): void {
  for (let jp = 0; jp < nc; jp += NR) {
    const cols = min(NR, nc - jp);
    const panel = dst + (<usize>(jp * kc) << 2);
    if (!transB && cols == NR) {
      // B is k×n: the NR values for one p are contiguous.
      for (let p = 0; p < kc; p++) {
        const src = pb + (<usize>((p0 + p) * n + j0 + jp) << 2);
        const out = panel + (<usize>(p * NR) << 2);
        v128.store(out, v128.load(src));
        v128.store(out, v128.load(src, 16), 16);
      }
    } else if (transB && cols == NR) {
      // B is n×k: column j of op(B) is row j of B; transpose 4×4 tiles.
      const ld = <usize>k << 2;
      for (let jq = 0; jq < NR; jq += 4) {
        const r0 = pb + (<usize>((j0 + jp + jq) * k + p0) << 2);
        let p = 0;
        for (; p <= kc - 4; p += 4) {
          const a = v128.load(r0 + (<usize>p << 2));
          const b = v128.load(r0 + ld + (<usize>p << 2));
          const c = v128.load(r0 + 2 * ld + (<usize>p << 2));
          const d = v128.load(r0 + 3 * ld + (<usize>p << 2));
          const ab0 = f32x4.shuffle(a, b, 0, 4, 1, 5);
          const ab1 = f32x4.shuffle(a, b, 2, 6, 3, 7);
          const cd0 = f32x4.shuffle(c, d, 0, 4, 1, 5);
          const cd1 = f32x4.shuffle(c, d, 2, 6, 3, 7);
          const out = panel + (<usize>(p * NR + jq) << 2);
          v128.store(out, f32x4.shuffle(ab0, cd0, 0, 1, 4, 5));
          v128.store(out, f32x4.shuffle(ab0, cd0, 2, 3, 6, 7), NR * 4);
          v128.store(out, f32x4.shuffle(ab1, cd1, 0, 1, 4, 5), NR * 8);
          v128.store(out, f32x4.shuffle(ab1, cd1, 2, 3, 6, 7), NR * 12);
        }
        for (; p < kc; p++) {
          const out = panel + (<usize>(p * NR + jq) << 2);
          for (let c = 0; c < 4; c++) store<f32>(out + (<usize>c << 2), load<f32>(r0 + <usize>c * ld + (<usize>p << 2)));
        }
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const out = panel + (<usize>(p * NR) << 2);
        for (let c = 0; c < NR; c++) {
          let v: f32 = 0;
          if (c < cols) {
            const j = j0 + jp + c;
            v = transB ? load<f32>(pb + (<usize>(j * k + p0 + p) << 2)) : load<f32>(pb + (<usize>((p0 + p) * n + j) << 2));
          }
          store<f32>(out + (<usize>c << 2), v);
        }
      }
    }
  }
}

/**
 * C[0..4, 0..8] (+)= Apanel·Bpanel over kc steps. ldc is the row stride of C in bytes.
 * 8 accumulators + 2 B vectors + 1 broadcast + 1 temporary fit the 16 xmm registers.
 * The p loop is unrolled twice (loop overhead is otherwise ~15% of the issue slots).
 */
function micro(kc: i32, ap: usize, bp: usize, cp: usize, ldc: usize, accumulate: bool): void {
  let c00 = splat(0), c01 = splat(0), c10 = splat(0), c11 = splat(0);
  let c20 = splat(0), c21 = splat(0), c30 = splat(0), c31 = splat(0);
  let p = 0;
  for (; p < kc - 1; p += 2) {
    let b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = mulThenAdd(a, b0, c00); c01 = mulThenAdd(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = mulThenAdd(a, b0, c10); c11 = mulThenAdd(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = mulThenAdd(a, b0, c20); c21 = mulThenAdd(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = mulThenAdd(a, b0, c30); c31 = mulThenAdd(a, b1, c31);
    b0 = v128.load(bp, 32); b1 = v128.load(bp, 48);
    a = v128.load32_splat(ap, 16);
    c00 = mulThenAdd(a, b0, c00); c01 = mulThenAdd(a, b1, c01);
    a = v128.load32_splat(ap, 20);
    c10 = mulThenAdd(a, b0, c10); c11 = mulThenAdd(a, b1, c11);
    a = v128.load32_splat(ap, 24);
    c20 = mulThenAdd(a, b0, c20); c21 = mulThenAdd(a, b1, c21);
    a = v128.load32_splat(ap, 28);
    c30 = mulThenAdd(a, b0, c30); c31 = mulThenAdd(a, b1, c31);
    ap += 2 * MR * 4;
    bp += 2 * NR * 4;
  }
  if (p < kc) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = mulThenAdd(a, b0, c00); c01 = mulThenAdd(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = mulThenAdd(a, b0, c10); c11 = mulThenAdd(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = mulThenAdd(a, b0, c20); c21 = mulThenAdd(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = mulThenAdd(a, b0, c30); c31 = mulThenAdd(a, b1, c31);
  }
  const c1 = cp + ldc, c2 = cp + 2 * ldc, c3 = cp + 3 * ldc;
  if (accumulate) {
    c00 = add(c00, v128.load(cp)); c01 = add(c01, v128.load(cp, 16));
    c10 = add(c10, v128.load(c1)); c11 = add(c11, v128.load(c1, 16));
    c20 = add(c20, v128.load(c2)); c21 = add(c21, v128.load(c2, 16));
    c30 = add(c30, v128.load(c3)); c31 = add(c31, v128.load(c3, 16));
  }
  v128.store(cp, c00); v128.store(cp, c01, 16);
  v128.store(c1, c10); v128.store(c1, c11, 16);
  v128.store(c2, c20); v128.store(c2, c21, 16);
  v128.store(c3, c30); v128.store(c3, c31, 16);
}

/**
 * C = op(A)·op(B) (+ C when accumulate). A is m×k (k×m if transA), B is k×n (n×k if transB),
 * C is m×n; all row-major and contiguous. Rows [m0, m1) of C only, so threads can split m.
 */
export function gemm_rows(
  pa: usize, pb: usize, pc: usize, m: i32, n: i32, k: i32, transA: i32, transB: i32,
  accumulate: i32, pw: usize, m0: i32, m1: i32,
): void {
  const ldc = <usize>n << 2;
  if (k == 0) {
    if (!accumulate) memory.fill(pc + <usize>m0 * ldc, 0, <usize>(m1 - m0) * ldc);
    return;
  }
  const base = (pw + 63) & ~(<usize>63);
  const pAp = base;
  const pBp = pAp + (<usize>(MC * KC) << 2);
  const pT = pBp + (<usize>(KC * NC) << 2);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kc = min(KC, k - p0);
      packB(pb, transB != 0, n, k, p0, jc, kc, nc, pBp);
      const acc = accumulate != 0 || p0 > 0;
      for (let ic = m0; ic < m1; ic += MC) {
        const mc = min(MC, m1 - ic);
        packA(pa, transA != 0, m, k, ic, p0, mc, kc, pAp);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const bp = pBp + (<usize>(jr * kc) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const ap = pAp + (<usize>(ir * kc) << 2);
            const cp = pc + <usize>(ic + ir) * ldc + (<usize>(jc + jr) << 2);
            if (mr == MR && nr == NR) {
              micro(kc, ap, bp, cp, ldc, acc);
            } else {
              // Edge tile: compute the full MR×NR block into the scratch tile, copy the valid part.
              micro(kc, ap, bp, pT, NR * 4, false);
              for (let r = 0; r < mr; r++) {
                for (let c = 0; c < nr; c++) {
                  const dst = cp + <usize>r * ldc + (<usize>c << 2);
                  const v = load<f32>(pT + (<usize>(r * NR + c) << 2));
                  store<f32>(dst, acc ? load<f32>(dst) + v : v);
                }
              }
            }
          }
        }
      }
    }
  }
}

export function gemm(
  pa: usize, pb: usize, pc: usize, m: i32, n: i32, k: i32, transA: i32, transB: i32,
  accumulate: i32, pw: usize,
): void {
  gemm_rows(pa, pb, pc, m, n, k, transA, transB, accumulate, pw, 0, m);
}
