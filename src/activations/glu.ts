/** Gated linear unit: a ⊗ σ(b) for the two halves (a, b) of `dim` (the first half is a, as in torch). */
import { defineActivation } from './define.js';
import { sigmoid } from './sigmoid.js';
import { gatedKernel, gatedOnnx, gatedRow, gatedVjpRow, halve } from './gated.js';

export const glu = defineActivation({
  kind: 'dimwise',
  id: 'glu',
  name: 'GLU',
  torchName: 'GLU',
  torchFunction: 'torch.nn.functional.glu',
  summary: 'Splits dim in halves (a, b) and returns a·σ(b): a learned, multiplicative gate (halves dim).',
  params: {
    dim: { default: -1, integer: true, doc: 'the dimension split in two (its size must be even)' },
  },
  outSize: (size, p) => halve('glu', size, p.dim),
  fRow: (x) => gatedRow(x, (b) => sigmoid.f(b, {})),
  vjpRow: (x, gy) =>
    gatedVjpRow(
      x,
      gy,
      (b) => sigmoid.f(b, {}),
      (b) => sigmoid.df(b, {}),
    ),
  kernel: gatedKernel(sigmoid.kernel),
  formula: '\\operatorname{GLU}(a, b) = a \\otimes \\sigma(b)',
  derivative:
    '\\frac{\\partial}{\\partial a} = \\sigma(b),\\quad \\frac{\\partial}{\\partial b} = a\\,\\sigma(b)(1 - \\sigma(b))',
  properties: {
    range: [-Infinity, Infinity],
    boundedAbove: false,
    boundedBelow: false,
    smoothness: 'Cinf',
    sumsToOne: false,
    shiftInvariant: false,
    cost: 'transcendental',
  },
  knownDifferences: [
    {
      note:
        "torch's glu_backward forms σ(b)(1 − σ(b)), which cancels for b > 8 (an absolute error of |a·gy|·1e-16, and 0 " +
        'beyond b ≈ 37); actlab computes σ′(b) without cancellation',
      atRow: (row, k) => k >= row.length / 2 && row[k]! > 8,
      affects: 'gradient',
    },
  ],
  references: [
    {
      title: 'Language Modeling with Gated Convolutional Networks',
      authors: 'Dauphin, Fan, Auli, Grangier',
      year: 2017,
    },
  ],
  onnx: (g, x, p) => gatedOnnx(g, x, p.dim, 'glu', (b) => g.op('Sigmoid', [b])),
});
