/**
 * The `wasm` Backend over the runtime: storage placement, every method against the `js`
 * reference (bit-exact where the WASM path rounds the same way: elementwise + − × ÷, max/min,
 * scalar and row broadcasts; within float32 accumulation error for GEMM and reductions), the
 * fallback to `js` for layouts and foreign arrays, the fused hooks (softmax rows, PReLU, optimizer
 * steps) and the default-backend selection.
 */
import { wasm } from './use-wasm.js';
import { describe, expect, it } from 'vitest';
import type { MatmulPlan, StridedOperand } from '../../../src/backend/backend.js';
import { jsBackend } from '../../../src/backend/js/index.js';
import { backendState, getBackend, setBackend } from '../../../src/backend/registry.js';
import { selectDefaultBackend } from '../../../src/backend/default.js';
import { F, optim, randn, tensor } from '../../../src/index.js';
import { Parameter } from '../../../src/nn/parameter.js';
import { ulp32, uniform } from './helpers.js';

const heap = wasm.runtime.heap;
const inWasm = (a: ArrayLike<number>): Float32Array => {
  const v = wasm.alloc('float32', a.length) as Float32Array;
  v.set(a);
  return v;
};
const contiguous = (shape: readonly number[]): number[] => shape.map((_, i) => shape.slice(i + 1).reduce((p, d) => p * d, 1));
const operand = (data: Float32Array, shape: readonly number[], outShape: readonly number[]): StridedOperand => {
  // broadcast strides of `shape` over `outShape`
  const lead = outShape.length - shape.length;
  const s = contiguous(shape);
  return { data, strides: outShape.map((d, i) => (i < lead || shape[i - lead] === 1 ? 0 : s[i - lead]!)) };
};

describe('wasm backend: storage', () => {
  it('puts float32 storage in WASM memory and leaves float64/int32 to plain arrays', () => {
    expect(getBackend('float32').name).toBe('wasm');
    expect(getBackend('float64')).toBe(jsBackend);
    const a = wasm.alloc('float32', 10);
    expect(heap.owns(a as Float32Array)).toBe(true);
    expect(Array.from(a)).toEqual(new Array(10).fill(0));
    expect(wasm.alloc('float64', 3)).toBeInstanceOf(Float64Array);
    expect(wasm.alloc('int32', 3)).toBeInstanceOf(Int32Array);
    const t = randn([4, 5]);
    expect(heap.owns(t.data as Float32Array)).toBe(true);
    expect(heap.owns(F.relu(t).data as Float32Array)).toBe(true);
  });
});

describe('wasm backend: elementwise and broadcasting, bit-exact with js', () => {
  const ops = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'pow', 'lt'] as const;
  const cases: [number[], number[]][] = [
    [[7, 33], [7, 33]], // same shape
    [[7, 33], []], // tensor ∘ scalar
    [[], [7, 33]], // scalar ∘ tensor
    [[7, 33], [33]], // bias row
    [[33], [7, 33]], // row ∘ tensor
    [[5, 7, 33], [7, 33]], // block repeated over the leading dim
    [[7, 33], [7, 1]], // column broadcast: js path
    [[300], [1]],
  ];
  for (const op of ops) {
    it(op, () => {
      for (const [sa, sb] of cases) {
        const shape = sa.length >= sb.length ? [...sa] : [...sb];
        if (sa.length === sb.length) shape.forEach((_, i) => (shape[i] = Math.max(sa[i]!, sb[i]!)));
        const n = shape.reduce((p, d) => p * d, 1);
        const na = sa.reduce((p, d) => p * d, 1), nb = sb.reduce((p, d) => p * d, 1);
        const A = inWasm(uniform(na, -3, 3, na + 1)), B = inWasm(uniform(nb, 0.5, 4, nb + 2));
        B[0] = A[0]!; // a tie for maximum/minimum
        const got = wasm.alloc('float32', n) as Float32Array;
        const want = new Float32Array(n);
        wasm.binary(op, operand(A, sa, shape), operand(B, sb, shape), got, shape);
        jsBackend.binary(op, operand(A, sa, shape), operand(B, sb, shape), want, shape);
        expect(Array.from(got), `${op} ${JSON.stringify([sa, sb])}`).toEqual(Array.from(want));
        // foreign operands take the js path, same result
        const foreign = new Float32Array(n);
        wasm.binary(op, operand(Float32Array.from(A), sa, shape), operand(Float32Array.from(B), sb, shape), foreign, shape);
        expect(Array.from(foreign)).toEqual(Array.from(want));
      }
    });
  }

  it('unary ops: exact ones bit-exact, transcendental ones within 2 ulps of js', () => {
    const x = inWasm(uniform(1001, -5, 5, 9));
    for (const op of ['neg', 'square', 'abs', 'sqrt', 'floor', 'exp', 'log1p', 'tanh', 'sigmoid', 'erf', 'sin'] as const) {
      const src = op === 'sqrt' || op === 'log1p' ? inWasm(x.map(Math.abs)) : x;
      const got = wasm.alloc('float32', x.length) as Float32Array;
      const want = new Float32Array(x.length);
      wasm.unary(op, src, got);
      jsBackend.unary(op, src, want);
      for (let i = 0; i < x.length; i++) {
        const ulp = Math.max(2 ** -149, 2 ** (Math.floor(Math.log2(Math.abs(want[i]!) || 2 ** -126)) - 23));
        expect(Math.abs(got[i]! - want[i]!), `${op}(${src[i]})`).toBeLessThanOrEqual(2 * ulp);
      }
    }
  });
});

