/**
 * Training on the wasm backend: the same model trained with wasm and with js follows the same
 * loss curve (float32 rounding apart), and WASM memory stays flat over a long training loop
 * (memory scopes: tidy, stepScope, keep, release, and backward freeing its temporaries).
 */
import { wasm } from './use-wasm.js';
import { describe, expect, it } from 'vitest';
import { F, manualSeed, nn, optim, randint, randn, setBackend, tensor, train } from '../../../src/index.js';
import type { Tensor } from '../../../src/index.js';
import { keep, release, stepScope, tidy } from '../../../src/backend/scope.js';
import type { Module } from '../../../src/nn/module.js';
import { Sequential } from '../../../src/nn/container.js';

const heap = wasm.runtime.heap;
const inUse = (): number => heap.stats().bytesInUse;

function mlp(act: string, sizes: number[]): Sequential {
  const layers: Module[] = [];
  sizes.slice(1).forEach((n, i) => {
    layers.push(new nn.Linear(sizes[i]!, n));
    if (i < sizes.length - 2) layers.push(act === 'relu' ? new nn.ReLU() : act === 'gelu' ? new nn.GELU() : new nn.Tanh());
  });
  return new Sequential(...layers);
}

/** Loss after each of `steps` Adam steps on a fixed random batch, on one backend. */
function lossCurve(backend: string, act: string, steps: number): number[] {
  setBackend(backend);
  try {
    manualSeed(7);
    const model = mlp(act, [20, 32, 32, 3]);
    const opt = new optim.Adam(model.parameters(), { lr: 3e-3 });
    const x = randn([64, 20]);
    const y = randint(0, 3, [64], { dtype: 'int32' });
    const memory = stepScope(model, opt);
    const losses: number[] = [];
    for (let s = 0; s < steps; s++) {
      losses.push(
        memory.run(() => {
          opt.zeroGrad();
          const loss = F.crossEntropy(model.forward(x), y);
          loss.backward();
          opt.step();
          return loss.item();
        }),
      );
    }
    memory.close();
    return losses;
  } finally {
    setBackend('wasm');
  }
}

describe('training on wasm vs js', () => {
  for (const act of ['relu', 'gelu', 'tanh']) {
    it(`${act} MLP: the same loss curve within float32 tolerance`, () => {
      const w = lossCurve('wasm', act, 60);
      const j = lossCurve('js', act, 60);
      expect(w[59]!).toBeLessThan(w[0]! * 0.8); // it learns
      // Kernels differ by a few ulps per op; Adam amplifies nothing over 60 steps.
      for (let s = 0; s < 60; s++) expect(Math.abs(w[s]! - j[s]!), `step ${s}: ${w[s]} vs ${j[s]}`).toBeLessThanOrEqual(2e-5 * Math.max(1, j[s]!));
    });
  }
});

describe('memory', () => {
  it('tidy frees what fn allocated except its result and the roots', () => {
    const before = inUse();
    const kept = randn([10]);
    const out = tidy(() => {
      const a = randn([1000]);
      const b = F.relu(a);
      kept.grad = b.mul(2);
      return { sum: b.sum(), n: 3 };
    }, kept);
    expect(inUse() - before).toBeLessThan(2 * 4096 + 256); // kept (+grad) and the 0-d sum; not a, b
    expect(Number.isFinite(out.sum.item())).toBe(true);
    expect(kept.grad!.numel).toBe(1000);
  });

  it('a throwing fn frees everything but the roots; nested scopes pass survivors out', () => {
    const before = inUse();
    expect(() => tidy(() => {
      randn([5000]);
      throw new Error('boom');
    })).toThrow('boom');
    expect(inUse()).toBe(before);
    const outer = tidy(() => {
      const inner = tidy(() => randn([300]).add(1));
      randn([3000]); // freed with the outer scope
      return inner.mul(2);
    });
    expect(outer.numel).toBe(300);
    expect(inUse() - before).toBeLessThanOrEqual(2 * 1216);
  });

  it('keep takes storage out of scopes; release frees at once', () => {
    const before = inUse();
    let held: Tensor | null = null;
    tidy(() => {
      held = randn([2000]);
      keep(held);
      randn([2000]);
    });
    expect(held!.data[0]).toBe(held!.data[0]);
    const afterKeep = inUse();
    expect(afterKeep - before).toBeGreaterThanOrEqual(8000);
    release(held!);
    expect(inUse()).toBe(before);
    release(held!, new Float32Array(3), tensor([1, 2], { dtype: 'float64' })); // twice, foreign, float64: no-ops
  });

  it('backward frees its temporary gradients and keeps .grad', () => {
    manualSeed(1);
    const model = mlp('gelu', [50, 64, 10]);
    const x = randn([32, 50]);
    const y = randint(0, 10, [32], { dtype: 'int32' });
    const loss = F.crossEntropy(model.forward(x), y);
    const before = inUse();
    loss.backward();
    const grads = model.parameters().reduce((s, p) => s + p.grad!.data.byteLength, 0);
    // only the leaves' .grad (and size-class slack) remain
    expect(inUse() - before).toBeLessThanOrEqual(grads * 1.3 + 1024);
  });

  it('fit keeps WASM memory flat over thousands of steps', () => {
    manualSeed(0);
    const model = mlp('relu', [64, 64, 64, 10]);
    const data = { x: randn([2048, 64]), y: randint(0, 10, [2048], { dtype: 'int32' }) };
    const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
    const samples: number[] = [];
    const memory: number[] = [];
    train.fit(model, data, {
      optimizer,
      epochs: 24, // 24 × 64 batches = 1,536 steps
      batchSize: 32,
      validation: data,
      callbacks: [{ onEpochEnd: () => void (samples.push(inUse()), memory.push(heap.stats().memoryBytes)) }],
    });
    // After the first epoch (optimizer state exists), bytes in use do not grow.
    expect(Math.max(...samples.slice(1)) - samples[1]!).toBeLessThanOrEqual(64 * 1024);
    expect(memory[memory.length - 1]).toBe(memory[1]);
  });
});
