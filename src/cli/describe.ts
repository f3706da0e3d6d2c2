/**
 * How the CLI writes an activation spec for people (tables, `show`) and for programs (`--json`):
 * parameters with defaults and ranges, declared properties in short form.
 */
import { isChoiceParam, numberRangeText, type ParamSpec } from '../activations/params.js';
import { type ActivationSpec } from '../activations/define.js';
import { formatRange } from '../analysis/check.js';

/** A parameter value as typed on the command line ('none' for choices, ∞ for infinities). */
export function showValue(v: number | string): string {
  if (typeof v === 'string') return v;
  return v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(Number(v.toPrecision(6)));
}

/** "negativeSlope=0.01", "approximate=none|tanh": every parameter with its default. */
export function paramsSummary(spec: ActivationSpec): string {
  const entries = Object.entries(spec.params);
  if (entries.length === 0) return '—';
  return entries.map(([k, s]) => `${k}=${showValue(s.default)}`).join(', ');
}

/** What values a parameter allows, in words. */
export function allowedText(s: ParamSpec): string {
  return isChoiceParam(s) ? `one of ${s.choices.join(', ')}` : numberRangeText(s);
}

/** A parameter as JSON. */
export function paramJson(name: string, s: ParamSpec): Record<string, unknown> {
  const base: Record<string, unknown> = { name, default: s.default, allowed: allowedText(s) };
  if (s.doc) base.doc = s.doc;
  if (isChoiceParam(s)) base.choices = [...s.choices];
  else {
    for (const k of ['min', 'max', 'exclusiveMin', 'exclusiveMax', 'integer', 'learnable', 'random'] as const) {
      if (s[k] !== undefined) base[k] = s[k];
    }
  }
  return base;
}

const yn = (v: boolean | undefined): string => (v === undefined ? '—' : v ? 'yes' : 'no');

/** The short property columns of `actlab list`. */
export function propertyColumns(spec: ActivationSpec): {
  range: string;
  monotonic: string;
  smooth: string;
  zeroCentred: string;
  saturating: string;
} {
  const p = spec.properties as Record<string, unknown>;
  const range = Array.isArray(p.range) ? formatRange(p.range as [number, number]) : '—';
  const smooth = p.smoothness === 'Cinf' ? 'C∞' : typeof p.smoothness === 'string' ? p.smoothness : '—';
  if (spec.kind !== 'elementwise') return { range, monotonic: '—', smooth, zeroCentred: '—', saturating: '—' };
  const m = spec.properties.monotonic;
  const left = spec.properties.saturatesLeft;
  const right = spec.properties.saturatesRight;
  const saturating =
    left === undefined && right === undefined ? '—' : left && right ? 'both' : left ? 'left' : right ? 'right' : 'no';
  return {
    range,
    monotonic: m === undefined ? '—' : m === false ? 'no' : m === 'increasing' ? 'yes' : 'decreasing',
    smooth,
    zeroCentred: yn(spec.properties.zeroCentred),
    saturating,
  };
}

/** The spec as JSON (functions and kernels left out). */
export function specJson(spec: ActivationSpec): Record<string, unknown> {
  return {
    id: spec.id,
    name: spec.name,
    torchName: spec.torchName,
    torchFunction: spec.torchFunction,
    aliases: [...spec.aliases],
    kind: spec.kind,
    summary: spec.summary,
    params: Object.entries(spec.params).map(([k, s]) => paramJson(k, s)),
    formula: spec.formula,
    derivative: spec.derivative,
    properties: spec.properties,
    references: spec.references,
  };
}
