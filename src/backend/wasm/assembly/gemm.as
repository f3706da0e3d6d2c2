// Single-precision GEMM, row-major: C (m×n) = op(A)·op(B) (+ C), op(A) m×k, op(B) k×n, with
// op = identity or transpose for each operand (A·B, Aᵀ·B, A·Bᵀ, Aᵀ·Bᵀ).
//
// Structure (Goto/BLIS): for each NC-wide column block of B and KC-deep slice of k, B is packed
// into NR-wide column panels [panel][p][NR]; for each MC-tall block of A, A is packed into
// MR-tall row panels [panel][p][MR]. The MR×NR micro-kernel then streams both panels with
// unit stride: per step p it loads NR values of B (two f32x4) and broadcasts MR values of A.
// Packing also absorbs the transposes and zero-pads the edges, so one micro-kernel serves every
// variant and every m, n, k. One exception: with few columns (n <= DIRECT_A_MAX_N; the
// convolutions' channels) a transposed A is read in place by micro6Direct, whose step p loads
// the same six values the packed panel would hold, because a packed panel would serve only
// n/NR micro-kernel calls (relaxed build; full panels; the last, partial one is packed).
//
// Micro-kernel, by build (measured on the project machine, Zen 4, Node 20, panels in L1; the
// register-blocked multiply-add peak, assembly/peak.as, is ~55 GFLOP/s there):
// - relaxed build: 6×8 with fused multiply-adds (f32x4.relaxed_madd → vfmadd231ps): 12
//   accumulators + 2 B vectors + 1 broadcast = 15 of the 16 xmm registers (V8 keeps xmm15 as
//   scratch). Twelve independent chains cover the FMA latency (4 cycles, 2 per cycle): ~53
//   GFLOP/s. 4×8 fused has only 8 chains (~46); 6×8 unrolled twice spills (~37); 4×12 needs 16
//   registers and spills (~25).
// - baseline build (no FMA): 4×8 with multiply then add (8 accumulators + 2 B + 1 broadcast + 1
//   product temporary), unrolled twice: ~49 GFLOP/s. 6×8 unfused needs 16 registers (~26).
// Either way each C element is summed in the same order whatever the split over threads (every
// thread runs the same KC blocking), so results depend on the build, never on the thread count.
//
// Operands are described by a base pointer, a leading dimension (elements) and, for A, an
// optional table of row offsets: A row r (of A as stored) starts at pa + table[r] (bytes). A
// table turns an implicit matrix into a GEMM operand without materializing it: the rows of the
// im2col matrix of a stride-1 convolution are shifted windows of one padded image (conv.as).
//
// Sizes: a B micro-panel (KC·NR·4 = 8 KiB) stays in L1 across the MC/MR micro-kernel calls;
// the packed A block (MC·KC·4 = 96 KiB) in L2; the packed B block (KC·NC·4 = 2 MiB) in L3.
//
// The caller passes a workspace of gemm_workspace_bytes() (one per thread).
import { splat, add, madd, mulThenAdd } from "./simd";

/** Micro-kernel rows: 6 with fused multiply-adds (relaxed build), 4 without (see above). */
export const MR: i32 = ASC_FEATURE_RELAXED_SIMD ? 6 : 4;
export const NR: i32 = 8;
const KC: i32 = 256;
const MC: i32 = 96; // multiple of both MRs
const NC: i32 = 2048; // multiple of NR
/**
 * Widest n for which a transposed A is read in place rather than packed (relaxed build, full
 * panels): a packed A panel is reused by n/NR micro-kernel calls, and for the convolutions' few
 * channels (n = 16–32: 2–4 calls) packing took 15–29% of the GEMM (bench/gemm-shapes.ts).
 */
const DIRECT_A_MAX_N: i32 = 64;
/** An i32 0: the "row table" of a direct A without one (its rows then advance by lda). */
const ZERO_OFFSET = memory.data<i32>([0, 0, 0, 0]);

export function gemm_workspace_bytes(): i32 {
  return (MC * KC + KC * NC + MR * NR) * 4 + 64;
}

/** Rows of the micro-kernel of this build (threads split C in multiples of it). */
export function gemm_mr(): i32 {
  return MR;
}

