/** Python-style formatting for torch-like module reprs: True/False, (3, 3), 1e-05. */
export type PyValue = number | boolean | string | null | readonly number[];

export function py(value: PyValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return pyNumber(value);
  return `(${value.map(pyNumber).join(', ')}${value.length === 1 ? ',' : ''})`;
}

/** Python's repr of a float where it differs from JS: exponent form below 1e-4 with two digits (1e-05). */
function pyNumber(x: number): string {
  if (x !== 0 && Number.isFinite(x) && (Math.abs(x) < 1e-4 || Math.abs(x) >= 1e16)) {
    const [mant, exp] = x.toExponential().split('e') as [string, string];
    const sign = exp.startsWith('-') ? '-' : '+';
    const digits = exp.replace(/^[-+]/, '').padStart(2, '0');
    return `${mant}e${sign}${digits}`;
  }
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return String(x);
}
