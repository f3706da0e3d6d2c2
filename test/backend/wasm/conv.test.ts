/**
 * WASM convolution (assembly/conv.as: stride-1 conv as GEMMs over the implicit im2col matrix)
 * and 2×2 max pooling (assembly/pool.as), at kernel level against float64 loops, and through
 * F.conv2d / F.maxPool2d against the js backend's im2col path. Runs on both builds (the
 * wasm-baseline vitest project).
 * Bound for sums of k products: |y − ref| <= (k + 2)·2^-24·Σ|terms| (the float32 summation bound).
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Conv2dGeometry } from '../../../src/backend/backend.js';
import { conv2dSupported } from '../../../src/backend/wasm/kernels.js';
import { GemmThreads } from '../../../src/backend/wasm/threads.js';
import { wasm } from './use-wasm.js';
import { setBackend } from '../../../src/backend/registry.js';
import { tensor } from '../../../src/tensor/create.js';
import type { Tensor } from '../../../src/tensor/tensor.js';
import { F } from '../../../src/index.js';
import type { Conv2dOptions } from '../../../src/nn/functional/conv.js';
import { uniform } from './helpers.js';

const rt = wasm.runtime;
afterAll(() => setBackend('wasm'));

const geom = (n: number, c: number, h: number, w: number, o: number, k: [number, number], pad: [number, number], dil: [number, number] = [1, 1], far = pad): Conv2dGeometry => ({
  n, c, h, w, o, kh: k[0], kw: k[1], padH: pad[0], padW: pad[1], dilH: dil[0], dilW: dil[1],
  outH: h + pad[0] + far[0] - dil[0] * (k[0] - 1), outW: w + pad[1] + far[1] - dil[1] * (k[1] - 1),
});

/** Float64 references of the three passes with their error scales (Σ|terms| per output). */
function reference(g: Conv2dGeometry, x: Float32Array, w: Float32Array, b: Float32Array | null, gy: Float32Array) {
  const { n, c, h, w: wd, o, kh, kw, padH, padW, dilH, dilW, outH, outW } = g;
  const y = new Float64Array(n * o * outH * outW), ys = new Float64Array(y.length);
  const gx = new Float64Array(x.length), gxs = new Float64Array(x.length);
  const gw = new Float64Array(w.length), gws = new Float64Array(w.length);
  for (let s = 0; s < n; s++)
    for (let oo = 0; oo < o; oo++)
      for (let oh = 0; oh < outH; oh++)
        for (let ow = 0; ow < outW; ow++) {
          const yi = ((s * o + oo) * outH + oh) * outW + ow;
          y[yi] = b ? b[oo]! : 0;
          ys[yi] = Math.abs(y[yi]!);
          for (let cc = 0; cc < c; cc++)
            for (let i = 0; i < kh; i++)
              for (let j = 0; j < kw; j++) {
                const ih = oh - padH + i * dilH, iw = ow - padW + j * dilW;
                if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
                const xi = ((s * c + cc) * h + ih) * wd + iw, wi = ((oo * c + cc) * kh + i) * kw + j;
                y[yi]! += x[xi]! * w[wi]!;
                ys[yi]! += Math.abs(x[xi]! * w[wi]!);
                gx[xi]! += gy[yi]! * w[wi]!;
                gxs[xi]! += Math.abs(gy[yi]! * w[wi]!);
                gw[wi]! += gy[yi]! * x[xi]!;
                gws[wi]! += Math.abs(gy[yi]! * x[xi]!);
              }
        }
  return { y, ys, gx, gxs, gw, gws };
}

/** Worst |got − ref| / ((terms + 2)·2^-24·scale): at most 1 within the float32 summation bound. */
function worst(got: Float32Array, ref: Float64Array, scale: Float64Array, terms: number): number {
  let e = 0;
  for (let i = 0; i < got.length; i++) e = Math.max(e, Math.abs(got[i]! - ref[i]!) / ((terms + 2) * 2 ** -24 * scale[i]! || 1e-300));
  return e;
}

function runKernels(g: Conv2dGeometry, seed: number) {
  const x = rt.heap.copyIn(uniform(g.n * g.c * g.h * g.w, -1, 1, seed));
  const w = rt.heap.copyIn(uniform(g.o * g.c * g.kh * g.kw, -1, 1, seed + 1));
  const b = rt.heap.copyIn(uniform(g.o, -1, 1, seed + 2));
  const gy = rt.heap.copyIn(uniform(g.n * g.o * g.outH * g.outW, -1, 1, seed + 3));
  const y = rt.heap.alloc(gy.length).fill(NaN), gx = rt.heap.alloc(x.length).fill(NaN), gw = rt.heap.alloc(w.length).fill(NaN);
  rt.kernels.conv2d(x, w, b, y, g);
  rt.kernels.conv2dBackwardInput(gy, w, gx, g);
  const weightDone = rt.kernels.conv2dBackwardWeight(gy, x, gw, g);
  return { x, w, b, gy, y, gx, gw, weightDone };
}

