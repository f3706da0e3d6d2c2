// Fused optimizer steps, one pass over the parameter and its state, following PyTorch's
// single-tensor Adam/AdamW and SGD (torch/optim/adam.py, sgd.py) operation by operation so that
// float32 results match to rounding. Scalars (bias corrections, step size) are computed by the
// caller in float64, as Python does.
import { splat, add, sub, mul, div, mulThenAdd, neg, ld, st, ldTail, stTail } from "./simd";

/**
 * Adam / AdamW:
 *   g = grad (+ wd·p for Adam);  p *= 1 − lr·wd for AdamW (decay = that factor, else 1)
 *   m = lerp(m, g, 1 − β1);  v = v·β2 + ((1 − β2)·g)·g
 *   p += (−stepSize·m) / (√v / √(1 − β2^t) + eps),  stepSize = lr / (1 − β1^t)
 * lerp(a, b, w) = w < 0.5 ? a + w·(b − a) : b − (b − a)·(1 − w), as ATen.
 */
export function adam_step(
  pp: usize, pg: usize, pm: usize, pv: usize, n: i32,
  w1: f32, b2: f32, w2: f32, wd: f32, decay: f32, negStep: f32, bc2sqrt: f32, eps: f32,
): void {
  const lowWeight = w1 < 0.5;
  for (let i = 0; i < n; i += 4) {
    const rem = n - i;
    const full = rem >= 4;
    let p = full ? ld(pp, i) : ldTail(pp, i, rem);
    let g = full ? ld(pg, i) : ldTail(pg, i, rem);
    let m = full ? ld(pm, i) : ldTail(pm, i, rem);
    let v = full ? ld(pv, i) : ldTail(pv, i, rem);
    if (wd != 0) g = mulThenAdd(p, splat(wd), g); // Adam: grad.add(param, alpha=wd)  (wd = 0 for AdamW)
    if (decay != 1) p = mul(p, splat(decay)); // AdamW: param.mul_(1 − lr·wd)
    m = lowWeight
      ? mulThenAdd(splat(w1), sub(g, m), m)
      : sub(g, mul(sub(g, m), splat(<f32>(1 - w1))));
    v = mulThenAdd(mul(splat(w2), g), g, mul(v, splat(b2)));
    const denom = add(div(f32x4.sqrt(v), splat(bc2sqrt)), splat(eps));
    p = add(p, div(mul(splat(negStep), m), denom));
    if (full) { st(pp, i, p); st(pm, i, m); st(pv, i, v); }
    else { stTail(pp, i, p, rem); stTail(pm, i, m, rem); stTail(pv, i, v, rem); }
  }
}

/**
 * SGD with momentum, dampening, Nesterov, weight decay and maximize:
 *   g = ±grad + wd·p;  buf = first ? g : buf·μ + (1 − dampening)·g
 *   g = nesterov ? g + μ·buf : buf;  p += −lr·g
 * pbuf = 0 means no momentum buffer (μ = 0). 1 − dampening is passed precomputed in float64.
 */
export function sgd_step(
  pp: usize, pg: usize, pbuf: usize, n: i32,
  lr: f32, momentum: f32, oneMinusDampening: f32, wd: f32, nesterov: i32, first: i32, maximize: i32,
): void {
  for (let i = 0; i < n; i += 4) {
    const rem = n - i;
    const full = rem >= 4;
    let p = full ? ld(pp, i) : ldTail(pp, i, rem);
    let g = full ? ld(pg, i) : ldTail(pg, i, rem);
    if (maximize) g = neg(g);
    if (wd != 0) g = mulThenAdd(p, splat(wd), g);
    if (pbuf != 0) {
      const old = full ? ld(pbuf, i) : ldTail(pbuf, i, rem);
      const b = first ? g : mulThenAdd(splat(oneMinusDampening), g, mul(old, splat(momentum)));
      if (full) st(pbuf, i, b); else stTail(pbuf, i, b, rem);
      g = nesterov ? mulThenAdd(b, splat(momentum), g) : b;
    }
    p = mulThenAdd(g, splat(-lr), p);
    if (full) st(pp, i, p); else stTail(pp, i, p, rem);
  }
}
