/**
 * The platform seam: `platform()` is the adapter for the host actlab runs in — Node when
 * `process.getBuiltinModule` exists, the browser one otherwise — chosen once, on first use.
 * `setPlatform()` injects another (a test double, an unusual host); call it before anything
 * loads the WASM kernels.
 */
import { browserPlatform } from './browser.js';
import { nodePlatform } from './node.js';
import type { Platform } from './types.js';

export type { Platform, PlatformName, WasmThread } from './types.js';

const current: { platform: Platform | null } = { platform: null };

/** The host adapter (detected on first call unless one was set). */
export function platform(): Platform {
  current.platform ??= nodePlatform() ?? browserPlatform();
  return current.platform;
}

/** Replaces the host adapter; `null` goes back to detection. Returns the previous one. */
export function setPlatform(next: Platform | null): Platform | null {
  const previous = current.platform;
  current.platform = next;
  return previous;
}
