/** Softmin along `dim`: softmax(−x), mass on the smallest entries. */
import { defineActivation } from './define.js';
import { softmaxKernel, softmaxRow, softmaxVjpRow } from './softmax-kernel.js';
import { onnxAxis } from './onnx.js';

export const softmin = defineActivation({
  kind: 'dimwise',
  id: 'softmin',
  name: 'Softmin',
  torchName: 'Softmin',
  torchFunction: 'torch.nn.functional.softmin',
  summary: 'softmax(−x): a distribution that favours the smallest entries of each slice.',
  params: {
    dim: { default: -1, integer: true, doc: 'the dimension normalised' },
  },
  fRow: (x) => softmaxRow(x, -1),
  vjpRow: (x, gy) => softmaxVjpRow(x, gy, -1),
  kernel: softmaxKernel(-1, false),
  formula: '\\operatorname{softmin}(x)_i = \\frac{e^{-x_i}}{\\sum_j e^{-x_j}}',
  derivative: '\\frac{\\partial y_i}{\\partial x_j} = -y_i(\\delta_{ij} - y_j)',
  properties: {
    range: [0, 1],
    boundedAbove: true,
    boundedBelow: true,
    smoothness: 'Cinf',
    sumsToOne: true,
    shiftInvariant: true,
    cost: 'reduction',
  },
  references: [
    {
      title:
        'Probabilistic Interpretation of Feedforward Classification Network Outputs, with Relationships to Statistical Pattern Recognition',
      authors: 'Bridle',
      year: 1990,
    },
  ],
  onnx: (g, x, p) => g.op('Softmax', [g.op('Neg', [x])], { axis: onnxAxis(g, x, p.dim, 'softmin') }),
});
