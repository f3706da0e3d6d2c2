/**
 * The activation catalog: one declarative spec per activation, and everything derived from the
 * registry at run time — functional forms (`activationFunctional`, merged into `F`), modules
 * (src/nn/activation.ts, merged into `nn`), tools' name resolution (`resolveActivation`) and docs.
 */
export { defineActivation, hasLearnableParams, hasRandomParams } from './define.js';
export { paramDefaults } from './params.js';
export { camelCase } from './names.js';
export type {
  ActivationSpec,
  ElementwiseSpec,
  DimwiseSpec,
  ElementwiseInput,
  DimwiseInput,
  ScalarProperties,
  VectorProperties,
  Smoothness,
  CostClass,
  Kink,
  Reference,
  OnnxMapping,
  KnownDifference,
} from './define.js';
export type { ParamSpec, ParamSpecs, NumberParam, ChoiceParam, ParamValues } from './params.js';
export { activations, builtinActivations, getActivation, registerActivation, nearestActivations } from './registry.js';
export type { BuiltinActivation, BuiltinActivationId } from './registry.js';
export { activationFunctional, applyActivation } from './functional.js';
export type {
  ActivationFunctional,
  ActivationFunction,
  ActivationOptions,
  ActivationByName,
  ActivationCallOptions,
} from './functional.js';
export { importActivations } from './import.js';
export { resolveActivation, parseParamValue } from './resolve.js';
export type { ResolvedActivation } from './resolve.js';
