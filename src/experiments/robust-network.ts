/**
 * The robust study's network: the small CNN of the examples, (conv3×3 → act → maxpool2) per
 * channel count → Flatten → (Linear → act) per hidden width → Linear(classes).
 * TODO(models): replace by src/models' buildCnn once it is on main.
 */
import { Conv2d } from '../nn/conv.js';
import { Linear } from '../nn/linear.js';
import { Sequential, type Layer } from '../nn/container.js';
import { MaxPool2d } from '../nn/pooling.js';
import { Flatten } from '../nn/shape.js';
import type { Generator } from '../tensor/random.js';
import type { ResolvedActivation } from '../analysis/activation.js';

export interface RobustCnnShape {
  inputShape: number[];
  classes: number;
  channels: number[];
  hidden: number[];
}

export function buildRobustCnn(
  o: RobustCnnShape & { activation: ResolvedActivation; generator: Generator },
): Sequential {
  const layers: Layer[] = [];
  let c = o.inputShape[0]!;
  let h = o.inputShape[1]!;
  let w = o.inputShape[2]!;
  for (const out of o.channels) {
    layers.push(new Conv2d(c, out, 3, { padding: 1, generator: o.generator }), o.activation.layer(), new MaxPool2d(2));
    c = out;
    h = Math.floor(h / 2);
    w = Math.floor(w / 2);
  }
  layers.push(new Flatten());
  let width = c * h * w;
  for (const units of o.hidden) {
    layers.push(new Linear(width, units, { generator: o.generator }), o.activation.layer());
    width = units;
  }
  layers.push(new Linear(width, o.classes, { generator: o.generator }));
  return new Sequential(...layers);
}

export const describeRobustCnn = (o: RobustCnnShape): string =>
  [o.inputShape.join('×'), ...o.channels.map((c) => `conv${c}`), ...o.hidden, o.classes].join(' → ');
