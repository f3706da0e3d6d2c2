/** Module.to(dtype) / double() / float(): parameters and float buffers converted, int buffers kept, sharing kept. */
import { describe, expect, it } from 'vitest';
import * as nn from '../../src/nn/index.js';
import { activationModule } from '../../src/nn/activation.js';
import { gradcheck } from '../../src/autograd/gradcheck.js';
import { randn } from '../../src/tensor/create.js';
import { manualSeed } from '../../src/tensor/random.js';
import { noGrad } from '../../src/autograd/grad-mode.js';

describe('Module.to', () => {
  it('converts every parameter and float buffer, keeps int32 buffers, values and gradients', () => {
    manualSeed(0);
    const prelu = new (activationModule('prelu'))({ numParameters: 3 } as never) as unknown as nn.Layer;
    const model = new nn.Sequential(new nn.Linear(4, 3), new nn.BatchNorm1d(3), prelu, new nn.Linear(3, 2));
    noGrad(() => model.forward(randn([5, 4])));
    model
      .forward(randn([5, 4]))
      .sum()
      .backward();
    const before = model.stateDict();
    const grad0 = Array.from(model.parameters()[0]!.grad!.data);
    expect(model.double()).toBe(model);
    const after = model.stateDict();
    for (const [k, t] of Object.entries(after)) {
      expect(t.dtype, k).toBe(k.endsWith('num_batches_tracked') ? 'int32' : 'float64');
      expect(Array.from(t.data), k).toEqual(Array.from(before[k]!.data)); // float32 → float64 is exact
    }
    expect(model.parameters()[0]!.grad!.dtype).toBe('float64');
    expect(Array.from(model.parameters()[0]!.grad!.data)).toEqual(grad0);
    expect(model.parameters().every((p) => p.requiresGrad)).toBe(true);
    expect(model.forward(randn([2, 4], { dtype: 'float64' })).dtype).toBe('float64');
    model.float();
    expect(Object.values(model.stateDict()).map((t) => t.dtype)).toEqual([
      ...Array<string>(7).fill('float32'),
      'float32',
      'float32',
      'int32',
    ]);
  });

  it('gives a float64 network that passes gradcheck', () => {
    manualSeed(1);
    const model = new nn.Sequential(
      new nn.Linear(3, 4),
      new (activationModule('gelu'))() as unknown as nn.Layer,
      new nn.Linear(4, 1),
    ).double();
    const x = randn([2, 3], { dtype: 'float64', requiresGrad: true });
    expect(gradcheck((a) => model.forward(a), [x]).ok).toBe(true);
  });

  it('keeps a parameter shared by two modules shared, and rejects other dtypes', () => {
    const a = new nn.Linear(2, 2);
    const b = new nn.Linear(2, 2);
    b.weight = a.weight; // tied weights
    const model = new nn.Sequential(a, b).to('float64');
    expect(a.weight).toBe(b.weight);
    expect(model.parameters()).toHaveLength(3);
    expect(() => model.to('int32' as never)).toThrow(/Module\.to: dtype must be 'float32' or 'float64', got "int32"/);
  });
});
