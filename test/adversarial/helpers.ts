/** Small models and inputs for the attack tests (not a test file itself). */
import { Generator, nn, rand, randint, type Tensor } from '../../src/index.js';
import type { FloatDType } from '../../src/tensor/dtype.js';

export type Sequential = InstanceType<typeof nn.Sequential>;

/** A seeded MLP d → 16 → tanh → classes. */
export function mlp(d: number, classes: number, dtype: FloatDType = 'float32', seed = 0): Sequential {
  const generator = new Generator(seed);
  return new nn.Sequential(
    new nn.Flatten(),
    new nn.Linear(d, 16, { dtype, generator }),
    new nn.Tanh(),
    new nn.Linear(16, classes, { dtype, generator }),
  );
}

/** Inputs uniform in [0, 1] and labels, seeded. */
export function batch(
  n: number,
  shape: number[],
  classes: number,
  dtype: FloatDType = 'float32',
  seed = 1,
): { x: Tensor; y: Tensor } {
  const generator = new Generator(seed);
  return {
    x: rand([n, ...shape], { dtype, generator }),
    y: randint(0, classes, [n], { dtype: 'int32', generator }),
  };
}

/** Largest |a − b| over all elements. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
