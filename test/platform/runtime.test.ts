/**
 * The platform seam in Node: the WASM runtime on unshared memory (what a page without
 * cross-origin isolation gets), the import patch behind it, helper threads that a synchronous
 * loop picks up, init() and backendInfo(), and the experiment pool's share of the cores.
 */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { createWasmRuntime, type WasmRuntime } from '../../src/backend/wasm/index.js';
import { unsharedMemoryImport } from '../../src/backend/wasm/memory-import.js';
import { wasmUrl } from '../../src/backend/wasm/runtime.js';
import { workerEnv } from '../../src/experiments/pool.js';
import { F, backendInfo, getBackend, init, tensor } from '../../src/index.js';
import { platform } from '../../src/platform/index.js';

const relaxedBytes = (): Uint8Array => platform().readFileSync!(wasmUrl('relaxed'));

/** x·y for `m`×`k` by `k`×`n` in float64, row-major, for checking a GEMM. */
function reference(a: Float32Array, b: Float32Array, m: number, n: number, k: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) c[i * n + j]! += a[i * k + p]! * b[p * n + j]!;
  return c;
}

function maxError(rt: WasmRuntime, m: number, n: number, k: number): number {
  const a = rt.heap.copyIn(Array.from({ length: m * k }, (_, i) => Math.sin(i)));
  const b = rt.heap.copyIn(Array.from({ length: k * n }, (_, i) => Math.cos(i * 0.7)));
  const c = rt.heap.alloc(m * n);
  rt.kernels.gemm(a, b, c, m, n, k);
  const ref = reference(a, b, m, n, k);
  return ref.reduce((e, v, i) => Math.max(e, Math.abs(v - c[i]!)), 0);
}

