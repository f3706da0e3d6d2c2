/**
 * Where the storage of new tensors comes from. `tensor()`, `zeros()`, `randn()`… should put
 * their data where the kernels will read it (WASM memory for the WASM backend), but src/tensor/
 * sits below src/backend/ and cannot ask it: the backend registry plugs its allocator in when it
 * loads (src/backend/registry.ts). Until then — or without any backend — plain typed arrays.
 */
import type { DType, Storage } from './dtype.js';
import { allocArray } from './dtype.js';

/** The one explicit state object of tensor storage: the allocator creation functions call. */
export const storageSource: { alloc: (dtype: DType, n: number) => Storage } = { alloc: allocArray };
