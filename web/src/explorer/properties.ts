/**
 * Declared vs measured properties, from the library's one property engine (analysis.checkProperties,
 * the rows `actlab show` prints), measured at the parameters on the sliders.
 */
import { analysis, type ActivationSpec } from '../lib.js';
import { paramValues } from './curves.js';
import type { ParamSettings } from '../state/explorer.js';

export interface PropertyRow {
  property: string;
  declared: string;
  measured: string;
  verdict: analysis.Verdict;
}

export function propertyRows(spec: ActivationSpec, settings: ParamSettings): { rows: PropertyRow[]; at: string } {
  const changed = Object.keys(settings).some((k) => k in spec.params);
  const rows = analysis.checkProperties(spec, paramValues(spec, settings)).map((c) => ({
    property: c.label,
    declared: analysis.formatProperty(c.declared),
    measured: c.measured === 'unclear' ? 'unclear' : analysis.formatProperty(c.measured),
    verdict: c.verdict,
  }));
  return {
    rows,
    at: changed ? 'measured at the parameters above; declared at the defaults' : 'at the default parameters',
  };
}
