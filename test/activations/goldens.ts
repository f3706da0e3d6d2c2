/**
 * Reading and comparing the PyTorch goldens of test/fixtures/activations.json (written by
 * scripts/fixtures/gen_activations.py): each case is run in float64 and float32 and every
 * value of y, ∂x (and PReLU's ∂weight) is compared with torch's float64 result.
 *
 * - float64: |got − want| ≤ 1e-12·|want| + 2⁻⁴⁹ (the floor absorbs torch's own cancellation
 *   near 0, e.g. exp(x) − 1 at x = −1e-20, or σ(1 − σ) at x = 30).
 * - float32: within 4 float32 ulps of the float64 value (rounded to float32: an overflow is ±∞), same floor.
 * - At points a spec lists in `knownDifferences` the stated `rel` is added; a value that still
 *   differs (a difference without `rel`) is counted as documented and must equal actlab's own
 *   scalar reference instead.
 */
import { readFileSync } from 'node:fs';
import { applyActivation, getActivation } from '../../src/activations/index.js';
import type { ActivationSpec, KnownDifference } from '../../src/activations/index.js';
import { paramDefaults } from '../../src/activations/params.js';
import { tensor } from '../../src/tensor/create.js';
import type { FloatDType } from '../../src/tensor/dtype.js';

type Encoded = number | 'NaN' | 'Infinity' | '-Infinity';

export interface GoldenCase {
  id: string;
  params: Record<string, number | string>;
  tag: string;
  shape: number[];
  yShape: number[];
  x: Encoded[];
  gy: Encoded[];
  y64: Encoded[];
  gx64: Encoded[];
  y32: Encoded[];
  gx32: Encoded[];
  weight?: Encoded[];
  gweight64?: Encoded[];
  composed?: boolean;
}

export const FIXTURE = new URL('../fixtures/activations.json', import.meta.url);

export function loadGoldens(): { torch: string; cases: GoldenCase[] } {
  return JSON.parse(readFileSync(FIXTURE, 'utf8')) as { torch: string; cases: GoldenCase[] };
}

const decode = (v: Encoded): number =>
  typeof v === 'number' ? v : v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : -Infinity;
const FLOOR = 2 ** -49;

function ulp32(w: number): number {
  const a = Math.abs(w);
  return a < 2 ** -126 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(a)) - 23);
}

/** Does `got` match torch's float64 `want` in this dtype (plus relative slack `rel` where a known difference gives one)? */
export function agrees(got: number, want: number, dtype: FloatDType, rel?: number): boolean {
  if (Number.isNaN(want) || Number.isNaN(got)) return Number.isNaN(want) && Number.isNaN(got);
  const target = dtype === 'float32' ? Math.fround(want) : want;
  if (!Number.isFinite(target) || !Number.isFinite(got)) return got === target;
  const tol = (rel ?? 0) * Math.abs(want) + (dtype === 'float64' ? 1e-12 * Math.abs(want) : 4 * ulp32(target));
  return Math.abs(got - want) <= tol + FLOOR;
}

export interface CaseResult {
  /** Values compared with torch and within tolerance. */
  passed: number;
  /** Values at documented differences (checked against actlab's own reference instead). */
  documented: number;
  failures: string[];
}

/** Slice along `dim` that flat index `i` of a tensor of `shape` belongs to, and its position in it. */
function sliceAt(data: number[], shape: number[], dim: number, i: number): [number[], number] {
  const size = shape[dim] ?? 1;
  const inner = shape.slice(dim + 1).reduce((p, d) => p * d, 1);
  const o = Math.floor(i / (size * inner));
  const ii = i % inner;
  const k = Math.floor((i % (size * inner)) / inner);
  return [Array.from({ length: size }, (_, s) => data[o * size * inner + s * inner + ii]!), k];
}

