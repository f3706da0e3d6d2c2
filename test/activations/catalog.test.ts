/**
 * The registry-driven suite: every registered activation is checked here by being registered —
 * array kernels against the scalar reference, df against finite differences of f, gradcheck
 * through the tape (float64, away from kinks) and PyTorch's kink conventions exactly. Declared
 * properties are held against measurements in test/analysis/registry-properties.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { activations, applyActivation } from '../../src/activations/index.js';
import type { ActivationSpec, DimwiseSpec, ElementwiseSpec } from '../../src/activations/index.js';
import { paramDefaults, paramProblem, isChoiceParam } from '../../src/activations/params.js';
import { gradcheck } from '../../src/autograd/gradcheck.js';
import { backendState } from '../../src/backend/registry.js';
import { jsBackend } from '../../src/backend/js/index.js';
import { tensor } from '../../src/tensor/create.js';
import { Generator } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';

type Values = Record<string, number | string>;

/** The defaults, and one variation per parameter (each choice; a number moved inside its range). */
function paramSets(spec: ActivationSpec): Values[] {
  const base = paramDefaults(spec.params) as Values;
  const sets: Values[] = [base];
  for (const [name, s] of Object.entries(spec.params)) {
    if (name === 'dim') continue;
    const alternatives = isChoiceParam(s)
      ? s.choices.filter((c) => c !== s.default)
      : [s.integer ? s.default + 1 : s.default * 1.5 + 0.125];
    for (const v of alternatives) {
      const p = { ...base, [name]: v };
      if (!paramProblem(s, v) && !spec.check?.(p)) sets.push(p);
    }
  }
  return sets;
}

const close = (a: number, b: number, rel: number, abs = 0): boolean =>
  Number.isNaN(a) || Number.isNaN(b)
    ? Number.isNaN(a) && Number.isNaN(b)
    : a === b || Math.abs(a - b) <= rel * Math.abs(b) + abs;

const elementwise = activations.filter((s): s is ElementwiseSpec => s.kind === 'elementwise');
const dimwise = activations.filter((s): s is DimwiseSpec => s.kind === 'dimwise');

/** Points for kernel tests: a grid, the kinks, tiny and huge magnitudes, non-finite values. */
function probePoints(spec: ElementwiseSpec, p: Values): number[] {
  const grid = Array.from({ length: 801 }, (_, i) => -10 + i * 0.025);
  const kinks = spec.kinks(p as never).flatMap((k) => [k.x, k.x - 1e-9, k.x + 1e-9]);
  return [...grid, ...kinks, 1e-8, -1e-8, 1e-30, -1e-30, 1e3, -1e3, 1e30, -1e30, NaN, Infinity, -Infinity];
}

/** Kernel options for a param set: a tensor for a parameter that is always one (PReLU's weight). */
function callOptions(spec: ActivationSpec, p: Values, dtype: 'float32' | 'float64'): Record<string, unknown> {
  const options: Record<string, unknown> = { ...p };
  for (const [name, s] of Object.entries(spec.params)) {
    if (!isChoiceParam(s) && s.learnable === 'always') options[name] = tensor([p[name] as number], { dtype });
  }
  return options;
}

