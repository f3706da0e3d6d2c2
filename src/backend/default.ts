/**
 * Chooses the float32 backend when actlab is imported: the WASM-SIMD one where the engine has
 * WebAssembly SIMD and shared memory and its kernels load, else the `js` reference.
 * float64 and int32 always run on `js` (registry.ts).
 *
 * Override with the environment variable `ACTLAB_BACKEND=js` (debugging: every kernel in plain
 * TypeScript) or `ACTLAB_BACKEND=wasm` (fail loudly instead of falling back), or at run time with
 * `setBackend('js')` / `setBackend('wasm')`. `ACTLAB_WASM_GRADIENTS=exact` selects the wasm
 * backend's exact-gradient mode (see GradientMode in wasm/backend.ts; default 'fast').
 * `ACTLAB_WASM_SIMD=baseline` loads the kernels built without relaxed SIMD (wasm/runtime.ts;
 * default: the relaxed build where the engine runs it).
 * `ACTLAB_WASM_THREADS=N` starts N helper threads for large GEMMs (Node; default 0: one thread —
 * the experiment runner already puts one worker on each core; 1 helper made 1024³ 1.5× faster
 * on the 2-core machine, bench/RESULTS.md). They start in the background; GEMMs issued before
 * they are ready run on the calling thread.
 * Imported once, for its effect, by src/index.ts.
 */
import { envSetting } from '../util/env.js';
import { backendState, registerBackend, setBackend } from './registry.js';
import { createWasmBackend, type GradientMode } from './wasm/backend.js';
import { wasmSharedMemorySupported, wasmSimdSupported } from './wasm/runtime.js';

/** What the default selection did and why (for `actlab --version`-style diagnostics and tests). */
export const defaultBackendInfo: { chosen: string; reason: string } = { chosen: 'js', reason: 'not selected yet' };

const requested = (): string | undefined => envSetting('ACTLAB_BACKEND');

function helperThreads(): number {
  const v = envSetting('ACTLAB_WASM_THREADS') ?? '0';
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 64) {
    throw new RangeError(`ACTLAB_WASM_THREADS: expected an integer from 0 to 64, got ${JSON.stringify(v)}`);
  }
  return n;
}

function gradientMode(): GradientMode {
  const v = envSetting('ACTLAB_WASM_GRADIENTS') ?? 'fast';
  if (v !== 'fast' && v !== 'exact') {
    throw new RangeError(`ACTLAB_WASM_GRADIENTS: unknown mode ${JSON.stringify(v)} (expected 'fast' or 'exact')`);
  }
  return v;
}

/**
 * Registers the wasm backend when it can run and makes it active unless `ACTLAB_BACKEND=js`.
 * Safe to call again (it re-reads the environment).
 */
export function selectDefaultBackend(choice: string | undefined = requested()): string {
  if (choice !== undefined && choice !== 'js' && choice !== 'wasm') {
    throw new RangeError(`ACTLAB_BACKEND: unknown backend ${JSON.stringify(choice)} (expected 'js' or 'wasm')`);
  }
  if (!backendState.available.has('wasm')) {
    const gradients = gradientMode();
    const threads = helperThreads();
    let problem: string | null = null;
    if (!wasmSimdSupported()) problem = 'WebAssembly SIMD is not supported by this engine';
    else if (!wasmSharedMemorySupported())
      problem = 'shared WebAssembly memory is unavailable (browsers need cross-origin isolation)';
    else {
      try {
        const backend = createWasmBackend(undefined, { gradients });
        registerBackend(backend);
        if (threads > 0) {
          backend.runtime.enableThreads(threads).catch((e: unknown) => {
            console.warn(
              `actlab: ACTLAB_WASM_THREADS=${threads}: helper threads did not start (${(e as Error).message})`,
            );
          });
        }
      } catch (e) {
        problem = (e as Error).message;
      }
    }
    if (problem !== null) {
      if (choice === 'wasm') throw new Error(`ACTLAB_BACKEND=wasm: the wasm backend cannot run: ${problem}`);
      defaultBackendInfo.chosen = setBackend('js').name;
      defaultBackendInfo.reason = problem;
      return defaultBackendInfo.chosen;
    }
  }
  defaultBackendInfo.chosen = setBackend(choice ?? 'wasm').name;
  defaultBackendInfo.reason = choice ? `ACTLAB_BACKEND=${choice}` : 'WebAssembly SIMD and shared memory available';
  return defaultBackendInfo.chosen;
}

selectDefaultBackend();