function differenceAt(
  spec: ActivationSpec,
  c: GoldenCase,
  field: 'y' | 'gx' | 'gw',
  i: number,
  xs: number[],
): KnownDifference | undefined {
  const kind = field === 'y' ? 'value' : 'gradient';
  return spec.knownDifferences.find((d) => {
    if (d.affects !== 'both' && d.affects !== kind) return false;
    if (spec.kind === 'elementwise') return field !== 'gw' && d.at !== undefined && d.at(xs[i]!);
    if (!d.atRow) return false;
    const p = { ...paramDefaults(spec.params), ...c.params };
    const nd = c.shape.length;
    const dim = spec.fixedDim ? spec.fixedDim.dim : (p.dim as number);
    const d0 = ((dim % nd) + nd) % nd;
    if (field === 'gx') {
      const [row, k] = sliceAt(xs, c.shape, d0, i);
      return d.atRow(row, k);
    }
    // An output index: its slice in y, and the input slice it came from (same outer/inner position).
    const outSize = c.yShape[d0]!;
    const inner = c.shape.slice(d0 + 1).reduce((q, v) => q * v, 1);
    const o = Math.floor(i / (outSize * inner));
    const k = Math.floor((i % (outSize * inner)) / inner);
    const [row] = sliceAt(xs, c.shape, d0, o * c.shape[d0]! * inner + (i % inner));
    return d.atRow(row, k);
  });
}

/** Runs one golden case in both dtypes and compares every value. */
export function runCase(c: GoldenCase): CaseResult {
  const spec = getActivation(c.id);
  const result: CaseResult = { passed: 0, documented: 0, failures: [] };
  const xs = c.x.map(decode);
  const gys = c.gy.map(decode);
  const p = { ...paramDefaults(spec.params), ...c.params };
  for (const dtype of ['float64', 'float32'] as const) {
    const x = tensor(xs, { shape: c.shape, dtype, requiresGrad: true });
    const options: Record<string, unknown> = { ...c.params };
    delete options.numParameters; // a module option in the fixture (nn.PReLU(num_parameters)); F.prelu takes the weight
    const w = c.weight ? tensor(c.weight.map(decode), { dtype, requiresGrad: true }) : undefined;
    if (w) options.weight = w;
    const y = applyActivation(c.id, x, options);
    if (JSON.stringify(y.shape) !== JSON.stringify(c.yShape)) {
      result.failures.push(`${dtype}: output shape [${y.shape}] instead of [${c.yShape}]`);
      continue;
    }
    y.backward(tensor(gys, { shape: y.shape, dtype }));
    const fields: ['y' | 'gx' | 'gw', ArrayLike<number>, Encoded[]][] = [
      ['y', y.data, c.y64],
      ['gx', x.grad!.data, c.gx64],
    ];
    if (w && c.gweight64) fields.push(['gw', w.grad!.data, c.gweight64]);
    for (const [field, got, wanted] of fields) {
      for (let i = 0; i < wanted.length; i++) {
        const want = decode(wanted[i]!);
        const diff = differenceAt(spec, c, field, i, xs);
        if (agrees(got[i]!, want, dtype, diff?.rel)) {
          result.passed++;
          continue;
        }
        if (diff && diff.rel === undefined) {
          result.documented++;
          // Not torch's value here, by design: it must be actlab's own reference value instead.
          if (spec.kind === 'elementwise' && field !== 'gw') {
            const ref = field === 'y' ? spec.f(xs[i]!, p) : gys[i]! * spec.df(xs[i]!, p);
            if (!agrees(got[i]!, ref, dtype))
              result.failures.push(
                `${dtype} ${field}[${i}] (x = ${xs[i]}): ${got[i]} is not actlab's reference ${ref}`,
              );
          }
          continue;
        }
        result.failures.push(
          `${dtype} ${field}[${i}]${spec.kind === 'elementwise' && field !== 'gw' ? ` (x = ${xs[i]})` : ''}: got ${got[i]}, torch ${want}`,
        );
      }
    }
  }
  return result;
}
