/**
 * The training stack on the WASM-SIMD backend agrees with the reference `js` backend: one
 * forward/backward/Adam step of a small CNN (conv, pool, linear, cross-entropy) in float32.
 * Skipped where the wasm backend cannot load.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { randn, tensor } from '../../src/tensor/create.js';
import { manualSeed } from '../../src/tensor/random.js';
import { setBackend } from '../../src/backend/registry.js';
import * as nn from '../../src/nn/index.js';
import * as optim from '../../src/optim/index.js';
import * as F from '../../src/nn/functional/index.js';
import { activationModules } from '../../src/nn/activation.js';

const wasmReady = await import('../../src/backend/default.js')
  .then((m: { selectDefaultBackend(choice?: string): string }) => m.selectDefaultBackend('wasm') === 'wasm')
  .catch(() => false);
if (!wasmReady)
  console.warn('[skip] wasm backend vs js: the WASM backend does not load here (run `npm run build:wasm`)');

function step(backend: 'js' | 'wasm'): { loss: number; params: number[][]; grads: number[][] } {
  setBackend(backend);
  manualSeed(3);
  const model = new nn.Sequential(
    new nn.Conv2d(1, 4, 3, { padding: 1 }),
    new activationModules.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Conv2d(4, 6, 3, { stride: 2, padding: 1 }),
    new nn.AvgPool2d(2, { padding: 1 }),
    new nn.Flatten(),
    new nn.Linear(6 * 2 * 2, 5),
  );
  const x = randn([8, 1, 12, 12]);
  const y = tensor([0, 1, 2, 3, 4, 0, 1, 2], { dtype: 'int32' });
  const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
  const loss = F.crossEntropy(model.forward(x), y, { labelSmoothing: 0.1 });
  loss.backward();
  const grads = model.parameters().map((p) => Array.from(p.grad!.data));
  opt.step();
  return { loss: loss.item(), params: model.parameters().map((p) => Array.from(p.data)), grads };
}

describe.skipIf(!wasmReady)('wasm backend vs js', () => {
  afterAll(() => void setBackend('js'));
  it('is deterministic: the same seed gives identical losses and weights', () => {
    expect(step('wasm')).toEqual(step('wasm'));
  });
  it('one training step of a small CNN agrees to float32 rounding', () => {
    const a = step('js');
    const b = step('wasm');
    expect(b.loss).toBeCloseTo(a.loss, 5);
    a.grads.forEach((g, i) =>
      g.forEach((v, j) => expect(Math.abs(b.grads[i]![j]! - v)).toBeLessThan(1e-5 + 1e-4 * Math.abs(v))),
    );
    a.params.forEach((p, i) => p.forEach((v, j) => expect(Math.abs(b.params[i]![j]! - v)).toBeLessThan(1e-5)));
  });
});
