/**
 * PyTorch (CPU, 1 thread) through /usr/bin/python3 running bench/torch_bench.py: one process per
 * suite, tasks as JSON on stdin, seconds per call back on stdout. Inputs are files the JS side
 * wrote, so PyTorch sees the same values. Absent python3 or torch: the engine is skipped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../torch_bench.py', import.meta.url));

export type TorchTask =
  | { kind: 'act'; expr: string; n: number; pass: 'forward' | 'backward'; x: string; gy: string }
  | { kind: 'softmax'; name: string; rows: number; cols: number; pass: 'forward' | 'backward'; x: string; gy: string }
  | { kind: 'gemm'; m: number; n: number; k: number; transA: boolean; transB: boolean }
  | { kind: 'train'; act: string; sizes: number[]; batch: number; lr: number; batches: number; x: string; y: string };

export interface TorchResult {
  seconds?: number;
  error?: string;
}

/** Why PyTorch cannot run here, or null. */
export function torchProblem(): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const r = spawnSync(PYTHON, ['-c', 'import torch, numpy; print(torch.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? null : `python3 has no torch/numpy (${(r.stderr || '').trim().split('\n').pop()})`;
}

export function torchVersion(): string {
  const r = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  return r.stdout.trim();
}

/** Runs the tasks in one python process. */
export function runTorch(tasks: TorchTask[], minTime: number): TorchResult[] {
  if (tasks.length === 0) return [];
  const r = spawnSync(PYTHON, [SCRIPT], {
    input: JSON.stringify({ tasks, minTime }),
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  });
  if (r.status !== 0) {
    const why = `python exited with ${r.status}: ${(r.stderr || '').trim().split('\n').slice(-2).join(' ')}`;
    return tasks.map(() => ({ error: why }));
  }
  return (JSON.parse(r.stdout) as { results: TorchResult[] }).results;
}
