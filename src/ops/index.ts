/** Every op as a function; Tensor methods and the public `ops` namespace both come from here. */
export * from './unary.js';
export * from './binary.js';
export * from './reduce.js';
export * from './layout.js';
export * from './indexing.js';
export * from './select.js';
export * from './matmul.js';
export { zerosLike, onesLike, fullLike } from '../tensor/create.js';
export type { TensorLike } from './apply.js';
