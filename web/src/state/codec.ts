/**
 * State as data: each view's configuration is a record described by a schema of field codecs,
 * so the URL encoding, the defaults and the validation of a link are all derived from one table
 * (as TensorFlow Playground's state table, without its module-level globals).
 *
 * A codec parses the URL text of one field; a value it cannot read is reported and the field
 * keeps its default, so a hand-edited or outdated link still opens.
 */

/** Reads and writes one field's URL text. `parse` returns undefined for text it rejects. */
export interface Codec<T> {
  parse(text: string): T | undefined;
  format(value: T): string;
  /** What the field accepts, for the message shown when a link holds something else. */
  readonly allowed: string;
}

/** A view's schema: for each field of T, its URL key, codec and default. */
export type Schema<T> = {
  readonly [K in keyof T]: { readonly key: string; readonly codec: Codec<T[K]>; readonly default: T[K] };
};

/** A problem found while reading a link: the key, the text and what was allowed. */
export interface LinkProblem {
  key: string;
  text: string;
  allowed: string;
}

export function oneOf<const C extends string>(choices: readonly C[]): Codec<C> {
  return {
    parse: (t) => ((choices as readonly string[]).includes(t) ? (t as C) : undefined),
    format: (v) => v,
    allowed: `one of ${choices.join(', ')}`,
  };
}

/** Any non-empty text (activation ids are checked against the registry by the views). */
export const text: Codec<string> = {
  parse: (t) => (t.length > 0 ? t : undefined),
  format: (v) => v,
  allowed: 'a non-empty name',
};

/** Any text, the empty string included (optional fields). */
export const anyText: Codec<string> = {
  parse: (t) => t,
  format: (v) => v,
  allowed: 'any text',
};

export function num(min: number, max: number, { integer = false } = {}): Codec<number> {
  return {
    parse(t) {
      const v = Number(t);
      if (t.trim() === '' || !Number.isFinite(v) || v < min || v > max) return undefined;
      return integer && !Number.isInteger(v) ? undefined : v;
    },
    // Shortest text that reads back as the same double.
    format: (v) => String(v),
    allowed: `${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`,
  };
}

export const bool: Codec<boolean> = {
  parse: (t) => (t === '1' || t === 'true' ? true : t === '0' || t === 'false' ? false : undefined),
  format: (v) => (v ? '1' : '0'),
  allowed: '1 or 0',
};

/** A comma-separated list of `item` values, with a length range. `''` is the empty list. */
export function list<T>(item: Codec<T>, minLength: number, maxLength: number): Codec<T[]> {
  return {
    parse(t) {
      const parts = t === '' ? [] : t.split(',');
      if (parts.length < minLength || parts.length > maxLength) return undefined;
      const out: T[] = [];
      for (const p of parts) {
        const v = item.parse(p);
        if (v === undefined) return undefined;
        out.push(v);
      }
      return out;
    },
    format: (v) => v.map((x) => item.format(x)).join(','),
    allowed: `${minLength}–${maxLength} comma-separated values, each ${item.allowed}`,
  };
}

/** The default record of a schema (fresh arrays, so callers may keep them). */
export function defaultsOf<T>(schema: Schema<T>): T {
  const out = {} as T;
  for (const k of Object.keys(schema) as (keyof T)[]) out[k] = structuredClone(schema[k].default);
  return out;
}

/** Reads a record from URL parameters: missing keys take defaults, unreadable ones too (reported). */
export function readSchema<T>(schema: Schema<T>, params: URLSearchParams): { value: T; problems: LinkProblem[] } {
  const value = defaultsOf(schema);
  const problems: LinkProblem[] = [];
  for (const k of Object.keys(schema) as (keyof T)[]) {
    const { key, codec } = schema[k];
    const raw = params.get(key);
    if (raw === null) continue;
    const v = codec.parse(raw);
    if (v === undefined) problems.push({ key, text: raw, allowed: codec.allowed });
    else value[k] = v;
  }
  return { value, problems };
}

/** Writes every field of a record (defaults included, so a link keeps meaning if defaults change). */
export function writeSchema<T>(schema: Schema<T>, value: T, params: URLSearchParams): void {
  for (const k of Object.keys(schema) as (keyof T)[]) {
    const { key, codec } = schema[k];
    params.set(key, codec.format(value[k]));
  }
}
