/**
 * Which backend runs a kernel. float32 work goes to the active backend (the WASM-SIMD one when it
 * is loaded); float64 and int32 always use the reference `js` backend, which is exact there.
 */
import type { Backend } from './backend.js';
import { jsBackend } from './js/index.js';
import type { DType } from '../tensor/dtype.js';
import { storageSource } from '../tensor/storage.js';

/** The one explicit state object of backend selection. */
export const backendState: { active: Backend; available: Map<string, Backend> } = {
  active: jsBackend,
  available: new Map([[jsBackend.name, jsBackend]]),
};

export function registerBackend(backend: Backend): void {
  backendState.available.set(backend.name, backend);
}

/** Makes a registered backend the default for float32 kernels. */
export function setBackend(name: string): Backend {
  const b = backendState.available.get(name);
  if (!b) {
    const names = [...backendState.available.keys()].join(', ');
    throw new RangeError(`setBackend: unknown backend ${JSON.stringify(name)} (available: ${names})`);
  }
  backendState.active = b;
  return b;
}

export function getBackend(dtype: DType = 'float32'): Backend {
  return dtype === 'float32' ? backendState.active : jsBackend;
}

// Tensors made by src/tensor/create.ts (tensor, zeros, randn…) take their storage from the
// backend that will run on them, as op outputs do (src/tensor/storage.ts says why this way round).
storageSource.alloc = (dtype, n) => getBackend(dtype).alloc(dtype, n);
