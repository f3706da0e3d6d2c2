/**
 * WASM memory over a long training loop: MLP 784-256-256-10, batch 128, Adam, random data.
 *
 *   npx tsx bench/memory.ts [steps=3000] [mode=fit]
 *
 * mode plain: a hand-written loop with no scope (only backward() frees its temporaries, so the
 *   forward intermediates and each step's gradients wait for the garbage collector, whose
 *   FinalizationRegistry callbacks never run inside a synchronous loop: memory grows);
 * mode step: the same loop in a stepScope(model, optimizer), as fit does;
 * mode fit: train.fit over a DataLoader (with a validation pass per epoch).
 * Prints bytes in live blocks (heap.stats().bytesInUse) and the memory size (memory.buffer.byteLength).
 */
import '../src/backend/default.js';
import { F, getBackend, manualSeed, nn, optim, randint, randn, train } from '../src/index.js';
import { stepScope } from '../src/backend/scope.js';
import type { WasmBackend } from '../src/backend/wasm/backend.js';

const steps = Number(process.argv[2] ?? 3000);
const mode = process.argv[3] ?? 'fit';
const be = getBackend('float32') as WasmBackend;
if (be.name !== 'wasm') throw new Error('bench/memory: the wasm backend is not active');
const heap = be.runtime.heap;
const MiB = 2 ** 20;

manualSeed(0);
const model = new nn.Sequential(
  new nn.Linear(784, 256),
  new nn.ReLU(),
  new nn.Linear(256, 256),
  new nn.ReLU(),
  new nn.Linear(256, 10),
);
const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
const t0 = performance.now();
const report = (s: number): void => {
  const st = heap.stats();
  const ms = (performance.now() - t0) / s;
  console.log(
    `step ${String(s).padStart(5)}  live ${(st.bytesInUse / MiB).toFixed(1).padStart(7)} MiB  memory ${(heap.memory.buffer.byteLength / MiB).toFixed(0).padStart(5)} MiB  ` +
      `reclaimed by GC ${st.reclaimedByGc}  ${ms.toFixed(1)} ms/step`,
  );
};
const every = Math.max(1, Math.floor(steps / 10));

if (mode === 'fit') {
  const n = 128 * 50;
  const data = { x: randn([n, 784]), y: randint(0, 10, [n], { dtype: 'int32' }) };
  let s = 0;
  train.fit(model, data, {
    optimizer: opt,
    epochs: Math.ceil(steps / 50),
    batchSize: 128,
    validation: { x: data.x.narrow(0, 0, 1280), y: data.y.narrow(0, 0, 1280) },
    callbacks: [{ onStepEnd: () => void (++s % every === 0 && report(s)) }],
  });
} else {
  const x = randn([128, 784]);
  const y = randint(0, 10, [128], { dtype: 'int32' });
  const memory = mode === 'step' ? stepScope(model, opt) : null;
  const body = (): number => {
    opt.zeroGrad();
    const loss = F.crossEntropy(model.forward(x), y);
    loss.backward();
    opt.step();
    return loss.item();
  };
  for (let s = 1; s <= steps; s++) {
    if (memory) memory.run(body);
    else body();
    if (s % every === 0) report(s);
  }
  memory?.close();
}
