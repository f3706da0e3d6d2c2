/** Training helpers: fit/evaluate (with checkpoints and resume), callbacks, non-finite diagnostics, and the DataLoader (from data/loader.ts). */
export { fit } from './fit.js';
export type { FitOptions, FitResult } from './fit.js';
export type { BatchTransform, BatchTransformContext } from './batch-transform.js';
export type { FitCheckpointOptions, FitProgress } from './fit-checkpoint.js';
export { evaluate } from './evaluate.js';
export type { EvaluateOptions, EvaluateResult, LossFn } from './evaluate.js';
export { progressLogger, earlyStopping } from './callbacks.js';
export type { Callback, EpochLog, StepInfo, FitContext } from './callbacks.js';
export { NonFiniteError, firstNonFinite, traceNonFinite } from './finite.js';
export { DataLoader } from '../data/loader.js';
export type { Batch, DataLoaderOptions, DataSource } from '../data/loader.js';
