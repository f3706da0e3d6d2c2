/**
 * Declared vs measured: each property an activation's spec declares, next to the value the
 * property engine (properties.ts, vector-properties.ts) measures from its f and f′ or its row
 * function, and a verdict. `actlab show` prints these rows, docs/activations.md is rendered only
 * from specs that pass, and the registry-wide test keeps every spec honest.
 */
import type { ActivationSpec, ScalarProperties, VectorProperties } from '../activations/define.js';
import type { MeasuredProperties } from './properties.js';
import { measureProperties } from './properties.js';
import type { MeasuredVectorProperties } from './vector-properties.js';
import { measureVectorProperties } from './vector-properties.js';

export type PropertyName = keyof ScalarProperties | keyof VectorProperties;

/**
 * agrees / differs: measured and declared, compared; unclear: the probes could not settle it;
 * undeclared: the spec states nothing; unmeasured: a property that is declared only (cost).
 */
export type Verdict = 'agrees' | 'differs' | 'unclear' | 'undeclared' | 'unmeasured';

export interface PropertyCheck {
  property: PropertyName;
  /** How people read it ('monotonic f′', 'saturates left'). */
  label: string;
  /** As the spec declares it; undefined when it does not. */
  declared: unknown;
  /** As measured; 'unclear' when the probes cannot settle it; undefined when it is not measurable. */
  measured: unknown;
  verdict: Verdict;
}

/** The rows, in the order a reader wants them, with their labels. */
const SCALAR_ROWS: readonly [keyof ScalarProperties, string][] = [
  ['range', 'range'],
  ['boundedBelow', 'bounded below'],
  ['boundedAbove', 'bounded above'],
  ['monotonic', 'monotonic'],
  ['derivativeMonotonic', 'monotonic f′'],
  ['smoothness', 'smoothness'],
  ['zeroCentred', 'zero-centred (odd)'],
  ['identityNearZero', '≈ identity near 0'],
  ['saturatesLeft', 'saturates left'],
  ['saturatesRight', 'saturates right'],
  ['selfGated', 'self-gated'],
  ['cost', 'cost'],
];
const VECTOR_ROWS: readonly [keyof VectorProperties, string][] = [
  ['range', 'range'],
  ['boundedBelow', 'bounded below'],
  ['boundedAbove', 'bounded above'],
  ['smoothness', 'smoothness'],
  ['sumsToOne', 'rows sum to 1'],
  ['shiftInvariant', 'shift-invariant'],
  ['cost', 'cost'],
];

/** Range ends agree: both the same infinity, or finite within 1e-4 relative to 1 + |end|. */
function sameEnd(a: number, b: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-4 * (1 + Math.abs(a));
}

/** The verdict on one property: ranges to 1e-4, everything else exactly. */
export function propertyVerdict(declared: unknown, measured: unknown): Verdict {
  if (measured === undefined) return 'unmeasured';
  if (declared === undefined) return 'undeclared';
  if (measured === 'unclear') return 'unclear';
  if (Array.isArray(declared) && Array.isArray(measured)) {
    const ok = declared.length === 2 && measured.length === 2 && declared.every((d, i) => sameEnd(d, measured[i]));
    return ok ? 'agrees' : 'differs';
  }
  return declared === measured ? 'agrees' : 'differs';
}

/**
 * Declared properties against measured ones, one row per property (measurements from
 * {@link measureProperties} or {@link measureVectorProperties}).
 */
export function compareProperties(
  declared: Partial<ScalarProperties> | Partial<VectorProperties>,
  measured: MeasuredProperties | MeasuredVectorProperties,
): PropertyCheck[] {
  const vector = 'sumsToOne' in measured;
  const rows = vector ? VECTOR_ROWS : SCALAR_ROWS;
  return rows.map(([property, label]) => {
    const d = (declared as Record<string, unknown>)[property];
    const m = property === 'cost' ? undefined : (measured as unknown as Record<string, unknown>)[property];
    return { property, label, declared: d, measured: m, verdict: propertyVerdict(d, m) };
  });
}

/**
 * Measures a spec (at its default parameters, where its properties are declared, or at
 * `params`) and holds each declared property against the measurement.
 * @example mismatches(checkProperties(getActivation('gelu'))) // []
 */
export function checkProperties(
  spec: ActivationSpec,
  params?: Readonly<Record<string, number | string>>,
): PropertyCheck[] {
  const measured =
    spec.kind === 'dimwise' ? measureVectorProperties(spec, params) : measureProperties(spec, { params });
  return compareProperties(spec.properties, measured);
}

/** The rows whose declaration the measurement contradicts. */
export const mismatches = (checks: readonly PropertyCheck[]): PropertyCheck[] =>
  checks.filter((c) => c.verdict === 'differs');

/** "[0, ∞)", "(−∞, ∞)", "[-1, 1]": closed at finite ends, open at infinite ones. */
export function formatRange([lo, hi]: readonly [number, number]): string {
  const end = (v: number): string => (v === Infinity ? '∞' : v === -Infinity ? '−∞' : String(Number(v.toPrecision(6))));
  return `${lo === -Infinity ? '(' : '['}${end(lo)}, ${end(hi)}${hi === Infinity ? ')' : ']'}`;
}

/** A declared or measured property value as people read it: yes/no, C∞, ranges, '—' for none. */
export function formatProperty(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value === 'Cinf') return 'C∞';
  if (Array.isArray(value) && value.length === 2) return formatRange(value as [number, number]);
  return String(value);
}
