/**
 * actlab's TF.js entry (`import { registerActlab } from 'actlab/tfjs'`): every actlab activation as
 * a TF.js op with actlab's exact gradient and as a Layers activation/layer that saves and loads.
 * TF.js itself is the caller's (an optional peer dependency): pass your `tf` namespace.
 * @packageDocumentation
 */
// The activation registry, the tensor op methods and the float32 backend, as the root entry sets them up.
import './index.js';

export { registerActlab, tfjsActivationName } from './tfjs/adapter.js';
export type { ActlabTfjs, ActlabTfjsOp, ActlabTfjsParams, ActlabLayerConfig, Tfjs } from './tfjs/adapter.js';