describe('wasm conv2d kernels (stride 1)', () => {
  const cases: [string, Conv2dGeometry][] = [
    ['the small CNN layer 1 (1→16, 28×28, padding 1)', geom(2, 1, 28, 28, 16, [3, 3], [1, 1])],
    ['the small CNN layer 2 (16→32, 14×14, padding 1)', geom(3, 16, 14, 14, 32, [3, 3], [1, 1])],
    ['no padding, odd sizes', geom(2, 3, 9, 7, 5, [3, 3], [0, 0])],
    ['5×5 with padding 2', geom(2, 5, 10, 11, 7, [5, 5], [2, 2])],
    ['dilation 2, padding 2', geom(2, 4, 12, 12, 6, [3, 3], [2, 2], [2, 2])],
    ['1×1 kernel', geom(1, 2, 5, 6, 3, [1, 1], [0, 0])],
    ['2×4 kernel, uneven padding (same: 0/1 rows, 1/2 columns)', geom(2, 3, 6, 7, 4, [2, 4], [0, 1], [1, 1], [1, 2])],
    ['more channels than a micro-panel (40→13)', geom(2, 40, 6, 5, 13, [3, 3], [1, 1])],
  ];
  for (const [name, g] of cases) {
    it(`${name}: forward, input and weight gradients within the float32 summation bound`, () => {
      expect(conv2dSupported(g)).toBe(true);
      const r = runKernels(g, 11);
      const ref = reference(g, r.x, r.w, r.b, r.gy);
      const taps = g.c * g.kh * g.kw;
      expect(worst(r.y, ref.y, ref.ys, taps + 1)).toBeLessThanOrEqual(1);
      expect(worst(r.gx, ref.gx, ref.gxs, g.o * g.kh * g.kw)).toBeLessThanOrEqual(1);
      expect(r.weightDone).toBe(true);
      expect(worst(r.gw, ref.gw, ref.gws, g.n * g.outH * g.outW)).toBeLessThanOrEqual(1);
    });
  }

  it('gives bit-identical results on 1 and 2 threads (work split by samples and by rows of dWᵀ)', async () => {
    const g = geom(6, 16, 14, 14, 32, [3, 3], [1, 1]); // 7M multiply-adds: split
    const one = runKernels(g, 5);
    await rt.enableThreads(1);
    GemmThreads.adaptive = false; // a loaded machine must not make this test run unsplit
    let two: ReturnType<typeof runKernels>;
    try {
      const jobs = rt.threadedGemms;
      two = runKernels(g, 5);
      expect(rt.threadedGemms - jobs, 'split jobs (forward, input and weight gradients)').toBeGreaterThanOrEqual(3);
    } finally {
      GemmThreads.adaptive = true;
      await rt.disableThreads();
    }
    expect(Array.from(two.y)).toEqual(Array.from(one.y));
    expect(Array.from(two.gx)).toEqual(Array.from(one.gx));
    expect(Array.from(two.gw)).toEqual(Array.from(one.gw));
  });

  it('declines the weight gradient when x holds Inf or NaN (the thrown-away columns would spread it)', () => {
    const g = geom(1, 2, 5, 5, 3, [3, 3], [1, 1]);
    const x = rt.heap.copyIn(uniform(50, -1, 1, 1));
    x[7] = Infinity;
    const gy = rt.heap.copyIn(uniform(75, -1, 1, 2));
    const gw = rt.heap.alloc(54).fill(5);
    expect(rt.kernels.conv2dBackwardWeight(gy, x, gw, g)).toBe(false);
    expect(gw.every((v) => v === 5)).toBe(true);
  });

  it('rejects padding beyond dil·(k − 1), wrong lengths and overlapping outputs', () => {
    expect(conv2dSupported(geom(1, 1, 5, 5, 1, [3, 3], [3, 3]))).toBe(false);
    const g = geom(1, 1, 5, 5, 1, [3, 3], [1, 1]);
    const x = rt.heap.alloc(25), w = rt.heap.alloc(9), y = rt.heap.alloc(24);
    expect(() => rt.kernels.conv2d(x, w, null, y, g)).toThrow(/y has length 24, expected 25/);
    expect(() => rt.kernels.conv2d(x, w, null, x, g)).toThrow(/must not overlap/);
    expect(() => rt.kernels.conv2d(x, w, null, rt.heap.alloc(25), geom(1, 1, 5, 5, 1, [3, 3], [3, 3]))).toThrow(/unsupported geometry/);
  });
});

