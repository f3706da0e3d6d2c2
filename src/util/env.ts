/**
 * An environment variable, trimmed and lower-cased, where there is a process environment (Node);
 * undefined when unset, empty, or in a browser. For the ACTLAB_* switches, whose values are words.
 */
export function envSetting(name: string): string | undefined {
  const vars = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const v = vars?.[name]?.trim().toLowerCase();
  return v === '' ? undefined : v;
}
