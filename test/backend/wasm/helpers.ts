/**
 * Shared test helpers for the WASM-SIMD backend: building the module when it is missing or
 * stale, ulp distances against float64 references, input sets, and float64 erf/erfc.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { findPackageRoot, getWasmRuntime, type WasmRuntime } from '../../../src/backend/wasm/index.js';

/** Builds wasm/actlab.wasm if it is missing or older than its sources, then returns the runtime. */
export function wasmRuntime(): WasmRuntime {
  const root = findPackageRoot();
  execFileSync(process.execPath, [join(root, 'scripts', 'build-wasm.mjs'), '--if-stale'], { cwd: root, stdio: 'pipe' });
  return getWasmRuntime();
}

const F32_MIN_NORMAL = 2 ** -126;
const F32_DENORM_ULP = 2 ** -149;

/** Spacing of float32 values at the magnitude of v (2^-149 in the denormal range). */
export function ulp32(v: number): number {
  const a = Math.abs(v);
  if (a < F32_MIN_NORMAL) return F32_DENORM_ULP;
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

/**
 * Distance of a float32 result from a float64 reference in float32 ulps at the reference
 * (fractional: a correctly rounded result scores <= 0.5). NaN must meet NaN; an infinite
 * reference must be met exactly. `floor` is an absolute magnitude below which the error is
 * measured in ulps of `floor` instead (for values next to a root, where cancellation makes any
 * float32 formula lose relative accuracy).
 */
export function ulpError(got: number, ref: number, floor = 0): number {
  if (Number.isNaN(ref) || Number.isNaN(got)) return Number.isNaN(ref) && Number.isNaN(got) ? 0 : Infinity;
  const r32 = Math.fround(ref);
  if (!Number.isFinite(r32) || !Number.isFinite(got)) return got === r32 ? 0 : Infinity;
  return Math.abs(got - ref) / Math.max(ulp32(ref), floor > 0 ? ulp32(floor) : 0);
}

export interface ErrorReport {
  max: number;
  at: number;
  got: number;
  want: number;
}

/** Max ulp error of got[i] against ref(x[i]) over all i, with where it happened. */
export function maxUlpError(
  x: Float32Array, got: Float32Array, ref: (x: number, i: number) => number, floor: number | ((x: number) => number) = 0,
): ErrorReport {
  // (floor: an absolute magnitude, or one per input; see ulpError)
  const report: ErrorReport = { max: 0, at: NaN, got: NaN, want: NaN };
  for (let i = 0; i < x.length; i++) {
    const want = ref(x[i]!, i);
    const e = ulpError(got[i]!, want, typeof floor === 'function' ? floor(x[i]!) : floor);
    if (e > report.max || Number.isNaN(e)) Object.assign(report, { max: e, at: x[i], got: got[i], want });
  }
  return report;
}

/** Every `stride`-th positive finite float32 bit pattern, and the negatives, as one array. */
export function floatSweep(stride: number): Float32Array {
  const count = Math.floor(0x7f800000 / stride);
  const bits = new Uint32Array(2 * count);
  for (let i = 0; i < count; i++) {
    bits[i] = i * stride;
    bits[count + i] = (i * stride) | 0x80000000;
  }
  return new Float32Array(bits.buffer);
}

/** n evenly spaced float32 values from lo to hi. */
export function linspace(lo: number, hi: number, n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = lo + ((hi - lo) * i) / (n - 1);
  return a;
}

/** ±10^e for e from lo to hi in steps (log-spaced magnitudes, both signs). */
export function magnitudes(lo: number, hi: number, perDecade = 8): number[] {
  const out: number[] = [];
  for (let e = lo; e <= hi; e += 1 / perDecade) out.push(10 ** e, -(10 ** e));
  return out;
}

/** Values every float32 function must handle: zeros, denormals, extremes, NaN, infinities. */
export const SPECIAL_VALUES: readonly number[] = [
  0, -0, 1e-45, -1e-45, 1e-40, -1e-40, 1.1754942e-38, -1.1754942e-38, 1.1754944e-38, 2 ** -24, -(2 ** -24),
  1e-7, -1e-7, 0.5, -0.5, 1, -1, 2, -2, 3, -3, 6, 10, -10, 17.5, -17.5, 20, -20, 80, -80, 87.3, -87.3, 88.7, -88.7,
  88.73, -88.73, 89, -89, 103.9, -103.9, 104, -104, 1e10, -1e10, 3.4028235e38, -3.4028235e38, Infinity, -Infinity, NaN,
];

/** Deterministic uniform values in [lo, hi) (xorshift32). */
export function uniform(n: number, lo: number, hi: number, seed = 12345): Float32Array {
  const a = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    a[i] = lo + ((hi - lo) * s) / 2 ** 32;
  }
  return a;
}

/** A copy of `values` in the WASM memory and a zeroed output of the same length. */
export function inWasm(rt: WasmRuntime, values: ArrayLike<number>): { x: Float32Array; y: Float32Array } {
  return { x: rt.heap.copyIn(values), y: rt.heap.alloc(values.length) };
}

// ---- float64 erf/erfc, ~1e-14 relative: Taylor series below 2, continued fraction above.

export function erfc64(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc64(-x);
  if (x < 2) return 1 - erf64(x);
  if (x > 27.3) return 0;
  // erfc(x) = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), by Lentz's method.
  const tiny = 1e-300;
  let f = x, c = x, d = 0;
  for (let n = 1; n < 1000; n++) {
    const a = n / 2;
    d = x + a * d;
    d = 1 / (d === 0 ? tiny : d);
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (f * Math.sqrt(Math.PI));
}

export function erf64(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (Math.abs(x) >= 2) return Math.sign(x) * (1 - erfc64(Math.abs(x)));
  let term = x, sum = x;
  const x2 = x * x;
  for (let n = 1; n < 300; n++) {
    term *= -x2 / n;
    const t = term / (2 * n + 1);
    sum += t;
    if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
  }
  return (sum * 2) / Math.sqrt(Math.PI);
}
