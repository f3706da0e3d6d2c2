/**
 * Option parsing shared by the commands. Each `…Arg` returns a commander argParser that turns
 * the option's text into a value or throws InvalidArgumentError, which commander prints as one
 * line naming the option and the bad text (exit code 2). Checks that need more than the text
 * (does the folder accept files? is the name registered?) run in the action and throw UsageError.
 */
import { InvalidArgumentError } from 'commander';
import { UsageError } from './errors.js';
import { editDistance } from '../util/edit-distance.js';

const fail = (message: string): never => {
  throw new InvalidArgumentError(message);
};

/** A finite number, e.g. "-3", "1e-3", "0.5". */
function toNumber(text: string, what = 'a number'): number {
  const t = text.trim();
  const v = t === '' ? NaN : Number(t);
  if (!Number.isFinite(v)) fail(`expected ${what}, got '${text}'`);
  return v;
}

/** An integer in [min, max]. */
export function intArg(min: number, max = Infinity): (text: string) => number {
  return (text) => {
    const v = toNumber(text, 'an integer');
    if (!Number.isInteger(v) || v < min || v > max) {
      fail(`expected an integer ${max === Infinity ? `≥ ${min}` : `in ${min}..${max}`}, got '${text}'`);
    }
    return v;
  };
}

/** A number in (min, max] when `exclusiveMin`, else [min, max]. */
export function numberArg(min = -Infinity, max = Infinity, exclusiveMin = false): (text: string) => number {
  return (text) => {
    const v = toNumber(text);
    const low = exclusiveMin ? v <= min : v < min;
    if (low || v > max) {
      const lo = min === -Infinity ? '' : `${exclusiveMin ? '>' : '≥'} ${min}`;
      const hi = max === Infinity ? '' : `≤ ${max}`;
      fail(`expected a number ${[lo, hi].filter(Boolean).join(' and ')}, got '${text}'`);
    }
    return v;
  };
}

/** Splits "a,b,c" into trimmed, non-empty items. */
function items(text: string): string[] {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length === 0 || parts.some((s) => s === ''))
    fail(`expected a comma-separated list without empty items, got '${text}'`);
  return parts;
}

/** A comma-separated list of numbers, each checked by `check` (e.g. "-3,0,3" or "0.001,0.1,1"). */
export function numberListArg(min = -Infinity, exclusiveMin = false): (text: string) => number[] {
  const one = numberArg(min, Infinity, exclusiveMin);
  return (text) => items(text).map(one);
}

/** A comma-separated list of names ("relu,gelu"), duplicates removed, order kept. */
export function nameListArg(text: string): string[] {
  return [...new Set(items(text))];
}

/** Hidden layer sizes: "64,64", or "none" for a linear model. */
export function hiddenArg(text: string): number[] {
  if (text.trim() === 'none') return [];
  const one = intArg(1, 1 << 16);
  return items(text).map(one);
}

/** An interval "lo,hi" (also "lo..hi") with lo < hi, e.g. "-5,5". */
export function rangeArg(text: string): [number, number] {
  const parts = text.includes('..') ? text.split('..') : text.split(',');
  if (parts.length !== 2) fail(`expected an interval lo,hi such as -5,5, got '${text}'`);
  const lo = toNumber(parts[0]!, 'a number for lo');
  const hi = toNumber(parts[1]!, 'a number for hi');
  if (!(lo < hi)) fail(`lo must be less than hi, got lo=${lo}, hi=${hi}`);
  return [lo, hi];
}

/**
 * A set of positive integers: "2..50" (every integer), "2..50:8" (step 8, the end always
 * included), "2,5,10", or one number. Sorted, without duplicates.
 */
export function intSetArg(max = 10_000): (text: string) => number[] {
  return (text) => {
    const usage = `expected integers like 2..50, 2..50:8 or 2,5,10; got '${text}'`;
    const int = (s: string): number => {
      if (!/^\s*\d+\s*$/.test(s)) fail(usage);
      const v = Number(s);
      if (v < 1 || v > max) fail(`values must be in 1..${max}, got ${v} in '${text}'`);
      return v;
    };
    if (text.includes('..') && !/^\s*\d+\.\.\d+(:\d+)?\s*$/.test(text)) fail(usage);
    const range = /^\s*(\d+)\.\.(\d+)(?::(\d+))?\s*$/.exec(text);
    if (range) {
      const lo = int(range[1]!);
      const hi = int(range[2]!);
      const step = range[3] === undefined ? 1 : int(range[3]);
      if (lo > hi) fail(`the range must go up, got ${lo}..${hi}`);
      const out: number[] = [];
      for (let v = lo; v < hi; v += step) out.push(v);
      out.push(hi);
      return out;
    }
    return [...new Set(items(text).map(int))].sort((a, b) => a - b);
  };
}

/** One `--param k=v` (or `id.k=v`, for one activation of several); collects repeats. */
export interface ParamSetting {
  /** The activation id this setting is limited to, when written `id.k=v`. */
  id?: string;
  name: string;
  /** The raw value; the activation's spec decides whether it is a number or a choice. */
  value: string;
}

export function paramArg(text: string, previous: ParamSetting[] = []): ParamSetting[] {
  const m = /^\s*(?:([a-z0-9_]+)\.)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(\S.*?)\s*$/.exec(text);
  if (!m) fail(`expected name=value (e.g. negativeSlope=0.2, or leaky_relu.negativeSlope=0.2), got '${text}'`);
  const setting: ParamSetting = { name: m![2]!, value: m![3]! };
  if (m![1] !== undefined) setting.id = m![1];
  return [...previous, setting];
}

// The output checks live with the rest of the output code; re-exported for the commands.
export { ensureOutDir, ensureOutFile } from './output.js';

/** Up to `k` candidates closest to `name` (prefix matches first), for "did you mean" lines. */
export function nearest(name: string, candidates: readonly string[], k = 3): string[] {
  const n = name.toLowerCase();
  return [...candidates]
    .map((c) => ({
      c,
      d: c.toLowerCase().startsWith(n) || n.startsWith(c.toLowerCase()) ? 0 : editDistance(n, c.toLowerCase()),
    }))
    .sort((a, b) => a.d - b.d)
    .slice(0, k)
    .map((e) => e.c);
}

/** Resolves `name` among `allowed` or throws one line with the nearest names. */
export function choose<T extends string>(what: string, name: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(name)) return name as T;
  throw new UsageError(
    `unknown ${what} '${name}'; did you mean ${nearest(name, allowed).join(', ')}? (valid: ${allowed.join(', ')})`,
  );
}
