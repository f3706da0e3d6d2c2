/**
 * PyTorch (CPU) through /usr/bin/python3 running bench/torch_bench.py: one process per suite and
 * thread count, tasks as JSON on stdin, seconds per call back on stdout. Inputs are files the JS
 * side wrote, so PyTorch sees the same values. Absent python3 or torch: the engine is skipped.
 *
 * Which BLAS PyTorch runs decides its GEMM speed by 10×: Debian's python3-torch links the generic
 * libblas.so.3, which is the reference (netlib) BLAS unless an optimized one (libopenblas0-pthread,
 * scripts/setup-bench.sh) takes over the alternative. `blasInfo()` says which one it is.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GemmProduct } from '../cases.js';

export const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../torch_bench.py', import.meta.url));
/** Debian's alternative that PyTorch's libtorch_cpu.so links against. */
const LIBBLAS = '/usr/lib/x86_64-linux-gnu/libblas.so.3';

interface CnnShape {
  input: readonly number[];
  channels: number[];
  hidden: number;
  classes: number;
}

export type TorchTask =
  | { kind: 'act'; expr: string; n: number; pass: 'forward' | 'backward'; x: string; gy: string }
  | { kind: 'softmax'; name: string; rows: number; cols: number; pass: 'forward' | 'backward'; x: string; gy: string }
  | { kind: 'gemm'; m: number; n: number; k: number; transA: boolean; transB: boolean }
  | { kind: 'gemm_seq'; products: readonly GemmProduct[] }
  | { kind: 'train'; act: string; sizes: number[]; batch: number; lr: number; batches: number; x: string; y: string }
  | ({ kind: 'cnn'; batch: number; lr: number; batches: number; x: string; y: string } & CnnShape)
  | ({
      kind: 'pgd';
      batch: number;
      steps: number;
      eps: number;
      alpha: number;
      x: string;
      y: string;
    } & CnnShape);

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

export interface BlasInfo {
  /** BLAS_INFO from torch.__config__.show() (Debian's build says `generic`: whatever libblas.so.3 is). */
  build: string;
  /** realpath of /usr/lib/x86_64-linux-gnu/libblas.so.3 (the Debian alternative), or null. */
  libblas: string | null;
  /** BLAS/LAPACK libraries mapped into the PyTorch process after a matmul. */
  loaded: string[];
  /** True when PyTorch's GEMM runs on the reference (netlib) BLAS: 3–6 GFLOP/s, not a fair anchor. */
  reference: boolean;
}

/** Which BLAS PyTorch uses here (null when it cannot be asked). */
export function blasInfo(): BlasInfo | null {
  const r = spawnSync(PYTHON, [SCRIPT, '--info'], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  const info = JSON.parse(r.stdout) as { blasInfo: string; loaded: string[] };
  let libblas: string | null = null;
  try {
    libblas = realpathSync(LIBBLAS);
  } catch {
    // not Debian's layout
  }
  const optimized = /openblas|mkl|blis|atlas/i;
  const blasLibs = info.loaded.filter((p) => /blas/i.test(p));
  // Reference when the libblas that is mapped (or the alternative) is none of the optimized ones.
  const reference = blasLibs.length > 0 ? !blasLibs.some((p) => optimized.test(p)) : !optimized.test(libblas ?? '');
  return { build: info.blasInfo, libblas, loaded: info.loaded, reference };
}

/** Runs the tasks in one python process on `threads` threads. */
export function runTorch(tasks: TorchTask[], minTime: number, threads = 1): TorchResult[] {
  if (tasks.length === 0) return [];
  const t = String(threads);
  const r = spawnSync(PYTHON, [SCRIPT], {
    input: JSON.stringify({ tasks, minTime, threads }),
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    env: { ...process.env, OMP_NUM_THREADS: t, OPENBLAS_NUM_THREADS: t, MKL_NUM_THREADS: t },
  });
  if (r.status !== 0) {
    const why = `python exited with ${r.status}: ${(r.stderr || '').trim().split('\n').slice(-2).join(' ')}`;
    return tasks.map(() => ({ error: why }));
  }
  return (JSON.parse(r.stdout) as { results: TorchResult[] }).results;
}