describe('wasm backend: reductions', () => {
  const x = inWasm(uniform(6 * 7 * 33, -2, 2, 4));
  const shape = [6, 7, 33];
  const cases: [string, number[]][] = [
    ['sum', [2]], ['sum', [1, 2]], ['sum', [0, 1, 2]], ['sum', [0]], ['sum', [0, 1]], ['sum', [1]],
    ['max', [2]], ['max', [0, 1, 2]], ['max', [0]], ['min', [2]], ['logsumexp', [2]],
  ];
  for (const [op, dims] of cases) {
    it(`${op} over dims [${dims}]`, () => {
      const outN = shape.filter((_, i) => !dims.includes(i)).reduce((p, d) => p * d, 1);
      const got = wasm.alloc('float32', outN) as Float32Array;
      const want = new Float32Array(outN);
      wasm.reduce(op as 'sum', x, shape, dims, got);
      jsBackend.reduce(op as 'sum', x, shape, dims, want);
      const inner = x.length / outN;
      for (let i = 0; i < outN; i++) {
        // float32 column sums (leading dims) round ~log2(rows) times; the rest accumulate in float64.
        expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(op === 'sum' ? inner * 2 ** -22 : 0);
      }
    });
  }
  it('max propagates NaN', () => {
    const y = inWasm([1, NaN, 3, 4]);
    const out = wasm.alloc('float32', 2) as Float32Array;
    wasm.reduce('max', y, [2, 2], [1], out);
    expect(Number.isNaN(out[0]!)).toBe(true);
    expect(out[1]).toBe(4);
  });
});