/** Address of row r of A as stored: pa + r·lda, or pa + table[r] with a row table. */
@inline function rowA(pa: usize, lda: i32, table: usize, r: i32): usize {
  return table != 0 ? pa + <usize>load<i32>(table + (<usize>r << 2)) : pa + (<usize>r * <usize>lda << 2);
}

/**
 * Packs rows [i0, i0+mc) × columns [p0, p0+kc) of op(A) into MR-row panels, zero-padding the
 * last panel. A is m×k (row i of op(A) = stored row i), or k×m with transA (column p of op(A) =
 * stored row p); stored rows are found by rowA.
 */
function packA(pa: usize, transA: bool, lda: i32, table: usize, i0: i32, p0: i32, mc: i32, kc: i32, dst: usize): void {
  for (let ip = 0; ip < mc; ip += MR) {
    const rows = min(MR, mc - ip);
    const panel = dst + (<usize>(ip * kc) << 2);
    if (transA) {
      // The MR values for one p are contiguous in stored row p.
      const col = <usize>(i0 + ip) << 2;
      for (let p = 0; p < kc; p++) {
        const src = rowA(pa, lda, table, p0 + p) + col;
        const out = panel + (<usize>(p * MR) << 2);
        if (rows == MR) {
          v128.store(out, v128.load(src));
          if (MR == 6) v128.store64_lane(out, v128.load64_zero(src, 16), 0, 16);
        } else {
          for (let r = 0; r < MR; r++) store<f32>(out + (<usize>r << 2), r < rows ? load<f32>(src + (<usize>r << 2)) : 0);
        }
      }
    } else if (rows == MR) {
      // Row i of op(A) is stored row i: transpose 4×4 tiles (4 rows × 4 values of p) with
      // shuffles; with MR = 6 the last two rows are interleaved pairwise.
      const q0 = <usize>p0 << 2;
      const s0 = rowA(pa, lda, table, i0 + ip) + q0, s1 = rowA(pa, lda, table, i0 + ip + 1) + q0;
      const s2 = rowA(pa, lda, table, i0 + ip + 2) + q0, s3 = rowA(pa, lda, table, i0 + ip + 3) + q0;
      const s4 = MR == 6 ? rowA(pa, lda, table, i0 + ip + 4) + q0 : 0;
      const s5 = MR == 6 ? rowA(pa, lda, table, i0 + ip + 5) + q0 : 0;
      let p = 0;
      for (; p <= kc - 4; p += 4) {
        const q = <usize>p << 2;
        const a = v128.load(s0 + q);
        const b = v128.load(s1 + q);
        const c = v128.load(s2 + q);
        const d = v128.load(s3 + q);
        const ab0 = f32x4.shuffle(a, b, 0, 4, 1, 5);
        const ab1 = f32x4.shuffle(a, b, 2, 6, 3, 7);
        const cd0 = f32x4.shuffle(c, d, 0, 4, 1, 5);
        const cd1 = f32x4.shuffle(c, d, 2, 6, 3, 7);
        const out = panel + (<usize>(p * MR) << 2);
        v128.store(out, f32x4.shuffle(ab0, cd0, 0, 1, 4, 5));
        v128.store(out, f32x4.shuffle(ab0, cd0, 2, 3, 6, 7), MR * 4);
        v128.store(out, f32x4.shuffle(ab1, cd1, 0, 1, 4, 5), MR * 8);
        v128.store(out, f32x4.shuffle(ab1, cd1, 2, 3, 6, 7), MR * 12);
        if (MR == 6) {
          const e = v128.load(s4 + q);
          const f = v128.load(s5 + q);
          const ef0 = f32x4.shuffle(e, f, 0, 4, 1, 5);
          const ef1 = f32x4.shuffle(e, f, 2, 6, 3, 7);
          v128.store64_lane(out, ef0, 0, 16);
          v128.store64_lane(out, ef0, 1, 16 + MR * 4);
          v128.store64_lane(out, ef1, 0, 16 + MR * 8);
          v128.store64_lane(out, ef1, 1, 16 + MR * 12);
        }
      }
      for (; p < kc; p++) {
        const out = panel + (<usize>(p * MR) << 2);
        for (let r = 0; r < MR; r++) {
          store<f32>(out + (<usize>r << 2), load<f32>(rowA(pa, lda, table, i0 + ip + r) + (<usize>(p0 + p) << 2)));
        }
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const out = panel + (<usize>(p * MR) << 2);
        for (let r = 0; r < MR; r++) {
          const v: f32 = r < rows ? load<f32>(rowA(pa, lda, table, i0 + ip + r) + (<usize>(p0 + p) << 2)) : 0;
          store<f32>(out + (<usize>r << 2), v);
        }
      }
    }
  }
}