describe('unshared WASM memory (a page that is not cross-origin isolated)', () => {
  it('flips only the shared bit of the memory import', () => {
    const bytes = relaxedBytes();
    const patched = unsharedMemoryImport(bytes);
    const diff = [...bytes.keys()].filter((i) => bytes[i] !== patched[i]);
    expect(diff).toHaveLength(1);
    expect([bytes[diff[0]!]! & 2, patched[diff[0]!]! & 2]).toEqual([2, 0]);
    expect(patched).not.toBe(bytes);
  });

  it('refuses bytes that are not WebAssembly or import no shared memory', () => {
    expect(() => unsharedMemoryImport(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(/not a WebAssembly binary/);
    expect(() => unsharedMemoryImport(unsharedMemoryImport(relaxedBytes()))).toThrow(/no shared memory import/);
  });

  it('runs the kernels single-threaded, with the same results, and refuses helper threads', async () => {
    const rt = createWasmRuntime({ shared: false, maximumMiB: 64 });
    expect(rt.shared).toBe(false);
    expect(rt.memory.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    const x = rt.heap.copyIn([-3, -1, 0, 0.5, 2]);
    const y = rt.heap.alloc(5);
    rt.activations.gelu.forward(x, y, { approximate: 'none' });
    const ref = F.gelu(tensor([-3, -1, 0, 0.5, 2], { dtype: 'float64' })).data;
    y.forEach((v, i) => expect(v).toBeCloseTo(ref[i]!, 6));
    expect(maxError(rt, 64, 48, 80)).toBeLessThan(1e-4);
    await expect(rt.enableThreads(1)).rejects.toThrow(/helper threads need shared memory.*shared: false/);
    expect(() => rt.requestThreads(1)).toThrow(/helper threads need shared memory/);
  });

  it('has a fixed size where the engine cannot grow it without detaching views (Node 20), and says so when full', () => {
    const rt = createWasmRuntime({ shared: false, maximumMiB: 32 });
    const canResize = typeof rt.memory.toResizableBuffer === 'function';
    const kept = rt.heap.copyIn([1, 2, 3]);
    if (canResize) {
      rt.heap.alloc(20 * 2 ** 18); // 20 MiB: grows in place
      expect(Array.from(kept)).toEqual([1, 2, 3]);
    } else {
      expect(rt.memory.buffer.byteLength).toBe(32 * 2 ** 20);
      expect(() => rt.heap.alloc(40 * 2 ** 18)).toThrow(/cannot grow the memory.*maximum 32 MiB/);
      expect(Array.from(kept)).toEqual([1, 2, 3]); // nothing detached
    }
  });

  it('takes shared: true where shared memory exists (Node)', () => {
    expect(createWasmRuntime({ shared: true }).shared).toBe(true);
  });
});

describe('helper threads', () => {
  it('start at the first GEMM and are picked up by a synchronous loop that never yields', () => {
    const rt = createWasmRuntime({ initialMiB: 32 });
    rt.requestThreads(1);
    expect(rt.threads).toBe(1);
    expect(rt.threadedGemms).toBe(0); // requested, not started: no GEMM yet
    const [m, n, k] = [128, 128, 256];
    const a = rt.heap.alloc(m * k).fill(1);
    const b = rt.heap.alloc(k * n).fill(2);
    const c = rt.heap.alloc(m * n);
    const started = Date.now();
    // No await in this loop: the helpers' readiness must be seen through shared memory.
    while (rt.threadedGemms === 0 && Date.now() - started < 60_000) rt.kernels.gemm(a, b, c, m, n, k);
    expect(rt.threadedGemms).toBeGreaterThan(0);
    expect(c.every((v) => v === 2 * k)).toBe(true);
    return rt.disableThreads();
  }, 90_000);

  it('give bit-identical results with 0, 1 and 2 helpers, and small GEMMs stay on the calling thread', async () => {
    const rt = createWasmRuntime({ initialMiB: 32 });
    const [m, n, k] = [203, 130, 321];
    const a = rt.heap.copyIn(Array.from({ length: m * k }, (_, i) => Math.sin(i * 1.3)));
    const b = rt.heap.copyIn(Array.from({ length: k * n }, (_, i) => Math.cos(i * 0.3)));
    const results: number[][] = [];
    for (const helpers of [0, 1, 2]) {
      await rt.enableThreads(helpers);
      expect(rt.threads).toBe(helpers);
      const c = rt.heap.alloc(m * n);
      rt.kernels.gemm(a, b, c, m, n, k);
      results.push(Array.from(c));
      if (helpers > 0) expect(rt.threadedGemms).toBe(1);
      rt.kernels.gemm(rt.heap.alloc(16 * 16), rt.heap.alloc(16 * 16), rt.heap.alloc(16 * 16), 16, 16, 16);
      if (helpers > 0) expect(rt.threadedGemms).toBe(1); // 4096 multiply-adds: not split
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    await rt.disableThreads();
    expect(rt.threads).toBe(0);
  }, 90_000);
});

describe('init() and backendInfo() in Node', () => {
  it('the backend is WASM at import; init() starts the default helper threads and waits for them', async () => {
    const atImport = backendInfo();
    expect(atImport).toMatchObject({ backend: 'wasm', simd: 'relaxed', sharedMemory: true, ready: true });
    const info = await init();
    const env = process.env.ACTLAB_WASM_THREADS;
    const expected = env === undefined ? Math.min(availableParallelism() - 1, 7) : Number(env);
    expect(info).toMatchObject({ backend: 'wasm', threads: expected, ready: true });
    expect(info.reason).toMatch(/^wasm: .*relaxed SIMD; \d+ helper threads?/);
  });

  it('applies options, keeps them in later calls, and rejects bad ones naming them', async () => {
    try {
      expect(await init({ threads: 0 })).toMatchObject({ backend: 'wasm', threads: 0 });
      expect(backendInfo().reason).toMatch(/0 helper threads \(init\(\{ threads: 0 \}\)\)/);
      expect((await init()).threads).toBe(0); // kept
      expect(await init({ backend: 'js' })).toMatchObject({ backend: 'js', simd: null, threads: 0 });
      expect(backendInfo().reason).toBe("js: init({ backend: 'js' })");
      expect(getBackend().name).toBe('js');
      await expect(init({ threads: 65 })).rejects.toThrow(/init: threads: expected an integer from 0 to 64, got 65/);
      await expect(init({ backend: 'gpu' as 'js' })).rejects.toThrow(/init: backend: unknown backend "gpu"/);
      await expect(init({ simd: 'baseline' })).rejects.toThrow(
        /simd 'baseline' was asked.*already loaded as 'relaxed'/,
      );
    } finally {
      await init({ backend: 'wasm', threads: Math.min(availableParallelism() - 1, 7) });
    }
    expect(getBackend().name).toBe('wasm');
  }, 60_000);
});

describe('the experiment pool gives its workers the cores they leave free', () => {
  it('⌊cores / workers⌋ − 1 helper threads each, and an explicit ACTLAB_WASM_THREADS passes through', () => {
    const cores = availableParallelism();
    expect(workerEnv(cores, {}).ACTLAB_WASM_THREADS).toBe('0');
    expect(workerEnv(1, {}).ACTLAB_WASM_THREADS).toBe(String(cores - 1));
    expect(workerEnv(cores + 3, { PATH: '/bin' })).toEqual({ PATH: '/bin', ACTLAB_WASM_THREADS: '0' });
    expect(workerEnv(cores, { ACTLAB_WASM_THREADS: '3' }).ACTLAB_WASM_THREADS).toBe('3');
  });
});
