// Fused forward (y = f(x)) and backward (gx = gy·f'(x)) kernels for the piecewise activations.
//
// Conventions follow PyTorch's CPU kernels (ATen/native/cpu/Activation.cpp, derivatives.yaml):
// - clamps use maxps/minps with x as the operand returned on NaN and on ±0 ties, so NaN
//   propagates and relu(−0) = −0 (wasm pmax/pmin are exactly those instructions);
// - kinks: relu'(0) = 0, hardtanh'/relu6' = 0 at and beyond the bounds, leaky_relu'(0) =
//   slope, threshold'(threshold) = 0, shrink' = 0 at ±lambd, hardsigmoid' = 0 at ±3,
//   hardswish' = 0 below −3, (2x + 3)/6 on [−3, 3), 1 from 3 on;
// - NaN inputs follow ATen's scalar lambdas (what the PyTorch goldens record): each backward
//   tests for the zero-gradient region, so a NaN x passes gy (relu, hardtanh, shrinks,
//   hardswish, threshold) or gives gy·slope (leaky_relu), and hardsigmoid gives 0. (ATen's
//   AVX paths of hardtanh/shrink/hardswish differ there; see test/backend/wasm.)
// Every kernel may run in place (y aliasing x, gx aliasing gy).
import {
  splat, add, sub, mul, div, madd, abs, lt, le, gt, ge, eq, sel, keep, pmax, pmin, ld, st, ldTail, stTail,
} from "./simd";

const ZERO: f32 = 0;

// ---- relu: y = max(x, 0); gx = x <= 0 ? 0 : gy
@inline function reluF(x: v128): v128 { return pmax(x, splat(ZERO)); }
@inline function reluB(x: v128, g: v128): v128 { return v128.andnot(g, le(x, splat(ZERO))); }

export function relu_fwd(px: usize, py: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(py, i, reluF(ld(px, i)));
  if (i < n) stTail(py, i, reluF(ldTail(px, i, n - i)), n - i);
}
export function relu_bwd(px: usize, pg: usize, pgx: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(pgx, i, reluB(ld(px, i), ld(pg, i)));
  if (i < n) stTail(pgx, i, reluB(ldTail(px, i, n - i), ldTail(pg, i, n - i)), n - i);
}

// ---- hardtanh (relu6 = hardtanh(0, 6)): y = clamp(x, lo, hi); gx = x <= lo || x >= hi ? 0 : gy
@inline function hardtanhF(x: v128, lo: f32, hi: f32): v128 { return pmin(pmax(x, splat(lo)), splat(hi)); }
@inline function hardtanhB(x: v128, g: v128, lo: f32, hi: f32): v128 {
  return v128.andnot(g, v128.or(le(x, splat(lo)), ge(x, splat(hi))));
}
export function hardtanh_fwd(px: usize, py: usize, n: i32, lo: f32, hi: f32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(py, i, hardtanhF(ld(px, i), lo, hi));
  if (i < n) stTail(py, i, hardtanhF(ldTail(px, i, n - i), lo, hi), n - i);
}
export function hardtanh_bwd(px: usize, pg: usize, pgx: usize, n: i32, lo: f32, hi: f32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(pgx, i, hardtanhB(ld(px, i), ld(pg, i), lo, hi));
  if (i < n) stTail(pgx, i, hardtanhB(ldTail(px, i, n - i), ldTail(pg, i, n - i), lo, hi), n - i);
}

// ---- leaky_relu / prelu (scalar weight) / rrelu (eval): y = x·(x > 0 ? 1 : slope)
@inline function leakyF(x: v128, s: f32): v128 { return mul(x, sel(gt(x, splat(ZERO)), splat(1), splat(s))); }
@inline function leakyB(x: v128, g: v128, s: f32): v128 { return mul(g, sel(gt(x, splat(ZERO)), splat(1), splat(s))); }
export function leaky_relu_fwd(px: usize, py: usize, n: i32, slope: f32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(py, i, leakyF(ld(px, i), slope));
  if (i < n) stTail(py, i, leakyF(ldTail(px, i, n - i), slope), n - i);
}
export function leaky_relu_bwd(px: usize, pg: usize, pgx: usize, n: i32, slope: f32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(pgx, i, leakyB(ld(px, i), ld(pg, i), slope));
  if (i < n) stTail(pgx, i, leakyB(ldTail(px, i, n - i), ldTail(pg, i, n - i), slope), n - i);
}