/**
 * Packs rows [p0, p0+kc) × columns [j0, j0+nc) of op(B) into NR-column panels, zero-padding the
 * last panel. B is k×n with row stride ldb (elements), or n×k with transB.
 */
function packB(pb: usize, transB: bool, ldb: i32, p0: i32, j0: i32, kc: i32, nc: i32, dst: usize): void {
  const ld = <usize>ldb << 2;
  for (let jp = 0; jp < nc; jp += NR) {
    const cols = min(NR, nc - jp);
    const panel = dst + (<usize>(jp * kc) << 2);
    if (!transB && cols == NR) {
      // B is k×n: the NR values for one p are contiguous.
      const col = <usize>(j0 + jp) << 2;
      for (let p = 0; p < kc; p++) {
        const src = pb + <usize>(p0 + p) * ld + col;
        const out = panel + (<usize>(p * NR) << 2);
        v128.store(out, v128.load(src));
        v128.store(out, v128.load(src, 16), 16);
      }
    } else if (transB && cols == NR) {
      // B is n×k: column j of op(B) is row j of B; transpose 4×4 tiles.
      for (let jq = 0; jq < NR; jq += 4) {
        const r0 = pb + <usize>(j0 + jp + jq) * ld + (<usize>p0 << 2);
        let p = 0;
        for (; p <= kc - 4; p += 4) {
          const q = <usize>p << 2;
          const a = v128.load(r0 + q);
          const b = v128.load(r0 + ld + q);
          const c = v128.load(r0 + 2 * ld + q);
          const d = v128.load(r0 + 3 * ld + q);
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
            v = transB ? load<f32>(pb + <usize>j * ld + (<usize>(p0 + p) << 2)) : load<f32>(pb + <usize>(p0 + p) * ld + (<usize>j << 2));
          }
          store<f32>(out + (<usize>c << 2), v);
        }
      }
    }
  }
}

/**
 * C[0..MR, 0..8] (+)= Apanel·Bpanel over kc steps (relaxed build: MR = 6, fused). ldc is the row
 * stride of C in bytes. The accumulators start from C (or 0) and the epilogue only stores: with
 * the usual "add C at the end" V8's register allocator kept three accumulators on the stack in
 * the loop (35 instead of 53 GFLOP/s). Not unrolled: 15 live registers leave none for a second
 * step's loads.
 */
function micro6(kc: i32, ap: usize, bp: usize, cp: usize, ldc: usize, accumulate: bool): void {
  const c1 = cp + ldc, c2 = cp + 2 * ldc, c3 = cp + 3 * ldc, c4 = cp + 4 * ldc, c5 = cp + 5 * ldc;
  let c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128;
  let c30: v128, c31: v128, c40: v128, c41: v128, c50: v128, c51: v128;
  if (accumulate) {
    c00 = v128.load(cp); c01 = v128.load(cp, 16);
    c10 = v128.load(c1); c11 = v128.load(c1, 16);
    c20 = v128.load(c2); c21 = v128.load(c2, 16);
    c30 = v128.load(c3); c31 = v128.load(c3, 16);
    c40 = v128.load(c4); c41 = v128.load(c4, 16);
    c50 = v128.load(c5); c51 = v128.load(c5, 16);
  } else {
    c00 = splat(0); c01 = splat(0); c10 = splat(0); c11 = splat(0); c20 = splat(0); c21 = splat(0);
    c30 = splat(0); c31 = splat(0); c40 = splat(0); c41 = splat(0); c50 = splat(0); c51 = splat(0);
  }
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
    a = v128.load32_splat(ap, 16);
    c40 = madd(a, b0, c40); c41 = madd(a, b1, c41);
    a = v128.load32_splat(ap, 20);
    c50 = madd(a, b0, c50); c51 = madd(a, b1, c51);
    ap += 6 * 4;
    bp += NR * 4;
  }
  v128.store(cp, c00); v128.store(cp, c01, 16);
  v128.store(c1, c10); v128.store(c1, c11, 16);
  v128.store(c2, c20); v128.store(c2, c21, 16);
  v128.store(c3, c30); v128.store(c3, c31, 16);
  v128.store(c4, c40); v128.store(c4, c41, 16);
  v128.store(c5, c50); v128.store(c5, c51, 16);
}

