// 2×2 max pooling with stride 2 (no padding, dilation or ceil mode: the CNN layer everyone uses)
// and the scatter-add its gradient needs. torch's CPU rule, per window in row-major order
// (a = x[2i][2j], b = x[2i][2j+1], c = x[2i+1][2j], d = x[2i+1][2j+1]): a later value wins when
// it is greater or NaN, so a tie keeps the first maximum and the last NaN wins.
import { isplat, gt, sel } from "./simd";

/** Lanes of v where it is greater than best or NaN: where a later window value wins. */
@inline function wins(v: v128, best: v128): v128 {
  return v128.or(gt(v, best), f32x4.ne(v, v));
}

/**
 * y[p, i, j] = max of the 2×2 window at (2i, 2j) of plane p, idx the flat index of the winner in
 * x (planes × h × w), for i < oh, j < ow (oh ≤ h/2, ow ≤ w/2).
 */
export function maxpool2x2_fwd(px: usize, py: usize, pidx: usize, planes: i32, h: i32, w: i32, oh: i32, ow: i32): void {
  const lane = i32x4(0, 2, 4, 6);
  for (let p = 0; p < planes; p++) {
    for (let i = 0; i < oh; i++) {
      const r0 = p * h * w + 2 * i * w; // flat index of the window row pair's first element
      const x0 = px + (<usize>r0 << 2), x1 = x0 + (<usize>w << 2);
      const o = (p * oh + i) * ow;
      let j = 0;
      for (; j <= ow - 4; j += 4) {
        const q = <usize>(2 * j) << 2;
        const u0 = v128.load(x0 + q), u1 = v128.load(x0 + q, 16);
        const l0 = v128.load(x1 + q), l1 = v128.load(x1 + q, 16);
        const a = f32x4.shuffle(u0, u1, 0, 2, 4, 6), b = f32x4.shuffle(u0, u1, 1, 3, 5, 7);
        const c = f32x4.shuffle(l0, l1, 0, 2, 4, 6), d = f32x4.shuffle(l0, l1, 1, 3, 5, 7);
        let best = a;
        let arg = i32x4.add(isplat(r0 + 2 * j), lane);
        let m = wins(b, best);
        best = sel(m, b, best);
        arg = sel(m, i32x4.add(arg, isplat(1)), arg);
        m = wins(c, best);
        best = sel(m, c, best);
        const argc = i32x4.add(isplat(r0 + 2 * j + w), lane);
        arg = sel(m, argc, arg);
        m = wins(d, best);
        best = sel(m, d, best);
        arg = sel(m, i32x4.add(argc, isplat(1)), arg);
        v128.store(py + (<usize>(o + j) << 2), best);
        v128.store(pidx + (<usize>(o + j) << 2), arg);
      }
      for (; j < ow; j++) {
        const at = r0 + 2 * j;
        let arg = at;
        let best = load<f32>(px + (<usize>at << 2));
        for (let k = 1; k < 4; k++) {
          const idx = at + (k >> 1) * w + (k & 1);
          const v = load<f32>(px + (<usize>idx << 2));
          if (v > best || v != v) {
            best = v;
            arg = idx;
          }
        }
        store<f32>(py + (<usize>(o + j) << 2), best);
        store<i32>(pidx + (<usize>(o + j) << 2), arg);
      }
    }
  }
}

/** gx[idx[i]] += g[i] for i < n (max pooling's gradient: each window's winner gets its share). */
export function scatter_add(pg: usize, pidx: usize, pgx: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const at = pgx + (<usize>load<i32>(pidx + (<usize>i << 2)) << 2);
    store<f32>(at, load<f32>(at) + load<f32>(pg + (<usize>i << 2)));
  }
}
