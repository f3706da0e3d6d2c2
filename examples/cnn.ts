/** The small CNN of the two CNN examples (a helper module, not an example itself). */
import * as nn from '../src/nn/index.js';
import type { Layer } from '../src/nn/index.js';

/** [N, 1, 28, 28] → conv3×3(16) → act → pool2 → conv3×3(32) → act → pool2 → 1568 → 128 → act → 10. */
export function smallCnn(act: () => Layer): nn.Sequential {
  return new nn.Sequential(
    new nn.Conv2d(1, 16, 3, { padding: 1 }),
    act(),
    new nn.MaxPool2d(2),
    new nn.Conv2d(16, 32, 3, { padding: 1 }),
    act(),
    new nn.MaxPool2d(2),
    new nn.Flatten(),
    new nn.Linear(32 * 7 * 7, 128),
    act(),
    new nn.Linear(128, 10),
  );
}