describe.each(elementwise.map((s) => [s.id, s] as const))('%s', (_id, spec) => {
  const sets = paramSets(spec);

  it('array kernels equal the scalar reference f, gy·df (float64 and float32)', () => {
    // The spec's own kernels (float64 inside, rounded once), so on the js backend whatever is
    // active: the WASM kernels have their own few-ulp bounds (test/backend/wasm).
    const active = backendState.active;
    backendState.active = jsBackend;
    try {
      for (const p of sets) {
        const xs = probePoints(spec, p);
        const gys = xs.map((_, i) => ((i * 7919) % 13) / 6.5 - 1);
        for (const dtype of ['float64', 'float32'] as const) {
          const x = tensor(xs, { dtype, requiresGrad: true });
          const y = applyActivation(spec, x, callOptions(spec, p, dtype));
          y.backward(tensor(gys, { dtype }));
          // float32 kernels see float32 inputs (parameters stay float64) and round once at the end.
          const r = dtype === 'float32' ? Math.fround : (v: number) => v;
          const q = p as never;
          const tol = dtype === 'float32' ? 2 ** -23 : 1e-15;
          xs.forEach((v, i) => {
            const xv = r(v);
            expect(close(y.data[i]!, r(spec.f(xv, q)), tol, 1e-300), `${dtype} f(${xv}) ${JSON.stringify(p)}`).toBe(
              true,
            );
            expect(
              close(x.grad!.data[i]!, r(r(gys[i]!) * spec.df(xv, q)), 2 * tol, 1e-300),
              `${dtype} df(${xv}) ${JSON.stringify(p)}`,
            ).toBe(true);
          });
        }
      }
    } finally {
      backendState.active = active;
    }
  });

  it('df is the derivative of f away from kinks (central differences)', () => {
    for (const p of sets) {
      const kinks = spec.kinks(p as never).map((k) => k.x);
      for (let x = -6; x <= 6; x += 0.0137) {
        if (kinks.some((k) => Math.abs(x - k) < 1e-3)) continue;
        const h = 1e-6;
        const fd = (spec.f(x + h, p as never) - spec.f(x - h, p as never)) / (2 * h);
        expect(
          close(spec.df(x, p as never), fd, 1e-6, 1e-7),
          `df(${x}) = ${spec.df(x, p as never)}, FD ${fd}, ${JSON.stringify(p)}`,
        ).toBe(true);
      }
    }
  });

  it('passes gradcheck in float64 away from kinks', () => {
    const g = new Generator(3);
    for (const p of sets) {
      const kinks = spec.kinks(p as never).map((k) => k.x);
      const xs: number[] = [];
      while (xs.length < 12) {
        const v = g.uniform(-4, 4);
        if (kinks.every((k) => Math.abs(v - k) > 0.05)) xs.push(v);
      }
      const x = tensor(xs, { shape: [3, 4], dtype: 'float64', requiresGrad: true });
      const r = gradcheck((t: Tensor) => applyActivation(spec, t, callOptions(spec, p, 'float64')), [x]);
      expect(r.ok, `${JSON.stringify(p)}: ${r.message}`).toBe(true);
    }
  });

  it("follows PyTorch's gradient (and value) exactly at each kink", () => {
    for (const p of sets) {
      for (const k of spec.kinks(p as never)) {
        expect(spec.df(k.x, p as never), `df(${k.x})`).toBe(k.grad);
        if (k.value !== undefined) expect(spec.f(k.x, p as never), `f(${k.x})`).toBe(k.value);
        for (const dtype of ['float64', 'float32'] as const) {
          const r = dtype === 'float32' ? Math.fround : (v: number) => v;
          if (r(k.x) !== k.x) continue; // a kink float32 cannot represent is tested in float64 only
          const x = tensor([k.x], { dtype, requiresGrad: true });
          const y = applyActivation(spec, x, callOptions(spec, p, dtype));
          y.backward(tensor([1], { dtype }));
          expect(x.grad!.data[0], `${dtype} gradient at ${k.x} (${k.why})`).toBe(r(k.grad));
          if (k.value !== undefined) expect(y.data[0], `${dtype} value at ${k.x}`).toBe(r(k.value));
        }
      }
    }
  });
});

/** Whether the spec accepts `size` along its dim (GLU needs even sizes, maxout multiples of k). */
function fits(spec: DimwiseSpec, size: number, p: Values): boolean {
  try {
    spec.outSize?.(size, p as never);
    return true;
  } catch {
    return false;
  }
}

/** x of `shape` in float64, one slice along dim at a time: fRow / vjpRow by hand. */
function bySlices(
  x: number[],
  shape: number[],
  dim: number,
  outSize: number,
  fn: (row: number[], k: number) => number[],
  inner = shape.slice(dim + 1).reduce((a, b) => a * b, 1),
): number[] {
  const size = shape[dim]!;
  const outer = x.length / (size * inner);
  const out = new Array<number>(outer * outSize * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const row = Array.from({ length: size }, (_, s) => x[(o * size + s) * inner + i]!);
      fn(row, o * inner + i).forEach((v, s) => (out[(o * outSize + s) * inner + i] = v));
    }
  }
  return out;
}

