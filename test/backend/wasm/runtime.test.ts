/**
 * The WASM runtime and its allocator: one default instance, SIMD detection, blocks reused from
 * the size-class pools, zeroing, views that survive memory growth, ownership checks, errors
 * that name the problem, and blocks reclaimed by the FinalizationRegistry.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  chooseSimdLevel, createWasmRuntime, findPackageRoot, getWasmRuntime, loadWasmRuntime, sizeClass,
  wasmRelaxedSimdSupported, wasmSimdSupported, type WasmRuntime,
} from '../../../src/backend/wasm/index.js';
import { wasmRuntime } from './helpers.js';
import { paramDefaults } from '../../../src/activations/params.js';
import { getActivation } from '../../../src/activations/registry.js';
import type { KernelParams } from '../../../src/backend/backend.js';

let rt: WasmRuntime;
beforeAll(() => {
  rt = wasmRuntime();
});

describe('wasm runtime', () => {
  it('detects SIMD and returns one default instance', async () => {
    expect(wasmSimdSupported()).toBe(true);
    expect(getWasmRuntime()).toBe(rt);
    expect(await loadWasmRuntime()).toBe(rt);
  });

  it('rejects arrays outside the WASM memory and mismatched lengths, saying what to do', () => {
    const y = rt.heap.alloc(4);
    expect(() => rt.kernels.unary('exp', new Float32Array(4), y)).toThrow(/x is not in the WASM memory.*copyIn/);
    expect(() => rt.kernels.unary('exp', rt.heap.alloc(5), y)).toThrow(RangeError);
    expect(() => rt.activations.gelu.forward(new Float64Array(4) as unknown as Float32Array, y, { approximate: 'none' })).toThrow(/must be a Float32Array/);
  });

  it('keeps typical inputs on the fast paths (no speculated slow-path calls)', () => {
    // Binaryen may hoist a side-effect-free call above its guard; the slow paths count their
    // calls to prevent that, and this checks the counter stays put on ordinary data.
    const x = rt.heap.copyIn(Array.from({ length: 4099 }, (_, i) => Math.sin(i) * 8));
    const y = rt.heap.alloc(x.length);
    const before = rt.exports.slow_path_calls();
    for (const op of ['exp', 'expm1', 'tanh', 'sigmoid', 'erf', 'sin'] as const) rt.kernels.unary(op, x, y);
    rt.kernels.unary('log1p', rt.heap.copyIn(Array.from(x, Math.abs)), y); // x < −1 is a special value
    for (const id of ['gelu', 'silu', 'mish', 'elu', 'celu', 'softplus', 'logsigmoid', 'tanhexp', 'serf', 'tanhshrink'] as const) {
      const p = paramDefaults(getActivation(id).params) as KernelParams;
      rt.activations[id].forward(x, y, p);
      rt.activations[id].backward(x, y, x, y, p);
    }
    rt.activations.gelu.forward(x, y, { approximate: 'tanh' });
    rt.activations.silu.backward(x, y, x, y, { beta: 1.5 });
    rt.kernels.softmax(x, y, 4099);
    rt.kernels.logSoftmax(x, y, 4099);
    expect(rt.exports.slow_path_calls()).toBe(before);
    rt.kernels.unary('exp', rt.heap.copyIn([-100, 0, 0, 0]), rt.heap.alloc(4));
    expect(rt.exports.slow_path_calls()).toBe(before + 1);
  });

  it('loads the relaxed-SIMD build where the engine has it, the baseline build when asked', () => {
    // Node 20 (V8 11.3) has relaxed SIMD behind a flag the runtime turns on; later V8s ship it.
    const want = process.env['ACTLAB_WASM_SIMD'] === 'baseline' ? 'baseline' : 'relaxed';
    expect(rt.simd).toBe(want);
    expect(chooseSimdLevel('baseline')).toBe('baseline');
    expect(chooseSimdLevel('relaxed')).toBe('relaxed');
    expect(wasmRelaxedSimdSupported()).toBe(true);
    const base = createWasmRuntime({ initialMiB: 1, maximumMiB: 64, simd: 'baseline' });
    const relaxed = createWasmRuntime({ initialMiB: 1, maximumMiB: 64, simd: 'relaxed' });
    expect([base.simd, relaxed.simd]).toEqual(['baseline', 'relaxed']);
    // Same kernels: results agree within the accuracy bound (fused multiply-adds round once).
    const x = Array.from({ length: 1000 }, (_, i) => (i - 500) / 37);
    const [yb, yr] = [base, relaxed].map((r) => {
      const v = r.heap.copyIn(x);
      r.activations.gelu.forward(v, v, { approximate: 'none' });
      return Array.from(v);
    });
    yb!.forEach((v, i) => expect(Math.abs(v - yr![i]!)).toBeLessThanOrEqual(4 * 2 ** -23 * Math.max(Math.abs(v), 1e-30)));
  });

  it('rejects an unknown ACTLAB_WASM_SIMD level', () => {
    const script = join(tmpdir(), `actlab-simd-env-${process.pid}.mts`);
    writeFileSync(script, `import { getWasmRuntime } from ${JSON.stringify(join(findPackageRoot(), 'src/backend/wasm/index.ts'))};\ngetWasmRuntime();\n`);
    expect(() =>
      execFileSync(process.execPath, ['--import', 'tsx', script], {
        env: { ...process.env, ACTLAB_WASM_SIMD: 'avx9' }, stdio: 'pipe', cwd: findPackageRoot(),
      }),
    ).toThrow(/ACTLAB_WASM_SIMD: unknown level "avx9" \(expected 'baseline' or 'relaxed'\)/);
  });

  it('creates independent runtimes with their own memory', () => {
    const other = createWasmRuntime({ initialMiB: 1, maximumMiB: 64, module: rt.module });
    expect(other.memory).not.toBe(rt.memory);
    const x = other.heap.copyIn([0, 1]);
    expect(rt.heap.owns(x)).toBe(false);
    expect(() => rt.kernels.unary('exp', x, rt.heap.alloc(2))).toThrow(/not in the WASM memory/);
    other.kernels.unary('exp', x, x);
    expect(Array.from(x)).toEqual([1, Math.fround(Math.E)]);
  });
});

describe('wasm allocator', () => {
  it('rounds sizes to 16-byte classes with at most 25% slack', () => {
    expect([0, 1, 16, 17, 256, 257, 320, 321, 1000].map(sizeClass)).toEqual([16, 16, 16, 32, 256, 320, 320, 384, 1024]);
    for (let b = 1; b < 1e7; b = Math.ceil(b * 1.37)) {
      const c = sizeClass(b);
      expect(c % 16).toBe(0);
      expect(c).toBeGreaterThanOrEqual(b);
      if (b > 256) expect(c / b).toBeLessThanOrEqual(1.25);
    }
  });

  it('hands out aligned, zeroed views and reuses freed blocks of the same class', () => {
    const a = rt.heap.alloc(100);
    expect(a.byteOffset % 16).toBe(0);
    a.fill(7);
    const offset = a.byteOffset;
    rt.heap.free(a);
    const b = rt.heap.alloc(99); // same size class (400 bytes -> 448)
    expect(b.byteOffset).toBe(offset);
    expect(Array.from(b).every((v) => v === 0)).toBe(true);
    expect(() => rt.heap.free(a)).toThrow(/not a live block/);
    expect(() => rt.heap.free(b.subarray(1))).toThrow(/not a live block/);
    expect(() => rt.heap.free(new Float32Array(3))).toThrow(/not a live block/);
    rt.heap.free(b);
  });

  it('keeps earlier views valid when the memory grows', () => {
    const small = createWasmRuntime({ initialMiB: 1, maximumMiB: 256, module: rt.module });
    const before = small.memory.buffer.byteLength;
    const early = small.heap.copyIn([1, 2, 3, 4, 5]);
    const big = small.heap.alloc(8 * 2 ** 20); // 32 MiB: forces growth
    expect(small.memory.buffer.byteLength).toBeGreaterThan(before);
    expect(Array.from(early)).toEqual([1, 2, 3, 4, 5]); // not detached
    expect(small.heap.owns(early)).toBe(true);
    expect(small.heap.owns(big)).toBe(true);
    expect(small.heap.owns(early.subarray(2))).toBe(true);
    expect(small.heap.owns(new Float32Array(2))).toBe(false);
    small.kernels.binaryScalar('mul', early, 2, early); // kernels still reach the old view's bytes
    expect(Array.from(early)).toEqual([2, 4, 6, 8, 10]);
    big[big.length - 1] = 42;
    expect(new Float32Array(small.memory.buffer, big.byteOffset, big.length)[big.length - 1]).toBe(42);
    expect(() => small.heap.alloc(300 * 2 ** 20)).toThrow(/cannot grow the memory.*maximum 256 MiB/);
    const stats = small.heap.stats();
    expect(stats.blocksInUse).toBe(2);
    expect(stats.memoryBytes).toBe(small.memory.buffer.byteLength);
  });

  it('returns blocks of dropped views through the FinalizationRegistry', () => {
    // Needs --expose-gc, so it runs in a child process.
    const root = findPackageRoot();
    const script = join(tmpdir(), `actlab-wasm-gc-${process.pid}.mjs`);
    writeFileSync(script, [
      `const { register } = await import(${JSON.stringify(join(root, 'node_modules', 'tsx', 'dist', 'esm', 'api', 'index.mjs'))});`,
      'register();',
      `const { getWasmRuntime } = await import(${JSON.stringify(join(root, 'src', 'backend', 'wasm', 'index.ts'))});`,
      'const rt = getWasmRuntime();',
      'for (let i = 0; i < 100; i++) rt.heap.alloc(1000);',
      'for (let i = 0; i < 10 && rt.heap.stats().reclaimedByGc < 100; i++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 20)); }',
      'console.log(JSON.stringify(rt.heap.stats()));',
    ].join('\n'));
    const out = execFileSync(process.execPath, ['--expose-gc', script], { cwd: root, encoding: 'utf8' });
    const stats = JSON.parse(out.trim().split('\n').pop()!) as { reclaimedByGc: number; blocksInUse: number };
    expect(stats.reclaimedByGc).toBeGreaterThan(90);
    expect(stats.blocksInUse).toBeLessThan(10);
  });
});
