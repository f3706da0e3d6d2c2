/**
 * Which backend the library runs on in this context (page or worker), and why: the page shows
 * it. Isolated here so the switch to the platform seam's `init()`/`backendInfo()` is one file.
 */
import { getBackend } from '../lib.js';

export interface BackendReport {
  name: string;
  /** Why this one (and not a faster one). */
  reason: string;
  /** Whether the page is cross-origin isolated (SharedArrayBuffer, threads). */
  isolated: boolean;
}

/** Resolves once the library's fastest available backend is ready. */
export async function startLibrary(): Promise<BackendReport> {
  const name = getBackend('float32').name;
  const isolated = globalThis.crossOriginIsolated === true;
  const reason =
    name === 'wasm'
      ? 'WebAssembly SIMD with shared memory'
      : isolated
        ? 'the library could not load its WebAssembly kernels here'
        : 'not cross-origin isolated: shared WebAssembly memory is unavailable';
  return { name, reason, isolated };
}
