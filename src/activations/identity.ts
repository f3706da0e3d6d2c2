/** Identity (linear activation): the baseline that makes a deep network one linear map. */
import { defineActivation } from './define.js';

export const identity = defineActivation({
  id: 'identity',
  name: 'Identity',
  torchName: 'Identity',
  torchFunction: 'torch.nn.Identity',
  aliases: ['linear'],
  summary: 'f(x) = x: no non-linearity, so stacked layers collapse to one linear map.',
  f: (x) => x,
  df: () => 1,
  // Speed only: a copy is 40× the loops derived from f/df (bench/js-kernels.ts); deep linear baselines train it.
  kernel: {
    forward(x, y) {
      y.set(x);
    },
    backward(_x, _y, gy, gx) {
      gx.set(gy);
    },
  },
  formula: 'x',
  derivative: '1',
  properties: {
    range: [-Infinity, Infinity],
    boundedAbove: false,
    boundedBelow: false,
    monotonic: 'increasing',
    derivativeMonotonic: true,
    smoothness: 'Cinf',
    zeroCentred: true,
    identityNearZero: true,
    saturatesLeft: false,
    saturatesRight: false,
    selfGated: false,
    cost: 'elementary',
  },
  references: [
    {
      title: 'torch.nn.Identity',
      authors: 'PyTorch contributors',
      year: 2018,
      url: 'https://pytorch.org/docs/stable/generated/torch.nn.Identity.html',
    },
  ],
  onnx: () => ({ op: 'Identity', opset: 1 }),
});
