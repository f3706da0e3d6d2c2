/**
 * Experiments: the compare runner (activation × seed on a worker pool, resumable JSONL results,
 * deterministic shards, merge) and its report.
 */
export { expandRuns, shardRuns, fingerprint, trainConfigOf, runKey, optimizerNames, initNames } from './config.js';
export type { CompareConfig, TrainConfig, DataConfig, RunSpec, OptimizerName, InitName } from './config.js';
export { runExperiment, ExperimentMismatchError, RESULTS_FILE } from './runner.js';
export type { RunExperimentOptions, ExperimentOutcome, RunEvents, TrainProgress } from './runner.js';
export { mergeExperiments, collectResults } from './merge.js';
export type { MergeOutcome } from './merge.js';
export { readResults, appendResult, RESULT_SCHEMA } from './results.js';
export type { RunResult, EpochMetrics } from './results.js';
export { summarize, tiedWithBest } from './summary.js';
export type { ExperimentSummary, ActivationSummary } from './summary.js';
export { writeReport, reportMarkdown, reportCharts, REPORT_CHARTS } from './report.js';
export { trainRun, trainSpec, makeOptimizer } from './train-run.js';
export type { TrainedRun, TrainRunOptions } from './train-run.js';
export { loadSplit, defaultSizes, datasetChoices } from './data.js';
export { runTasks } from './pool.js';
export type { TaskModule, PoolOptions } from './pool.js';
