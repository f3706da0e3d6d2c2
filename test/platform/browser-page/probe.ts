/**
 * What the browser test checks, run in a page and in a module Web Worker of the bundled library:
 * the backend before and after `await init()`, GELU values, and a GEMM large enough to be split
 * over helper threads, against a float64 reference computed here.
 */
import { F, backendInfo, getBackend, init, manualSeed, noGrad, ops, randn, tensor } from '../../../src/index.js';
import type { BackendInfo } from '../../../src/index.js';

export const GELU_X = [-6, -3, -1, -0.75, -0.5, -1e-3, 0, 1e-3, 0.5, 1, 3, 6];

export interface ProbeResult {
  readonly where: string;
  readonly isolated: boolean;
  readonly before: BackendInfo;
  readonly info: BackendInfo;
  readonly initMs: number;
  readonly gelu: number[];
  readonly gemmMaxError: number;
  readonly threadedGemms: number;
}

export async function probe(where: string): Promise<ProbeResult> {
  const before = backendInfo();
  const t0 = performance.now();
  const info = await init();
  const initMs = performance.now() - t0;
  const gelu = Array.from(F.gelu(tensor(GELU_X)).data);
  // 128·128·192 ≈ 3.1 M multiply-adds: above the size where GEMMs are split over helper threads.
  const [m, n, k] = [128, 128, 192];
  manualSeed(0);
  const a = randn([m, k]);
  const b = randn([k, n]);
  const c = noGrad(() => ops.mm(a, b)).data;
  let gemmMaxError = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a.data[i * k + p]! * b.data[p * n + j]!;
      gemmMaxError = Math.max(gemmMaxError, Math.abs(s - c[i * n + j]!));
    }
  }
  const runtime = (getBackend() as { runtime?: { threadedGemms: number } }).runtime;
  return {
    where,
    isolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
    before,
    info,
    initMs,
    gelu,
    gemmMaxError,
    threadedGemms: runtime?.threadedGemms ?? 0,
  };
}