// ---- prelu: y = x > 0 ? x : w·x; gx = x > 0 ? gy : w·gy; gw = Σ (x > 0 ? 0 : x·gy)
@inline function preluF(x: v128, w: v128): v128 { return sel(gt(x, splat(ZERO)), x, mul(w, x)); }
@inline function preluB(x: v128, g: v128, w: v128): v128 { return sel(gt(x, splat(ZERO)), g, mul(w, g)); }
@inline function preluW(x: v128, g: v128): v128 { return v128.andnot(mul(x, g), gt(x, splat(ZERO))); }

/** Forward for a weight per channel: x is [outer][channels][inner], contiguous. */
export function prelu_fwd(px: usize, pw: usize, py: usize, outer: i32, channels: i32, inner: i32): void {
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      const w = splat(load<f32>(pw + (<usize>c << 2)));
      const base = (o * channels + c) * inner;
      const bx = px + (<usize>base << 2);
      const by = py + (<usize>base << 2);
      let i = 0;
      for (; i <= inner - 4; i += 4) st(by, i, preluF(ld(bx, i), w));
      if (i < inner) stTail(by, i, preluF(ldTail(bx, i, inner - i), w), inner - i);
    }
  }
}

/** Backward for a weight per channel: writes gx and adds Σ_{o,i} (x ≤ 0 ? x·gy : 0) to gw[c]. */
export function prelu_bwd(
  px: usize, pg: usize, pw: usize, pgx: usize, pgw: usize, outer: i32, channels: i32, inner: i32,
): void {
  for (let c = 0; c < channels; c++) {
    const w = splat(load<f32>(pw + (<usize>c << 2)));
    let total: f64 = 0;
    for (let o = 0; o < outer; o++) {
      const base = <usize>((o * channels + c) * inner) << 2;
      const bx = px + base, bg = pg + base, bgx = pgx + base;
      let acc = splat(0);
      let i = 0;
      for (; i <= inner - 4; i += 4) {
        const x = ld(bx, i), g = ld(bg, i);
        acc = add(acc, preluW(x, g));
        st(bgx, i, preluB(x, g, w));
      }
      if (i < inner) {
        const r = inner - i;
        const x = ldTail(bx, i, r), g = ldTail(bg, i, r);
        acc = add(acc, preluW(x, g));
        stTail(bgx, i, preluB(x, g, w), r);
      }
      total += <f64>f32x4.extract_lane(acc, 0) + <f64>f32x4.extract_lane(acc, 1) +
        <f64>f32x4.extract_lane(acc, 2) + <f64>f32x4.extract_lane(acc, 3);
    }
    const q = pgw + (<usize>c << 2);
    store<f32>(q, <f32>(<f64>load<f32>(q) + total));
  }
}

// ---- threshold: y = x <= th ? value : x; gx = x <= th ? 0 : gy
@inline function thresholdF(x: v128, th: f32, v: f32): v128 { return sel(le(x, splat(th)), splat(v), x); }
@inline function thresholdB(x: v128, g: v128, th: f32): v128 { return v128.andnot(g, le(x, splat(th))); }
export function threshold_fwd(px: usize, py: usize, n: i32, th: f32, value: f32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(py, i, thresholdF(ld(px, i), th, value));
  if (i < n) stTail(py, i, thresholdF(ldTail(px, i, n - i), th, value), n - i);
}
export function threshold_bwd(px: usize, pg: usize, pgx: usize, n: i32, th: f32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(pgx, i, thresholdB(ld(px, i), ld(pg, i), th));
  if (i < n) stTail(pgx, i, thresholdB(ldTail(px, i, n - i), ldTail(pg, i, n - i), th), n - i);
}