describe.each(dimwise.map((s) => [s.id, s] as const))('%s', (_id, spec) => {
  const shape = spec.fixedDim ? [2, 4, 2, 3] : [2, 4, 6];
  const dims = spec.fixedDim ? [spec.fixedDim.dim] : [-1, 0, 1];
  const sets = paramSets(spec);
  const g = new Generator(5);
  const xs = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => 2 * g.normal());

  it('the fused kernel equals the row references fRow / vjpRow, along every dim (float64 and float32)', () => {
    for (const p of sets) {
      for (const dim of dims) {
        const d = (dim + shape.length) % shape.length;
        if (!fits(spec, shape[d]!, p)) continue;
        const options = { ...p, ...(spec.fixedDim ? {} : { dim }) };
        const outSize = spec.outSize ? spec.outSize(shape[d]!, p as never) : shape[d]!;
        const yShapeCount = (xs.length / shape[d]!) * outSize;
        const gys = Array.from({ length: yShapeCount }, (_, i) => Math.sin(i + 1));
        const inner = shape.slice(d + 1).reduce((a, b) => a * b, 1);
        const gyRows = bySlices(gys, [...shape.slice(0, d), outSize, ...shape.slice(d + 1)], d, outSize, (row) => row);
        for (const dtype of ['float64', 'float32'] as const) {
          const r = dtype === 'float32' ? Math.fround : (v: number) => v;
          const xv = xs.map(r);
          const x = tensor(xv, { shape, dtype, requiresGrad: true });
          const y = applyActivation(spec, x, options);
          y.backward(tensor(gys, { shape: y.shape, dtype }));
          const q = p as never;
          const wantY = bySlices(xv, shape, d, outSize, (row) => spec.fRow(row, q));
          const wantG = bySlices(xv, shape, d, shape[d]!, (row, n) => {
            const o = Math.floor(n / inner);
            const i = n % inner;
            const gRow = Array.from({ length: outSize }, (_, s) => r(gyRows[(o * outSize + s) * inner + i]!));
            return spec.vjpRow(row, gRow, q);
          });
          const tol = dtype === 'float32' ? 2 ** -22 : 1e-13;
          wantY.forEach((w, i) =>
            expect(close(y.data[i]!, w, tol, 1e-15), `${dtype} dim ${dim} y[${i}]: ${y.data[i]} vs ${w}`).toBe(true),
          );
          wantG.forEach((w, i) =>
            expect(
              close(x.grad!.data[i]!, w, tol, 1e-14),
              `${dtype} dim ${dim} gx[${i}]: ${x.grad!.data[i]} vs ${w}`,
            ).toBe(true),
          );
        }
      }
    }
  });

  it('passes gradcheck in float64 along every dim', () => {
    for (const p of sets) {
      for (const dim of dims) {
        if (!fits(spec, shape[(dim + shape.length) % shape.length]!, p)) continue;
        const x = tensor(xs, { shape, dtype: 'float64', requiresGrad: true });
        const options = { ...p, ...(spec.fixedDim ? {} : { dim }) };
        const r = gradcheck((t: Tensor) => applyActivation(spec, t, options), [x]);
        expect(r.ok, `dim ${dim} ${JSON.stringify(p)}: ${r.message}`).toBe(true);
      }
    }
  });
});

describe('the loops derived from f and df', () => {
  // PyTorch 1.13, float64: x = [−5, 0.1, 10], upstream gradient NaN everywhere.
  it.each([
    ['relu6', {}, [0, NaN, 0]],
    ['softshrink', {}, [NaN, 0, NaN]],
    ['threshold', { threshold: 1, value: 0 }, [0, 0, NaN]],
    ['hardsigmoid', {}, [0, NaN, 0]],
  ] as const)('%s: a flat region masks a NaN upstream gradient, as PyTorch', (id, options, want) => {
    const x = tensor([-5, 0.1, 10], { dtype: 'float64', requiresGrad: true });
    applyActivation(id, x, options).backward(tensor([NaN, NaN, NaN], { dtype: 'float64' }));
    expect(Array.from(x.grad!.data)).toEqual(want);
  });

  it("an isolated zero of f′ does not: square′(0)·NaN is NaN, as PyTorch's gy·2x", () => {
    const x = tensor([0, 1], { dtype: 'float64', requiresGrad: true });
    applyActivation('square', x).backward(tensor([NaN, 1], { dtype: 'float64' }));
    expect(Array.from(x.grad!.data)).toEqual([NaN, 2]);
  });
});
