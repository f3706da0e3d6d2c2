/** Names and values as activations write them: snake_case ids, camelCase F names, error texts. */

export type CamelCase<S extends string> = S extends `${infer H}_${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S;
export const camelCase = (id: string): string => id.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
export const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
export const pascalCase = (id: string): string =>
  id
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

/** A value as an error message shows it. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === null || value === undefined || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `an array [${value.map(describe).join(', ')}]`;
  const shape = (value as { shape?: unknown }).shape;
  return Array.isArray(shape) ? `a Tensor of shape [${shape.join(', ')}]` : 'an object';
}
