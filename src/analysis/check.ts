/**
 * Declared vs measured: each property an activation's spec declares, next to the value
 * measured from its f and f′, and whether they agree. `actlab show` prints this and flags
 * disagreements; the registry-wide test keeps every spec honest.
 */
import type { ScalarProperties } from '../activations/define.js';
import type { MeasuredProperties } from './properties.js';

export interface PropertyCheck {
  property: string;
  declared: string;
  measured: string;
  /** Undefined when the spec declares nothing for this property. */
  match?: boolean;
}

/** "[0, ∞)", "(−∞, ∞)", "[-1, 1]": closed at finite ends, open at infinite ones. */
export function formatRange([lo, hi]: readonly [number, number]): string {
  const end = (v: number): string => (v === Infinity ? '∞' : v === -Infinity ? '−∞' : String(Number(v.toPrecision(6))));
  return `${lo === -Infinity ? '(' : '['}${end(lo)}, ${end(hi)}${hi === Infinity ? ')' : ']'}`;
}

/** Range ends agree: both the same infinity, or finite within 1e-4 relative. */
function sameEnd(a: number, b: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-4 * (1 + Math.abs(a));
}

const show = (v: unknown): string =>
  v === undefined ? '—' : v === false ? 'no' : v === true ? 'yes' : v === 'Cinf' ? 'C∞' : String(v);

/**
 * Compares declared properties with measured ones, one row per property, in the order a reader
 * wants them. Properties that cannot be measured (self-gated, cost) are listed with `measured: '—'`.
 */
export function checkProperties(declared: Partial<ScalarProperties>, m: MeasuredProperties): PropertyCheck[] {
  const rows: PropertyCheck[] = [];
  const row = (
    property: string,
    d: unknown,
    measured: unknown,
    eq: (a: never, b: never) => boolean = (a, b) => a === b,
  ): void => {
    const r: PropertyCheck = { property, declared: show(d), measured: show(measured) };
    if (d !== undefined && measured !== undefined) r.match = eq(d as never, measured as never);
    rows.push(r);
  };
  rows.push({
    property: 'range',
    declared: declared.range ? formatRange(declared.range) : '—',
    measured: formatRange(m.range),
    ...(declared.range
      ? { match: sameEnd(declared.range[0], m.range[0]) && sameEnd(declared.range[1], m.range[1]) }
      : {}),
  });
  row('bounded below', declared.boundedBelow, m.boundedBelow);
  row('bounded above', declared.boundedAbove, m.boundedAbove);
  row('monotonic', declared.monotonic, m.monotonic);
  row('monotonic f′', declared.derivativeMonotonic, m.derivativeMonotonic);
  row('smoothness', declared.smoothness, m.smoothness);
  row('zero-centred (odd)', declared.zeroCentred, m.zeroCentred);
  row('≈ identity near 0', declared.identityNearZero, m.identityNearZero);
  row('saturates left', declared.saturatesLeft, m.saturatesLeft);
  row('saturates right', declared.saturatesRight, m.saturatesRight);
  row('self-gated', declared.selfGated, undefined);
  row('cost', declared.cost, undefined);
  return rows;
}

/** The rows that disagree. */
export const mismatches = (checks: readonly PropertyCheck[]): PropertyCheck[] =>
  checks.filter((c) => c.match === false);