// ---- hardshrink / softshrink; shared backward gx = −lambd <= x <= lambd ? 0 : gy
@inline function inside(x: v128, l: f32): v128 { return v128.and(ge(x, splat(-l)), le(x, splat(l))); }
@inline function hardshrinkF(x: v128, l: f32): v128 { return v128.andnot(x, inside(x, l)); }
/** x − clamp(x, −λ, λ): x ∓ λ outside (one rounding, as PyTorch), x − x = +0 inside, NaN kept. */
@inline function softshrinkF(x: v128, l: f32): v128 {
  return sub(x, pmax(pmin(x, splat(l)), splat(-l)));
}
@inline function shrinkB(x: v128, g: v128, l: f32): v128 { return v128.andnot(g, inside(x, l)); }
export function hardshrink_fwd(px: usize, py: usize, n: i32, l: f32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(py, i, hardshrinkF(ld(px, i), l));
  if (i < n) stTail(py, i, hardshrinkF(ldTail(px, i, n - i), l), n - i);
}
export function softshrink_fwd(px: usize, py: usize, n: i32, l: f32): void {
  let i = 0;
  for (; i <= n - 8; i += 8) {
    st(py, i, softshrinkF(ld(px, i), l));
    st(py, i + 4, softshrinkF(ld(px, i + 4), l));
  }
  for (; i <= n - 4; i += 4) st(py, i, softshrinkF(ld(px, i), l));
  if (i < n) stTail(py, i, softshrinkF(ldTail(px, i, n - i), l), n - i);
}
export function shrink_bwd(px: usize, pg: usize, pgx: usize, n: i32, l: f32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(pgx, i, shrinkB(ld(px, i), ld(pg, i), l));
  if (i < n) stTail(pgx, i, shrinkB(ldTail(px, i, n - i), ldTail(pg, i, n - i), l), n - i);
}

// ---- hardsigmoid: y = min(max(x + 3, 0), 6) / 6; gx = −3 < x < 3 ? gy·(1/6) : 0
@inline function relu6Shift(x: v128): v128 { return pmin(pmax(add(x, splat(3)), splat(ZERO)), splat(6)); }
@inline function hardsigmoidF(x: v128): v128 { return div(relu6Shift(x), splat(6)); }
@inline function hardsigmoidB(x: v128, g: v128): v128 {
  return keep(v128.and(gt(x, splat(-3)), lt(x, splat(3))), mul(g, splat(<f32>(1.0 / 6.0))));
}
export function hardsigmoid_fwd(px: usize, py: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(py, i, hardsigmoidF(ld(px, i)));
  if (i < n) stTail(py, i, hardsigmoidF(ldTail(px, i, n - i)), n - i);
}
export function hardsigmoid_bwd(px: usize, pg: usize, pgx: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(pgx, i, hardsigmoidB(ld(px, i), ld(pg, i)));
  if (i < n) stTail(pgx, i, hardsigmoidB(ldTail(px, i, n - i), ldTail(pg, i, n - i)), n - i);
}

// ---- hardswish: y = x·min(max(x + 3, 0), 6) / 6
// x·6 would overflow for x > 5.7e37 (PyTorch's float32 kernel returns Inf there); y = x for x >= 3.
@inline function hardswishF(x: v128): v128 { return sel(ge(x, splat(3)), x, div(mul(x, relu6Shift(x)), splat(6))); }
@inline function hardswishB(x: v128, g: v128): v128 {
  // x < 3 picks the middle piece: at x = 3 the gradient is gy (ATen's vector kernel tests
  // x >= 3 first; its scalar one differs there), and a NaN x passes gy (the scalar kernel).
  // (2x + 3)/6 rounds twice wherever x is: ATen's x/3 + 1/2 cancels next to x = −1.5
  // (thousands of ulps from the exact derivative there).
  const mid = mul(g, div(add(add(x, x), splat(3)), splat(6)));
  return v128.andnot(sel(lt(x, splat(3)), mid, g), lt(x, splat(-3)));
}
export function hardswish_fwd(px: usize, py: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(py, i, hardswishF(ld(px, i)));
  if (i < n) stTail(py, i, hardswishF(ldTail(px, i, n - i)), n - i);
}
export function hardswish_bwd(px: usize, pg: usize, pgx: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(pgx, i, hardswishB(ld(px, i), ld(pg, i)));
  if (i < n) stTail(pgx, i, hardswishB(ldTail(px, i, n - i), ldTail(pg, i, n - i)), n - i);
}

// ---- squared_relu: y = relu(x)²; gx = relu(x) <= 0 ? 0 : gy·(2·relu(x)) (autograd of pow∘relu)
@inline function sqReluF(x: v128): v128 { const r = reluF(x); return mul(r, r); }
@inline function sqReluB(x: v128, g: v128): v128 {
  const r = reluF(x);
  return v128.andnot(mul(g, add(r, r)), le(r, splat(ZERO)));
}
export function squared_relu_fwd(px: usize, py: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(py, i, sqReluF(ld(px, i)));
  if (i < n) stTail(py, i, sqReluF(ldTail(px, i, n - i)), n - i);
}
export function squared_relu_bwd(px: usize, pg: usize, pgx: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(pgx, i, sqReluB(ld(px, i), ld(pg, i)));
  if (i < n) stTail(pgx, i, sqReluB(ldTail(px, i, n - i), ldTail(pg, i, n - i)), n - i);
}

