/**
 * The activation catalog: one declarative spec per activation, and everything derived from the
 * registry at run time — functional forms (`activationFunctional`, merged into `F`), modules
 * (`activationModules`, merged into `nn`), property checks and docs.
 */
export {
  defineActivation,
  paramDefaults,
  paramProblem,
  isChoiceParam,
  hasLearnableParams,
  hasRandomParams,
  camelCase,
} from './define.js';
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
  OnnxMapping,
  KnownDifference,
} from './define.js';
export { activations, builtinActivations, getActivation, registerActivation, nearestActivations } from './registry.js';
export type { BuiltinActivation, BuiltinActivationId } from './registry.js';
export { activationFunctional, applyActivation } from './functional.js';
export type { ActivationFunctional, ActivationFunction, ActivationOptions } from './functional.js';
export { activationModules, activationModule, ActivationModule } from './modules.js';
export type {
  ActivationModules,
  ActivationModuleClass,
  ActivationModuleOptions,
  ActivationModuleInstance,
} from './modules.js';
export { checkProperties, measureProperties, propertyAgrees } from './properties.js';
export type { PropertyCheck } from './properties.js';