/**
 * micro6 with a transposed A read in place instead of from a packed panel: step p's six values
 * are contiguous at rowA(p0 + p) + col (the row table's offset, or p·lda). The same multiply-adds
 * in the same order as micro6 over the packed panel, so the results are bit-identical.
 */
function micro6Direct(
  kc: i32, pa: usize, ldaBytes: usize, table: usize, p0: i32, col: usize, bp: usize, cp: usize, ldc: usize,
  accumulate: bool,
): void {
  // Without a table the row advances by lda and the "table" is a fixed 0.
  let tp = table != 0 ? table + (<usize>p0 << 2) : ZERO_OFFSET;
  const tstep: usize = table != 0 ? 4 : 0;
  let base = (table != 0 ? pa : pa + <usize>p0 * ldaBytes) + col;
  const bstep: usize = table != 0 ? 0 : ldaBytes;
  const c1 = cp + ldc, c2 = cp + 2 * ldc, c3 = cp + 3 * ldc, c4 = cp + 4 * ldc, c5 = cp + 5 * ldc;
  let c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128;
  let c30: v128, c31: v128, c40: v128, c41: v128, c50: v128, c51: v128;
  if (accumulate) {
    c00 = v128.load(cp); c01 = v128.load(cp, 16);
    c10 = v128.load(c1); c11 = v128.load(c1, 16);
    c20 = v128.load(c2); c21 = v128.load(c2, 16);
    c30 = v128.load(c3); c31 = v128.load(c3, 16);
    c40 = v128.load(c4); c41 = v128.load(c4, 16);
    c50 = v128.load(c5); c51 = v128.load(c5, 16);
  } else {
    c00 = splat(0); c01 = splat(0); c10 = splat(0); c11 = splat(0); c20 = splat(0); c21 = splat(0);
    c30 = splat(0); c31 = splat(0); c40 = splat(0); c41 = splat(0); c50 = splat(0); c51 = splat(0);
  }
  for (let p = 0; p < kc; p++) {
    const ap = base + <usize>load<i32>(tp);
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
    a = v128.load32_splat(ap, 16);
    c40 = madd(a, b0, c40); c41 = madd(a, b1, c41);
    a = v128.load32_splat(ap, 20);
    c50 = madd(a, b0, c50); c51 = madd(a, b1, c51);
    tp += tstep;
    base += bstep;
    bp += NR * 4;
  }
  v128.store(cp, c00); v128.store(cp, c01, 16);
  v128.store(c1, c10); v128.store(c1, c11, 16);
  v128.store(c2, c20); v128.store(c2, c21, 16);
  v128.store(c3, c30); v128.store(c3, c31, 16);
  v128.store(c4, c40); v128.store(c4, c41, 16);
  v128.store(c5, c50); v128.store(c5, c51, 16);
}

/**
 * C[0..4, 0..8] (+)= Apanel·Bpanel over kc steps (baseline build: MR = 4, multiply then add).
 * 8 accumulators + 2 B vectors + 1 broadcast + 1 temporary fit the registers. The p loop is
 * unrolled twice (loop overhead is otherwise ~15% of the issue slots).
 */
