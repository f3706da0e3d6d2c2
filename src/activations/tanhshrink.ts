/** Tanh shrink: x − tanh(x), flat near 0 and ≈ x − sign(x) far out. */
import { defineActivation } from './define.js';

// x − tanh x cancels for small |x| (x³/3 is all that is left): use its series below 0.1.
// tanh x = x − x³/3 + 2x⁵/15 − 17x⁷/315 + 62x⁹/2835 − 1382x¹¹/155925 + 21844x¹³/6081075 − 929569x¹⁵/638512875
const C = [1 / 3, -2 / 15, 17 / 315, -62 / 2835, 1382 / 155925, -21844 / 6081075, 929569 / 638512875];
function value(x: number): number {
  if (Math.abs(x) >= 0.1) return x - Math.tanh(x);
  const x2 = x * x;
  let s = C[6]!;
  for (let k = 5; k >= 0; k--) s = s * x2 + C[k]!;
  return s * x2 * x;
}
const grad = (x: number): number => Math.tanh(x) ** 2;

export const tanhshrink = defineActivation({
  id: 'tanhshrink',
  name: 'Tanhshrink',
  torchName: 'Tanhshrink',
  torchFunction: 'torch.nn.functional.tanhshrink',
  summary: 'x − tanh(x): a smooth shrinkage, ≈ x³/3 near 0.',
  f: value,
  df: grad,
  formula: 'x - \\tanh(x)',
  derivative: '\\tanh^2(x)',
  properties: {
    range: [-Infinity, Infinity],
    boundedAbove: false,
    boundedBelow: false,
    monotonic: 'increasing',
    derivativeMonotonic: false,
    smoothness: 'Cinf',
    zeroCentred: true,
    identityNearZero: false,
    saturatesLeft: false,
    saturatesRight: false,
    selfGated: false,
    cost: 'transcendental',
  },
  references: [
    {
      title: 'torch.nn.Tanhshrink',
      authors: 'PyTorch contributors',
      year: 2017,
      url: 'https://pytorch.org/docs/stable/generated/torch.nn.Tanhshrink.html',
    },
  ],
  onnx: () => ({ decomposition: 'Sub(x, Tanh(x))', ops: ['Tanh', 'Sub'], opset: 6 }),
});