describe('wasm backend: matmul', () => {
  const plans: [string, MatmulPlan][] = [
    ['2-D', { batch: 1, m: 37, n: 29, k: 41, transA: false, transB: false, strideA: 0, strideB: 0 }],
    ['transB (linear)', { batch: 1, m: 16, n: 10, k: 33, transA: false, transB: true, strideA: 0, strideB: 0 }],
    ['transA (weight grad)', { batch: 1, m: 33, n: 10, k: 16, transA: true, transB: false, strideA: 0, strideB: 0 }],
    ['batched', { batch: 3, m: 5, n: 6, k: 7, transA: false, transB: false, strideA: 35, strideB: 42 }],
    ['broadcast A (conv)', { batch: 4, m: 8, n: 9, k: 12, transA: false, transB: false, strideA: 0, strideB: 108 }],
    ['batched, both transposed', { batch: 2, m: 6, n: 5, k: 4, transA: true, transB: true, strideA: 24, strideB: 20 }],
    ['k = 0', { batch: 2, m: 3, n: 4, k: 0, transA: false, transB: false, strideA: 0, strideB: 0 }],
  ];
  for (const [name, p] of plans) {
    it(name, () => {
      const na = Math.max(1, p.strideA * (p.batch - 1) + p.m * p.k), nb = Math.max(1, p.strideB * (p.batch - 1) + p.k * p.n);
      const A = inWasm(uniform(na, -1, 1, 3)), B = inWasm(uniform(nb, -1, 1, 5));
      const got = wasm.alloc('float32', p.batch * p.m * p.n) as Float32Array;
      got.fill(NaN); // must be overwritten, k = 0 included
      const want = new Float32Array(got.length);
      wasm.matmul(A, B, got, p);
      jsBackend.matmul(A, B, want, p);
      for (let i = 0; i < got.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(p.k * 2 ** -22);
      // foreign operands are copied in for the call; a foreign output is copied back
      const foreign = new Float32Array(got.length);
      wasm.matmul(Float32Array.from(A), Float32Array.from(B), foreign, p);
      expect(Array.from(foreign)).toEqual(Array.from(got));
    });
  }
});

describe('wasm backend: fused kernels', () => {
  it('activation(id): WASM kernels for its ids, none for others; foreign arrays staged', () => {
    expect(wasm.activation('gelu')).toBeDefined();
    expect(wasm.activation('heaviside')).toBeUndefined();
    const x = uniform(257, -4, 4, 1);
    const k = wasm.activation('silu')!;
    const a = wasm.alloc('float32', x.length) as Float32Array;
    const b = new Float32Array(x.length);
    k.forward(inWasm(x), a, { beta: 1 });
    k.forward(x, b, { beta: 1 });
    expect(Array.from(b)).toEqual(Array.from(a));
    const g = uniform(257, -1, 1, 2);
    const ga = wasm.alloc('float32', x.length) as Float32Array;
    const gb = new Float32Array(x.length);
    k.backward(inWasm(x), a, inWasm(g), ga, { beta: 1 });
    k.backward(x, b, g, gb, { beta: 1 });
    expect(Array.from(gb)).toEqual(Array.from(ga));
  });

  it('softmax / log_softmax rows through F match the js reference', () => {
    const x = randn([16, 1024]);
    const gy = randn([16, 1024]);
    for (const fn of [F.softmax, F.logSoftmax] as const) {
      const xw = x.detach().requiresGrad_();
      const yw = fn(xw, { dim: -1 });
      yw.backward(gy);
      setBackend('js');
      const xj = tensor(Array.from(x.data), { shape: [16, 1024], requiresGrad: true });
      const yj = fn(xj, { dim: -1 });
      yj.backward(tensor(Array.from(gy.data), { shape: [16, 1024] }));
      setBackend('wasm');
      // The WASM rows are within a few ulps; their VJP from y, within a few ulps of gy's scale.
      for (let i = 0; i < x.numel; i++) {
        expect(Math.abs(yw.data[i]! - yj.data[i]!)).toBeLessThanOrEqual(4 * ulp32(yj.data[i]!));
        expect(Math.abs(xw.grad!.data[i]! - xj.grad!.data[i]!)).toBeLessThanOrEqual(4 * ulp32(xj.grad!.data[i]!) + 2 ** -20);
      }
    }
  });

  it('PReLU with a weight per channel takes the WASM channel kernel', () => {
    const spy = { calls: 0 };
    const original = wasm.channelActivation!;
    wasm.channelActivation = (id) => (spy.calls++, original(id));
    try {
      const x = randn([4, 3, 5], { requiresGrad: true });
      const w = tensor([0.1, 0.2, 0.3], { requiresGrad: true });
      const y = F.prelu(x, w);
      y.backward(randn([4, 3, 5]));
      expect(spy.calls).toBe(2);
      for (let i = 0; i < x.numel; i++) {
        const c = Math.floor(i / 5) % 3;
        const v = x.data[i]!;
        expect(y.data[i]).toBe(Math.fround(v > 0 ? v : w.data[c]! * v));
      }
      expect(w.grad!.data.every(Number.isFinite)).toBe(true);
    } finally {
      wasm.channelActivation = original;
    }
  });

  it('optimizer steps run fused in WASM memory (Adam, SGD with momentum) and agree with the js loop', () => {
    for (const make of [
      (p: Parameter[]) => new optim.Adam(p, { lr: 0.01, weightDecay: 0.01 }),
      (p: Parameter[]) => new optim.AdamW(p, { lr: 0.01 }),
      (p: Parameter[]) => new optim.SGD(p, { lr: 0.1, momentum: 0.9, nesterov: true }),
    ]) {
      const run = (backend: string): Float32Array => {
        setBackend(backend);
        const p = new Parameter(tensor(Array.from(uniform(37, -1, 1, 8))));
        const opt = make([p]);
        for (let s = 0; s < 5; s++) {
          p.grad = tensor(Array.from(uniform(37, -1, 1, 20 + s)));
          opt.step();
        }
        if (backend === 'wasm') {
          for (const record of opt.state.values()) {
            for (const v of Object.values(record)) if (typeof v !== 'number') expect(heap.owns(v as Float32Array)).toBe(true);
          }
        }
        return Float32Array.from(p.data as Float32Array);
      };
      const got = run('wasm');
      const want = run('js');
      setBackend('wasm');
      for (let i = 0; i < got.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(4e-7 * Math.max(1, Math.abs(want[i]!)));
    }
  });
});

describe('default backend selection', () => {
  it('ACTLAB_BACKEND=js keeps js, unset picks wasm, other values are refused', () => {
    expect(selectDefaultBackend('js')).toBe('js');
    expect(getBackend('float32')).toBe(jsBackend);
    expect(backendState.available.has('wasm')).toBe(true);
    expect(selectDefaultBackend(undefined)).toBe('wasm');
    expect(getBackend('float32').name).toBe('wasm');
    expect(() => selectDefaultBackend('gpu')).toThrow(/unknown backend "gpu" \(expected 'js' or 'wasm'\)/);
    expect(selectDefaultBackend('wasm')).toBe('wasm');
  });
});
