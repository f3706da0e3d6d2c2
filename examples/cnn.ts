/** The small CNN of the two CNN examples (a helper module, not an example itself). */
import { nn } from '../src/index.js';

type Layer = InstanceType<typeof nn.Linear> | InstanceType<typeof nn.ReLU>;

/** [N, 1, 28, 28] → conv3×3(16) → act → pool2 → conv3×3(32) → act → pool2 → 1568 → 128 → act → 10. */
export function smallCnn(act: () => Layer): InstanceType<typeof nn.Sequential> {
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
