/**
 * JSON for actlab's files (model.json, checkpoint metadata): plain JSON, except that the numbers
 * JSON cannot write (±Infinity, NaN — an activation bound that is "off", a diverged loss) are
 * written as `{"$float": "Infinity" | "-Infinity" | "NaN"}` and read back as numbers, instead of
 * the `null` that JSON.stringify silently puts in their place. Finite doubles round-trip exactly
 * (JSON.stringify writes the shortest text that parses back to the same double).
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const TAG = '$float';
const NON_FINITE = ['Infinity', '-Infinity', 'NaN'];

/** JSON text of `value`; `indent` as JSON.stringify's third argument. */
export function toJsonText(value: unknown, indent?: number): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { [TAG]: String(v) } : v),
    indent,
  );
}

/** Parses JSON text written by {@link toJsonText} (throws SyntaxError as JSON.parse). */
export function fromJsonText(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const tagged = (v as Record<string, unknown>)[TAG];
      if (keys.length === 1 && typeof tagged === 'string' && NON_FINITE.includes(tagged)) return Number(tagged);
    }
    return v;
  });
}
