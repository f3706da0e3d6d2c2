/**
 * Task module of `actlab approx` on the worker pool: one (activation, target) pair, every width
 * fitted (see fitWidths), plus the closed-form polynomial floors for the target.
 */
import { fitWidths, polynomialFloor, type ApproxFit, type ApproxSettings, type ApproxTarget } from './approx-fit.js';

export interface ApproxTask {
  act: string;
  target: ApproxTarget;
  widths: number[];
  settings: ApproxSettings;
}

export interface ApproxResult {
  act: string;
  target: ApproxTarget;
  widths: number[];
  fits: ApproxFit[];
  /** RMS error of the best line and the best quadratic (least squares) on the same grids. */
  floors: { line: number; quadratic: number };
  seconds: number;
}

export function runTask(task: ApproxTask, progress: (p: { done: number }) => void): ApproxResult {
  const started = performance.now();
  const fits = fitWidths(task.act, task.widths, task.target, task.settings);
  progress({ done: 1 });
  return {
    act: task.act,
    target: task.target,
    widths: task.widths,
    fits,
    floors: {
      line: polynomialFloor(task.target, 1, task.settings).rmse,
      quadratic: polynomialFloor(task.target, 2, task.settings).rmse,
    },
    seconds: (performance.now() - started) / 1000,
  };
}
