/**
 * Softmax / log_softmax rows, reductions, elementwise binary ops, axpy and the optimizer steps
 * of the WASM backend, against float64 references (softmax, reductions) or float32 emulations
 * of PyTorch's operation order (binary ops, Adam, SGD: bit-exact).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findPackageRoot, type WasmBinaryName, type WasmRuntime } from '../../../src/backend/wasm/index.js';
import { ulpError, uniform, wasmRuntime } from './helpers.js';

let rt: WasmRuntime;
beforeAll(() => {
  rt = wasmRuntime();
});
const f = Math.fround;

function softmaxRef(x: ArrayLike<number>, cols: number, log: boolean): number[] {
  const out: number[] = [];
  for (let r = 0; r < x.length / cols; r++) {
    const row = Array.from({ length: cols }, (_, j) => x[r * cols + j]!);
    const m = Math.max(...row);
    const s = row.reduce((a, v) => a + Math.exp(v - m), 0);
    for (const v of row) out.push(log ? v - m - Math.log(s) : Math.exp(v - m) / s);
  }
  return out;
}

describe('wasm softmax / log_softmax (rows over the last dimension)', () => {
  // Logits within ±40 take softmax's scaled exponential (e^x·2^−k); ±70 (spread over 86) the
  // exact x − max path (TwoSum): both held to the same bounds.
  const shapes: [number, number, number][] = [[1, 1, 40], [3, 5, 40], [37, 53, 40], [4, 1030, 40], [2, 3000, 40], [37, 53, 70], [4, 1030, 70]];
  for (const [rows, cols, span] of shapes) {
    it(`forward and backward on ${rows}×${cols} (logits within ±${span})`, () => {
      const xs = uniform(rows * cols, -span, span, rows * 31 + cols + span);
      const gs = uniform(rows * cols, -1, 1, cols);
      const x = rt.heap.copyIn(xs), y = rt.heap.alloc(xs.length), ly = rt.heap.alloc(xs.length);
      rt.kernels.softmax(x, y, cols);
      rt.kernels.logSoftmax(x, ly, cols);
      const ref = softmaxRef(xs, cols, false), lref = softmaxRef(xs, cols, true);
      const maxes = Array.from({ length: rows }, (_, r) => Math.max(...Array.from(xs.subarray(r * cols, (r + 1) * cols))));
      let worst = 0, lworst = 0;
      for (let i = 0; i < xs.length; i++) {
        worst = Math.max(worst, ulpError(y[i]!, ref[i]!));
        // log_softmax = (x − m) − lse: measured against the larger of the two terms (it cancels).
        const m = maxes[Math.floor(i / cols)]!;
        lworst = Math.max(lworst, ulpError(ly[i]!, lref[i]!, Math.abs(xs[i]! - m) + Math.abs(lref[i]! - xs[i]! + m)));
      }
      // e^{x−m} (1 ulp), the float64 row sum of rounded terms (1), its rounding and the division.
      expect(worst).toBeLessThanOrEqual(3.5);
      expect(lworst).toBeLessThanOrEqual(2);

      // Backward: gx = y(g − Σ g·y) and gx = g − e^y·Σ g, against float64 with the float32 y.
      const g = rt.heap.copyIn(gs), gx = rt.heap.alloc(xs.length), lgx = rt.heap.alloc(xs.length);
      rt.kernels.softmaxBackward(y, g, gx, cols);
      rt.kernels.logSoftmaxBackward(ly, g, lgx, cols);
      for (let r = 0; r < rows; r++) {
        let dot = 0, sum = 0;
        for (let j = 0; j < cols; j++) {
          dot += gs[r * cols + j]! * y[r * cols + j]!;
          sum += gs[r * cols + j]!;
        }
        for (let j = 0; j < cols; j++) {
          const i = r * cols + j;
          const want = y[i]! * (gs[i]! - dot);
          expect(ulpError(gx[i]!, want, y[i]! * (Math.abs(gs[i]!) + Math.abs(dot)))).toBeLessThanOrEqual(3);
          const lwant = gs[i]! - Math.exp(ly[i]!) * sum;
          expect(ulpError(lgx[i]!, lwant, Math.abs(gs[i]!) + Math.abs(Math.exp(ly[i]!) * sum))).toBeLessThanOrEqual(3);
        }
      }
    });
  }

  it('gives NaN rows for NaN, +Inf or all −Inf, as PyTorch, and 0 for −Inf entries', () => {
    const I = Infinity;
    const x = rt.heap.copyIn([-I, 0, 1, 2, -I, -I, -I, -I, I, 0, 1, 2, NaN, 0, 1, 2]);
    const y = rt.heap.alloc(16), ly = rt.heap.alloc(16);
    rt.kernels.softmax(x, y, 4);
    rt.kernels.logSoftmax(x, ly, 4);
    expect(Array.from(y.subarray(0, 4))).toEqual(softmaxRef([-I, 0, 1, 2], 4, false).map(f));
    expect(ly[0]).toBe(-I);
    expect(Array.from(y.subarray(4)).every(Number.isNaN)).toBe(true);
    expect(Array.from(ly.subarray(4)).every(Number.isNaN)).toBe(true);
  });

  it('matches the PyTorch goldens over the last dimension', () => {
    const file = join(findPackageRoot(), 'test', 'fixtures', 'activations.json');
    type Case = { id: string; params: { dim?: number }; shape: number[]; x: (number | string)[]; y64: (number | string)[] };
    const cases = (JSON.parse(readFileSync(file, 'utf8')) as { cases: Case[] }).cases.filter(
      (c) => (c.id === 'softmax' || c.id === 'log_softmax') && (c.params.dim === undefined || c.params.dim === -1 ||
        c.params.dim === c.shape.length - 1),
    );
    expect(cases.length).toBeGreaterThan(4);
    for (const c of cases) {
      const cols = c.shape[c.shape.length - 1]!;
      const x = rt.heap.copyIn(c.x.map(Number)), y = rt.heap.alloc(c.x.length);
      (c.id === 'softmax' ? rt.kernels.softmax : rt.kernels.logSoftmax)(x, y, cols);
      c.y64.map(Number).forEach((want, i) => expect(ulpError(y[i]!, want, 1), `${c.id} ${i}`).toBeLessThanOrEqual(3));
    }
  });
});

describe('wasm reductions', () => {
  it('sum and max over the whole array', () => {
    for (const n of [0, 1, 3, 17, 1024, 1025, 100_003]) {
      const xs = uniform(n, -1, 1, n + 1);
      const x = rt.heap.copyIn(xs);
      const want = xs.reduce((a, v) => a + v, 0);
      expect(Math.abs(rt.kernels.sum(x) - want)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.sqrt(n)));
      expect(rt.kernels.max(x)).toBe(n === 0 ? -Infinity : Math.max(...xs));
    }
    expect(rt.kernels.max(rt.heap.copyIn([1, NaN, 3, 4, 5]))).toBeNaN();
    expect(rt.kernels.max(rt.heap.copyIn([1, 2, 3, 4, 5, 6, 7, 8, NaN]))).toBeNaN();
  });

  it('sum and max per row, sum per column', () => {
    for (const [rows, cols] of [[1, 1], [3, 7], [17, 5], [9, 33], [64, 100]] as const) {
      const xs = uniform(rows * cols, -2, 2, rows + cols);
      const x = rt.heap.copyIn(xs);
      const sr = rt.heap.alloc(rows), mr = rt.heap.alloc(rows), sc = rt.heap.alloc(cols);
      rt.kernels.sumRows(x, cols, sr);
      rt.kernels.maxRows(x, cols, mr);
      rt.kernels.sumCols(x, cols, sc);
      for (let r = 0; r < rows; r++) {
        const row = Array.from(xs.subarray(r * cols, (r + 1) * cols));
        expect(Math.abs(sr[r]! - row.reduce((a, v) => a + v, 0))).toBeLessThanOrEqual(cols * 2 * 2 ** -24);
        expect(mr[r]).toBe(Math.max(...row));
      }
      for (let j = 0; j < cols; j++) {
        let s = 0;
        for (let r = 0; r < rows; r++) s += xs[r * cols + j]!;
        expect(Math.abs(sc[j]! - s)).toBeLessThanOrEqual(rows * 2 * 2 ** -24 * 2);
      }
    }
  });
});

describe('wasm elementwise binary ops and axpy', () => {
  const OPS: Record<WasmBinaryName, (a: number, b: number) => number> = {
    add: (a, b) => a + b, sub: (a, b) => a - b, mul: (a, b) => a * b, div: (a, b) => a / b,
    maximum: (a, b) => Math.max(a, b), minimum: (a, b) => Math.min(a, b),
  };
  const as = Float32Array.from([...uniform(37, -5, 5, 1), NaN, 0, -0, Infinity, -Infinity, 1e-40]);
  const bs = Float32Array.from([...uniform(37, -5, 5, 2), 1, NaN, 0, 2, -Infinity, 3]);

  for (const [op, fn] of Object.entries(OPS) as [WasmBinaryName, (a: number, b: number) => number][]) {
    it(`${op}: same length, scalar and row broadcast, bit-exact`, () => {
      const a = rt.heap.copyIn(as), b = rt.heap.copyIn(bs), out = rt.heap.alloc(as.length);
      rt.kernels.binary(op, a, b, out);
      as.forEach((v, i) => expect(out[i], `${v} ${op} ${bs[i]}`).toEqual(f(fn(v, bs[i]!))));
      rt.kernels.binaryScalar(op, a, 1.5, out);
      as.forEach((v, i) => expect(out[i]).toEqual(f(fn(v, 1.5))));
      const cols = 7, row = rt.heap.copyIn(bs.subarray(0, cols)), m = rt.heap.copyIn(as.subarray(0, 42));
      const o2 = rt.heap.alloc(42);
      rt.kernels.binary(op, m, row, o2);
      m.forEach((v, i) => expect(o2[i]).toEqual(f(fn(v, row[i % cols]!))));
      rt.kernels.binary(op, a, b, a); // in place
      as.forEach((v, i) => expect(a[i]).toEqual(f(fn(v, bs[i]!))));
    });
  }

  it('axpy: y += a·x', () => {
    const x = rt.heap.copyIn(as.subarray(0, 37)), y = rt.heap.copyIn(bs.subarray(0, 37));
    rt.kernels.axpy(0.3, x, y);
    y.forEach((v, i) => expect(v).toBe(f(bs[i]! + f(f(0.3) * as[i]!))));
  });

  it('rejects broadcasts that do not divide and mismatched outputs', () => {
    const a = rt.heap.alloc(10), b = rt.heap.alloc(3), out = rt.heap.alloc(10);
    expect(() => rt.kernels.binary('add', a, b, out)).toThrow(/cols must be a positive integer dividing the length 10, got 3/);
    expect(() => rt.kernels.binary('add', a, a, b)).toThrow(/out has length 3, expected 10/);
  });
});

describe('wasm optimizer steps (PyTorch order of operations, float32)', () => {
  const n = 23;
  const p0 = uniform(n, -1, 1, 5), grads = [uniform(n, -1, 1, 6), uniform(n, -2, 2, 7), uniform(n, -1, 1, 8)];

  for (const decoupled of [false, true]) {
    it(`${decoupled ? 'AdamW' : 'Adam'} matches a float32 emulation bit for bit`, () => {
      const o = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.05, decoupledWeightDecay: decoupled };
      const p = rt.heap.copyIn(p0), m = rt.heap.alloc(n), v = rt.heap.alloc(n), g = rt.heap.alloc(n);
      const P = Array.from(p0), M = new Array<number>(n).fill(0), V = new Array<number>(n).fill(0);
      grads.forEach((gs, t) => {
        g.set(gs);
        rt.kernels.adamStep(p, g, m, v, { ...o, step: t + 1 });
        const bc1 = 1 - o.beta1 ** (t + 1), bc2 = 1 - o.beta2 ** (t + 1);
        for (let i = 0; i < n; i++) {
          let gi = gs[i]!;
          if (!decoupled) gi = f(gi + f(P[i]! * f(o.weightDecay)));
          else P[i] = f(P[i]! * f(1 - o.lr * o.weightDecay));
          M[i] = f(M[i]! + f(f(1 - o.beta1) * f(gi - M[i]!)));
          V[i] = f(f(V[i]! * f(o.beta2)) + f(f(f(1 - o.beta2) * gi) * gi));
          const denom = f(f(f(Math.sqrt(V[i]!)) / f(Math.sqrt(bc2))) + f(o.eps));
          P[i] = f(P[i]! + f(f(f(-(o.lr / bc1)) * M[i]!) / denom));
        }
      });
      expect(Array.from(p)).toEqual(P);
      expect(Array.from(m)).toEqual(M);
      expect(Array.from(v)).toEqual(V);
    });
  }

  for (const nesterov of [false, true]) {
    it(`SGD momentum${nesterov ? ' (Nesterov)' : ''}, dampening, weight decay: bit for bit`, () => {
      const o = { lr: 0.1, momentum: 0.9, dampening: nesterov ? 0 : 0.25, weightDecay: 0.01, nesterov, maximize: false };
      const p = rt.heap.copyIn(p0), buf = rt.heap.alloc(n), g = rt.heap.alloc(n);
      const P = Array.from(p0), B = new Array<number>(n).fill(0);
      grads.forEach((gs, t) => {
        g.set(gs);
        rt.kernels.sgdStep(p, g, buf, { ...o, firstStep: t === 0 });
        for (let i = 0; i < n; i++) {
          let d = f(gs[i]! + f(P[i]! * f(o.weightDecay)));
          B[i] = t === 0 ? d : f(f(B[i]! * f(o.momentum)) + f(f(1 - o.dampening) * d));
          d = nesterov ? f(d + f(B[i]! * f(o.momentum))) : B[i]!;
          P[i] = f(P[i]! + f(d * f(-o.lr)));
        }
      });
      expect(Array.from(p)).toEqual(P);
      expect(Array.from(buf)).toEqual(B);
    });
  }

  it('plain SGD without a momentum buffer, maximize', () => {
    const p = rt.heap.copyIn([1, 2, 3]), g = rt.heap.copyIn([0.5, -1, 2]);
    rt.kernels.sgdStep(p, g, null, { lr: 0.1, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: true, firstStep: true });
    expect(Array.from(p)).toEqual([f(1 + f(0.5 * f(0.1))), f(2 + f(-1 * f(0.1))), f(3 + f(2 * f(0.1)))]);
    expect(() => rt.kernels.sgdStep(p, g, null, { lr: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, firstStep: true }))
      .toThrow(/momentum 0.9 needs a momentumBuffer/);
  });
});
