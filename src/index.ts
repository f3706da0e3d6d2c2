/**
 * actlab — the TypeScript toolkit for neural-network activation functions.
 * @packageDocumentation
 */
export { Tensor } from './tensor/tensor.js';
export type { NestedArray } from './tensor/tensor.js';
export type { DType, FloatDType, Storage, FloatArray } from './tensor/dtype.js';
export {
  tensor, zeros, ones, full, zerosLike, onesLike, fullLike, arange, linspace, rand, randn, randint,
} from './tensor/create.js';
export type { TensorOptions, CreateOptions, RandomOptions } from './tensor/create.js';
export { Generator, manualSeed, defaultGenerator } from './tensor/random.js';
export { noGrad, enableGrad, isGradEnabled } from './autograd/grad-mode.js';
export { gradcheck } from './autograd/gradcheck.js';
export type { GradcheckOptions, GradcheckResult } from './autograd/gradcheck.js';
export * as ops from './ops/index.js';
export { setBackend, getBackend, registerBackend } from './backend/registry.js';
export type { Backend, ActivationKernel } from './backend/backend.js';
