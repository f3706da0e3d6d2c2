/**
 * Imported first by test files that run on the wasm backend: builds wasm/actlab.wasm when stale,
 * registers the backend over the shared runtime (unless already registered) and makes it the float32 backend for the file
 * (vitest runs each file in its own process, so this does not leak into other files).
 */
import { backendState, getBackend, registerBackend, setBackend } from '../../../src/backend/registry.js';
import { createWasmBackend, type WasmBackend } from '../../../src/backend/wasm/backend.js';
import { wasmRuntime } from './helpers.js';

const rt = wasmRuntime();
if (!backendState.available.has('wasm')) registerBackend(createWasmBackend(rt));
setBackend('wasm');

/** The active wasm backend, in its default 'fast' gradient mode (whatever ACTLAB_WASM_GRADIENTS says). */
export const wasm = getBackend('float32') as WasmBackend;
wasm.gradients = 'fast';
