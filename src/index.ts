/**
 * actlab — the TypeScript toolkit for neural-network activation functions.
 *
 * `F` holds the functional forms (activations from the registry, layers, losses), `nn` the
 * modules (activation modules from the registry, layers, containers, losses, init).
 * @packageDocumentation
 */
import { activationFunctional } from './activations/index.js';
import type { ActivationFunctional } from './activations/index.js';
import { activationModules } from './nn/activation.js';
import type { ActivationModules } from './nn/activation.js';
import * as layerFunctional from './nn/functional/index.js';
import * as layers from './nn/index.js';
// Selects the float32 backend once, at import: WASM SIMD in Node; js until `await init()` in browsers.
import './backend/default.js';

export { Tensor } from './tensor/tensor.js';
export type { NestedArray } from './tensor/tensor.js';
export type { DType, FloatDType, Storage, FloatArray } from './tensor/dtype.js';
export {
  tensor,
  zeros,
  ones,
  full,
  zerosLike,
  onesLike,
  fullLike,
  arange,
  linspace,
  rand,
  randn,
  randint,
} from './tensor/create.js';
export type { TensorOptions, CreateOptions, RandomOptions } from './tensor/create.js';
export { Generator, manualSeed, defaultGenerator } from './tensor/random.js';
export { noGrad, enableGrad, isGradEnabled } from './autograd/grad-mode.js';
export { gradcheck } from './autograd/gradcheck.js';
export type { GradcheckOptions, GradcheckResult } from './autograd/gradcheck.js';
export * as ops from './ops/index.js';
export { setBackend, getBackend, registerBackend } from './backend/registry.js';
export { init, backendInfo } from './backend/default.js';
export type { BackendInfo, InitOptions } from './backend/default.js';
export { tidy, stepScope, release, keep } from './backend/scope.js';
export type { Backend, ActivationKernel } from './backend/backend.js';

export {
  activations,
  builtinActivations,
  getActivation,
  nearestActivations,
  defineActivation,
  registerActivation,
  applyActivation,
  importActivations,
  activationFunctional,
  resolveActivation,
  parseParamValue,
  paramDefaults,
  paramProblem,
  isChoiceParam,
  hasLearnableParams,
  hasRandomParams,
} from './activations/index.js';
export type {
  ActivationSpec,
  ElementwiseSpec,
  DimwiseSpec,
  ElementwiseInput,
  DimwiseInput,
  ParamSpec,
  ParamSpecs,
  NumberParam,
  ChoiceParam,
  ParamValues,
  ScalarProperties,
  VectorProperties,
  Smoothness,
  CostClass,
  Kink,
  Reference,
  OnnxForm,
  OnnxBuilder,
  OnnxValue,
  KnownDifference,
  ActivationFunctional,
  ActivationFunction,
  ActivationOptions,
  ActivationByName,
  ActivationCallOptions,
  ResolvedActivation,
  BuiltinActivation,
  BuiltinActivationId,
} from './activations/index.js';
export { checkProperties, measureProperties } from './analysis/index.js';
export { activationModules, activationModule } from './nn/activation.js';
export type {
  ActivationModules,
  ActivationModuleClass,
  ActivationModuleOptions,
  ActivationModuleInstance,
  ActivationConstructor,
} from './nn/activation.js';

/** Functional forms, torch.nn.functional's names in camelCase: `F.gelu(x, { approximate: 'tanh' })`, `F.crossEntropy(logits, labels)`. */
export const F = Object.freeze({ ...layerFunctional, ...activationFunctional }) as typeof layerFunctional &
  ActivationFunctional;

/**
 * Modules, torch.nn's names: `new nn.GELU()`, `new nn.Linear(784, 256)`, `nn.Sequential`, losses, `nn.init`.
 * The layers' `Identity`-like names win over an activation module of the same name.
 */
export const nn = Object.freeze({ ...activationModules, ...layers }) as Omit<ActivationModules, keyof typeof layers> &
  typeof layers;

export * as optim from './optim/index.js';
export * as data from './data/index.js';
export * as train from './train/index.js';
export * as io from './io/index.js';
export * as analysis from './analysis/index.js';
export * as adversarial from './adversarial/index.js';
export * as models from './models/index.js';
export { DataLoader } from './data/loader.js';
