/** Squared ReLU: relu(x)², found by architecture search for Transformer feed-forward layers (Primer). */
import { defineActivation } from './define.js';

// max(x, 0) written `x < 0 ? 0 : x` so that NaN propagates.
const value = (x: number): number => {
  const r = x < 0 ? 0 : x;
  return r * r;
};

export const squaredRelu = defineActivation({
  id: 'squared_relu',
  name: 'Squared ReLU',
  torchName: 'SquaredReLU',
  torchFunction: null,
  aliases: ['relu_squared', 'relu2'],
  summary: 'relu(x)²: zero for x < 0, a parabola for x > 0; its derivative 2·relu(x) is continuous.',
  f: value,
  df: (x) => (x < 0 ? 0 : 2 * x),
  kinks: () => [{ x: 0, grad: 0, why: 'both one-sided derivatives are 0 (only the second derivative jumps)' }],
  formula: '\\max(0, x)^2',
  derivative: '2\\max(0, x)',
  properties: {
    range: [0, Infinity],
    boundedAbove: false,
    boundedBelow: true,
    monotonic: 'increasing',
    derivativeMonotonic: true,
    smoothness: 'C1',
    zeroCentred: false,
    identityNearZero: false,
    saturatesLeft: true,
    saturatesRight: false,
    selfGated: false,
    cost: 'elementary',
  },
  references: [
    {
      title: 'Primer: Searching for Efficient Transformers for Language Modeling',
      authors: 'So, Mańke, Liu, Dai, Shazeer, Le',
      year: 2021,
    },
  ],
  onnx: () => ({ decomposition: 'Mul(Relu(x), Relu(x))', ops: ['Relu', 'Mul'], opset: 6 }),
});