// ---- square: y = x·x; gx = gy·(2x), as torch.square's autograd (2x is exact: one rounding each)
@inline function squareF(x: v128): v128 { return mul(x, x); }
@inline function squareB(x: v128, g: v128): v128 { return mul(g, add(x, x)); }
export function square_fwd(px: usize, py: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(py, i, squareF(ld(px, i)));
  if (i < n) stTail(py, i, squareF(ldTail(px, i, n - i)), n - i);
}
export function square_bwd(px: usize, pg: usize, pgx: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(pgx, i, squareB(ld(px, i), ld(pg, i)));
  if (i < n) stTail(pgx, i, squareB(ldTail(px, i, n - i), ldTail(pg, i, n - i)), n - i);
}

// ---- softsign: y = x / (|x| + 1); gx = gy / (|x| + 1) / (|x| + 1) (the square would overflow
// above 1.8e19); NaN at ±Inf, as PyTorch's composite x / (|x| + 1)
@inline function softsignF(x: v128): v128 { return div(x, add(abs(x), splat(1))); }
@inline function softsignB(x: v128, g: v128): v128 {
  const d = add(abs(x), splat(1));
  return sel(eq(abs(x), splat(Infinity)), splat(NaN), div(div(g, d), d));
}
export function softsign_fwd(px: usize, py: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(py, i, softsignF(ld(px, i)));
  if (i < n) stTail(py, i, softsignF(ldTail(px, i, n - i)), n - i);
}
export function softsign_bwd(px: usize, pg: usize, pgx: usize, n: i32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(pgx, i, softsignB(ld(px, i), ld(pg, i)));
  if (i < n) stTail(pgx, i, softsignB(ldTail(px, i, n - i), ldTail(pg, i, n - i)), n - i);
}

// ---- squareplus(b): y = (x + √(x² + b))/2, written without cancellation for x < 0:
// y = (b/4)/((s + |x|)/2) with s = √(x² + b); y' = 1 − t for x >= 0 and t for x < 0 with
// t = ((b/4)/s)/((s + |x|)/2). Beyond |x| = 1e18, x² + b would overflow and s = |x| (b assumed
// moderate, b > 0); the halves keep s + |x| from overflowing near FLT_MAX.
@inline function sqrtTerm(x: v128, b: f32): v128 {
  const ax = abs(x);
  return sel(gt(ax, splat(1e18)), ax, f32x4.sqrt(add(mul(x, x), splat(b))));
}
@inline function halfSum(s: v128, x: v128): v128 { return madd(s, splat(0.5), mul(abs(x), splat(0.5))); }
@inline function squareplusF(x: v128, b: f32): v128 {
  const s = sqrtTerm(x, b);
  return sel(lt(x, splat(ZERO)), div(splat(0.25 * b), halfSum(s, x)), madd(x, splat(0.5), mul(s, splat(0.5))));
}
@inline function squareplusB(x: v128, g: v128, b: f32): v128 {
  const s = sqrtTerm(x, b);
  const t = div(div(splat(0.25 * b), s), halfSum(s, x));
  return mul(g, sel(lt(x, splat(ZERO)), t, sub(splat(1), t)));
}
export function squareplus_fwd(px: usize, py: usize, n: i32, b: f32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(py, i, squareplusF(ld(px, i), b));
  if (i < n) stTail(py, i, squareplusF(ldTail(px, i, n - i), b), n - i);
}
export function squareplus_bwd(px: usize, pg: usize, pgx: usize, n: i32, b: f32): void {
  let i = 0;
  for (; i <= n - 4; i += 4) st(pgx, i, squareplusB(ld(px, i), ld(pg, i), b));
  if (i < n) stTail(pgx, i, squareplusB(ldTail(px, i, n - i), ldTail(pg, i, n - i), b), n - i);
}

// ---- identity (y = x, gx = gy) is a copy: memory.copy handles overlap.
export function copy_f32(px: usize, py: usize, n: i32): void {
  memory.copy(py, px, <usize>n << 2);
}
