/**
 * Starts the library in this context (page or worker) with `await init()` — the WASM backend
 * once its kernels are fetched and compiled, else the js reference — and reports what runs and
 * why (`backendInfo()`), which the page shows.
 */
import { backendInfo, init } from '../lib.js';

export interface BackendReport {
  name: string;
  /** Why this backend and configuration (and why a faster one was not taken), from backendInfo(). */
  reason: string;
  /** The WASM build ('relaxed' or 'baseline'), or null off WASM. */
  simd: string | null;
  threads: number;
  /** Whether this context is cross-origin isolated (SharedArrayBuffer, threads). */
  isolated: boolean;
}

/**
 * Resolves once the fastest available backend is ready.
 * @param threads helper threads for large GEMMs (the library's default: cores − 1).
 */
export async function startLibrary(threads?: number): Promise<BackendReport> {
  try {
    await init(threads === undefined ? {} : { threads });
  } catch {
    // init reports a backend it could not start through backendInfo(); the js backend runs meanwhile.
  }
  const info = backendInfo();
  return {
    name: info.backend,
    // backendInfo's reason starts with the backend's name ("wasm: …"), which the line already shows.
    reason: info.reason.startsWith(`${info.backend}: `) ? info.reason.slice(info.backend.length + 2) : info.reason,
    simd: info.simd,
    threads: info.threads,
    isolated: globalThis.crossOriginIsolated === true,
  };
}
