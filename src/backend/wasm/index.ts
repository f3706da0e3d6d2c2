/** The WASM-SIMD backend, phase 1: kernels and runtime on typed arrays in WASM memory. */
export {
  chooseSimdLevel, createWasmRuntime, createWasmRuntimeAsync, findPackageRoot, getWasmRuntime, loadWasmRuntime,
  wasmFilePath, wasmRelaxedSimdSupported, wasmSharedMemorySupported, wasmSimdSupported, type WasmRuntime,
  type WasmRuntimeOptions, type WasmSimdLevel,
} from './runtime.js';
export { WasmAllocator, sizeClass, type AllocatorStats } from './allocator.js';
export {
  WASM_ACTIVATION_IDS, wasmActivationUlps, splitScale, type WasmActivationId, type WasmActivationKernel,
  type WasmActivationKernels, type WasmChannelKernel,
} from './activations.js';
export type {
  AdamStepOptions, GemmOptions, SgdStepOptions, WasmBinaryName, WasmKernels, WasmUnaryName,
} from './kernels.js';
export type { WasmExports } from './exports.js';