describe('wasm 2×2 max pooling', () => {
  it('takes the first maximum of each window, NaN wins, odd sizes drop the last row/column', () => {
    const h = 5, w = 11, planes = 3;
    const xs = uniform(planes * h * w, -2, 2, 9);
    // Ties and NaNs in known windows: plane 0 window (0,0) all equal; window (0,1) NaN at d; (1,2) ties at b and c.
    xs.fill(1, 0, 2);
    xs[w] = 1;
    xs[w + 1] = 1;
    xs[w + 3] = NaN;
    xs[2 * w + 5] = 1.5;
    xs[3 * w + 4] = 1.5;
    xs[2 * w + 4] = -3;
    xs[3 * w + 5] = -3;
    const x = rt.heap.copyIn(xs);
    const oh = 2, ow = 5;
    const y = rt.heap.alloc(planes * oh * ow), winners = rt.heap.alloc(y.length);
    rt.kernels.maxPool2x2(x, planes, h, w, y, winners);
    const idx = new Int32Array(winners.buffer, winners.byteOffset, winners.length);
    for (let p = 0; p < planes; p++)
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++) {
          const at = p * h * w + 2 * i * w + 2 * j;
          let arg = at;
          for (const k of [at + 1, at + w, at + w + 1]) if (xs[k]! > xs[arg]! || Number.isNaN(xs[k]!)) arg = k;
          const o = (p * oh + i) * ow + j;
          expect(idx[o], `window ${p},${i},${j}`).toBe(arg);
          expect(Object.is(y[o], xs[arg])).toBe(true);
        }
    expect(idx[0]).toBe(0);
    expect(idx[1]).toBe(w + 3);
    expect(idx[ow + 2]).toBe(2 * w + 5);
  });

  it('scatters the gradient onto the winners', () => {
    const g = rt.heap.copyIn([1, 2, 3]);
    const winners = rt.heap.alloc(3);
    new Int32Array(winners.buffer, winners.byteOffset, 3).set([4, 0, 4]);
    const gx = rt.heap.copyIn([10, 10, 10, 10, 10]);
    rt.kernels.scatterAdd(g, winners, gx);
    expect(Array.from(gx)).toEqual([12, 10, 10, 10, 14]);
    new Int32Array(winners.buffer, winners.byteOffset, 3).set([5, 0, 0]);
    expect(() => rt.kernels.scatterAdd(g, winners, gx)).toThrow(/index 5 is outside gx/);
  });
});

describe('F.conv2d and F.maxPool2d on the wasm backend against the js backend (im2col path)', () => {
  const run = (backend: 'js' | 'wasm', xs: Float32Array, ws: Float32Array, bs: Float32Array, gys: Float32Array, shape: number[], wshape: number[], opts: Conv2dOptions) => {
    setBackend(backend);
    const x = tensor(xs, { shape, requiresGrad: true });
    const w = tensor(ws, { shape: wshape, requiresGrad: true });
    const b = tensor(bs, { shape: [wshape[0]!], requiresGrad: true });
    const y = F.maxPool2d(F.relu(F.conv2d(x, w, b, opts)), { kernelSize: 2 });
    y.backward(tensor(gys, { shape: y.shape }));
    const out = (t: Tensor | null) => Array.from(t!.data as Float32Array);
    return { y: out(y), gx: out(x.grad), gw: out(w.grad), gb: out(b.grad), shape: y.shape };
  };
  const configs: [string, number[], number[], Conv2dOptions][] = [
    ['3×3 padding 1', [2, 3, 8, 9], [4, 3, 3, 3], { padding: 1 }],
    ["5×5 padding 'same', dilation 1", [1, 2, 9, 10], [3, 2, 5, 5], { padding: 'same' }],
    ['stride 2 (the im2col path on both)', [2, 2, 9, 9], [3, 2, 3, 3], { stride: 2, padding: 1 }],
  ];
  for (const [name, shape, wshape, opts] of configs) {
    it(`${name}: the same values and gradients to float32 rounding`, () => {
      const n = shape.reduce((p, d) => p * d, 1), nw = wshape.reduce((p, d) => p * d, 1);
      const xs = uniform(n, -1, 1, 3), ws = uniform(nw, -1, 1, 4), bs = uniform(wshape[0]!, -1, 1, 5);
      setBackend('js');
      const probe = F.maxPool2d(F.conv2d(tensor(xs, { shape }), tensor(ws, { shape: wshape }), null, opts), { kernelSize: 2 });
      const gys = uniform(probe.data.length, -1, 1, 6);
      const js = run('js', xs, ws, bs, gys, shape, wshape, opts);
      const wa = run('wasm', xs, ws, bs, gys, shape, wshape, opts);
      expect(wa.shape).toEqual(js.shape);
      for (const key of ['y', 'gx', 'gw', 'gb'] as const) {
        const a = wa[key], r = js[key];
        const scale = Math.max(...r.map(Math.abs));
        for (let i = 0; i < r.length; i++) expect(Math.abs(a[i]! - r[i]!), `${key}[${i}]`).toBeLessThanOrEqual(1e-5 * scale);
      }
    });
  }
});
