/**
 * Model builders: networks as plain data (`{ kind: 'mlp' | 'cnn', … }`, the `builder` part of a
 * model.json) and the functions that build them. The registry is open: `registerModel` adds a kind.
 */
export { buildModel, parseModelSpec, describeModel, registerModel, getModelBuilder, modelKinds } from './registry.js';
export type { ModelSpec, ModelSpecs } from './registry.js';
export type { ActivationRef, BuildOptions, ModelBuilder, ModelSpecBase } from './builder.js';
export { buildMlp, mlp } from './mlp.js';
export type { MlpSpec, MlpOptions } from './mlp.js';
export { buildCnn, cnn, CNN_DEFAULTS } from './cnn.js';
export { siren, sirenModel } from './siren.js';
export type { SirenOptions, SirenSpec } from './siren.js';
export type { CnnSpec, CnnOptions } from './cnn.js';
export { activationGain, initLayer, initSchemes } from './init.js';
export type { InitScheme } from './init.js';
