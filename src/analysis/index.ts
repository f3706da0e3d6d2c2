/**
 * Analysis: why one activation behaves differently from another, measured — properties from f
 * and f′, gradient flow through depth, dead units, decision boundaries of 2-D classifiers.
 */
export { measureProperties, findJumps, smoothnessOf, scalarOf } from './properties.js';
export type { MeasuredProperties, MeasureOptions, ScalarActivation, Smoothness, Unclear } from './properties.js';
export { measureVectorProperties } from './vector-properties.js';
export type { MeasuredVectorProperties } from './vector-properties.js';
export {
  checkProperties,
  compareProperties,
  propertyVerdict,
  mismatches,
  formatRange,
  formatProperty,
} from './check.js';
export type { PropertyCheck, PropertyName, Verdict } from './check.js';
export { weightedLayers, preActivations, layerGradNorms, deadUnits, l2 } from './network.js';
export type { DeadUnits } from './network.js';
export { gradientFlow, inputToOutputRatio } from './gradflow.js';
export type { GradFlowOptions, GradFlowResult } from './gradflow.js';
export { trackDeadUnits } from './dead.js';
export type { DeadRunOptions, DeadRunResult } from './dead.js';
export { decisionGrid, planeExtent } from './boundary.js';
export type { DecisionGrid } from './boundary.js';
export { fieldDerivatives, gridDerivatives } from './field-derivatives.js';
export type { FieldDerivatives } from './field-derivatives.js';
export { secondDerivative, exactSecondDerivativeIds } from './second-derivatives.js';
export type { ResolvedSecondDerivative } from './second-derivatives.js';
