/**
 * Declared vs measured properties, from the library's checkers: elementwise activations are
 * measured at the parameters on the sliders (analysis.measureProperties, the engine behind
 * `actlab show`); dim-wise ones with the registry checker at their defaults.
 */
import { analysis, checkProperties, type ActivationSpec } from '../lib.js';
import { paramValues } from './curves.js';
import type { ParamSettings } from '../state/explorer.js';

export interface PropertyRow {
  property: string;
  declared: string;
  measured: string;
  /** Undefined when nothing is declared. */
  match?: boolean;
}

const show = (v: unknown): string =>
  v === undefined
    ? '—'
    : v === true
      ? 'yes'
      : v === false
        ? 'no'
        : v === 'Cinf'
          ? 'C∞'
          : Array.isArray(v)
            ? analysis.formatRange(v as [number, number])
            : String(v);

export function propertyRows(spec: ActivationSpec, settings: ParamSettings): { rows: PropertyRow[]; at: string } {
  if (spec.kind === 'elementwise') {
    const p = paramValues(spec, settings);
    const measured = analysis.measureProperties({ f: (x) => spec.f(x, p as never), df: (x) => spec.df(x, p as never) });
    const changed = Object.keys(settings).some((k) => k in spec.params);
    return {
      rows: analysis.checkProperties(spec.properties, measured),
      at: changed ? 'measured at the parameters above; declared at the defaults' : 'at the default parameters',
    };
  }
  return {
    rows: checkProperties(spec).map((c) => ({
      // 'sumsToOne' → 'sums to one', as the elementwise rows are labelled.
      property: c.property.replace(/[A-Z]/g, (ch) => ` ${ch.toLowerCase()}`),
      declared: show(c.declared),
      measured: show(c.measured),
      match: c.ok,
    })),
    at: 'at the default parameters',
  };
}
