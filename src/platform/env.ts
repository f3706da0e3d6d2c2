import { platform } from './index.js';

/**
 * An `ACTLAB_*` switch, trimmed and lower-cased; undefined when unset or empty. In Node it is the
 * environment variable; in a browser, the query parameter of the same name on the page's (or the
 * worker's) URL, e.g. `lab.html?ACTLAB_BACKEND=js`. The switches' values are words.
 */
export function envSetting(name: string): string | undefined {
  const v = platform().setting(name)?.trim().toLowerCase();
  return v === '' ? undefined : v;
}
