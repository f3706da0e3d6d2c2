/**
 * Analysis: why one activation behaves differently from another, measured — properties from f
 * and f′, gradient flow through depth, dead units, decision boundaries of 2-D classifiers.
 */
export { measureProperties, findJumps } from './properties.js';
export type { MeasuredProperties, MeasureOptions, ScalarActivation, Smoothness } from './properties.js';
export { checkProperties, mismatches, formatRange } from './check.js';
export type { PropertyCheck } from './check.js';
export { resolveActivation, parseParamValue } from './activation.js';
export type { ResolvedActivation } from './activation.js';
export { weightedLayers, preActivations, layerGradNorms, deadUnits, l2 } from './network.js';
export type { DeadUnits } from './network.js';
export { gradientFlow, inputToOutputRatio } from './gradflow.js';
export type { GradFlowOptions, GradFlowResult } from './gradflow.js';
export { trackDeadUnits } from './dead.js';
export type { DeadRunOptions, DeadRunResult } from './dead.js';
export { decisionGrid, planeExtent } from './boundary.js';
export type { DecisionGrid } from './boundary.js';