function micro4(kc: i32, ap: usize, bp: usize, cp: usize, ldc: usize, accumulate: bool): void {
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
    ap += 2 * 4 * 4;
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

@inline function micro(kc: i32, ap: usize, bp: usize, cp: usize, ldc: usize, accumulate: bool): void {
  if (MR == 6) micro6(kc, ap, bp, cp, ldc, accumulate);
  else micro4(kc, ap, bp, cp, ldc, accumulate);
}

/**
 * The general form: C = op(A)·op(B) (+ C when accumulate) for rows [m0, m1) of C, with leading
 * dimensions lda, ldb, ldc (elements) and A's optional row table (see the file comment; 0: none).
 */
export function gemm_general(
  pa: usize, transA: i32, lda: i32, table: usize, pb: usize, transB: i32, ldb: i32, pc: usize, ldcElems: i32,
  n: i32, k: i32, accumulate: i32, pw: usize, m0: i32, m1: i32,
): void {
  const ldc = <usize>ldcElems << 2;
  if (m1 <= m0 || n <= 0) return;
  if (k == 0) {
    if (!accumulate) for (let i = m0; i < m1; i++) memory.fill(pc + <usize>i * ldc, 0, <usize>n << 2);
    return;
  }
  const base = (pw + 63) & ~(<usize>63);
  const pAp = base;
  const pBp = pAp + (<usize>(MC * KC) << 2);
  const pT = pBp + (<usize>(KC * NC) << 2);
  // Few columns: full panels of a transposed A are read in place (micro6Direct), only the last,
  // partial one is packed (zero-padded).
  const direct = MR == 6 && transA != 0 && n <= DIRECT_A_MAX_N;
  const ldaBytes = <usize>lda << 2;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kc = min(KC, k - p0);
      packB(pb, transB != 0, ldb, p0, jc, kc, nc, pBp);
      const acc = accumulate != 0 || p0 > 0;
      for (let ic = m0; ic < m1; ic += MC) {
        const mc = min(MC, m1 - ic);
        const inPlace = direct ? mc - mc % MR : 0; // rows [0, inPlace) of the block are read in place
        if (inPlace < mc) packA(pa, transA != 0, lda, table, ic + inPlace, p0, mc - inPlace, kc, pAp);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const bp = pBp + (<usize>(jr * kc) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const ap = pAp + (<usize>((ir - inPlace) * kc) << 2);
            const col = <usize>(ic + ir) << 2;
            const cp = pc + <usize>(ic + ir) * ldc + (<usize>(jc + jr) << 2);
            if (mr == MR && nr == NR) {
              if (ir < inPlace) micro6Direct(kc, pa, ldaBytes, table, p0, col, bp, cp, ldc, acc);
              else micro(kc, ap, bp, cp, ldc, acc);
            } else {
              // Edge tile: the full MR×NR block in the scratch tile, started from the valid part
              // of C, then the valid part copied back. The same operations as a full tile, so an
              // element rounds alike wherever the tile edges fall (e.g. at a thread's split).
              if (acc) {
                for (let r = 0; r < mr; r++) {
                  for (let c = 0; c < nr; c++) {
                    store<f32>(pT + (<usize>(r * NR + c) << 2), load<f32>(cp + <usize>r * ldc + (<usize>c << 2)));
                  }
                }
              }
              if (ir < inPlace) micro6Direct(kc, pa, ldaBytes, table, p0, col, bp, pT, NR * 4, acc);
              else micro(kc, ap, bp, pT, NR * 4, acc);
              for (let r = 0; r < mr; r++) {
                for (let c = 0; c < nr; c++) {
                  store<f32>(cp + <usize>r * ldc + (<usize>c << 2), load<f32>(pT + (<usize>(r * NR + c) << 2)));
                }
              }
            }
          }
        }
      }
    }
  }
}

/**
 * C = op(A)·op(B) (+ C when accumulate). A is m×k (k×m if transA), B is k×n (n×k if transB),
 * C is m×n; all row-major and contiguous. Rows [m0, m1) of C only, so threads can split m.
 */
export function gemm_rows(
  pa: usize, pb: usize, pc: usize, m: i32, n: i32, k: i32, transA: i32, transB: i32,
  accumulate: i32, pw: usize, m0: i32, m1: i32,
): void {
  gemm_general(pa, transA, transA ? m : k, 0, pb, transB, transB ? k : n, pc, n, n, k, accumulate, pw, m0, m1);
}

export function gemm(
  pa: usize, pb: usize, pc: usize, m: i32, n: i32, k: i32, transA: i32, transB: i32,
  accumulate: i32, pw: usize,
): void {
  gemm_rows(pa, pb, pc, m, n, k, transA, transB, accumulate, pw, 0, m);
}
