/** torch-like printing: aligned columns, 4 decimals (or scientific for wide ranges), elided middles. */
import type { DType, Storage } from './dtype.js';

/** What printing reads of a tensor (structural, so this file needs no import of tensor.ts). */
interface Printable {
  readonly data: Storage;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly ndim: number;
  readonly numel: number;
  readonly requiresGrad: boolean;
  readonly gradFn: { readonly op: string } | null;
}

const EDGE = 3; // items shown at each end of a long dimension
const MAX_FULL = 1000; // tensors up to this many elements print in full

export function formatTensor(t: Printable): string {
  const summarize = t.numel > MAX_FULL;
  const values = Array.from(t.data as ArrayLike<number>);
  const finite = values.filter((v) => Number.isFinite(v));
  const isInt = t.dtype === 'int32' || finite.every((v) => Number.isInteger(v));
  const maxAbs = finite.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const minAbs = finite.filter((v) => v !== 0).reduce((m, v) => Math.min(m, Math.abs(v)), Infinity);
  const sci = !isInt && (maxAbs >= 1e8 || (minAbs < 1e-4 && minAbs !== Infinity) || maxAbs / minAbs > 1e8);
  const fmt = (v: number): string => {
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    if (t.dtype === 'int32') return String(v);
    if (sci) return v.toExponential(4);
    return isInt ? `${v}.` : v.toFixed(4);
  };
  const width = Math.max(1, ...values.map((v) => fmt(v).length));
  const pad = (v: number): string => fmt(v).padStart(width);
  const strides = t.shape.map((_, i) => t.shape.slice(i + 1).reduce((a, b) => a * b, 1));

  const prefix = 'tensor(';
  const rec = (dim: number, offset: number, indent: string): string => {
    if (dim === t.ndim) return pad(values[offset]!);
    const n = t.shape[dim]!;
    const idx =
      summarize && n > 2 * EDGE
        ? [...Array(EDGE).keys(), -1, ...Array.from({ length: EDGE }, (_, i) => n - EDGE + i)]
        : [...Array(n).keys()];
    const parts = idx.map((i) => (i === -1 ? '...' : rec(dim + 1, offset + i * strides[dim]!, indent + ' ')));
    const sep = dim === t.ndim - 1 ? ', ' : ',' + '\n'.repeat(t.ndim - dim - 1) + indent + ' ';
    return `[${parts.join(sep)}]`;
  };
  const body = t.ndim === 0 ? fmt(values[0]!) : rec(0, 0, ' '.repeat(prefix.length));
  const extras: string[] = [];
  if (t.dtype !== 'float32') extras.push(`dtype=${t.dtype}`);
  if (t.gradFn) extras.push(`gradFn=<${t.gradFn.op}>`);
  else if (t.requiresGrad) extras.push('requiresGrad=true');
  return `${prefix}${body}${extras.length ? ', ' + extras.join(', ') : ''})`;
}
