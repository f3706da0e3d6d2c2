/** Softmax along `dim`: exp(x − max)/Σ exp(x − max), one slice at a time. */
import { defineActivation } from './define.js';
import { softmaxKernel, softmaxRow, softmaxVjpRow } from './softmax-kernel.js';
import { onnxAxis } from './onnx.js';

export const softmax = defineActivation({
  kind: 'dimwise',
  id: 'softmax',
  name: 'Softmax',
  torchName: 'Softmax',
  torchFunction: 'torch.nn.functional.softmax',
  summary: 'Turns each slice along dim into a probability distribution; invariant to shifts.',
  params: {
    dim: { default: -1, integer: true, doc: 'the dimension normalised (torch has no default; actlab uses the last)' },
  },
  fRow: (x) => softmaxRow(x),
  vjpRow: (x, gy) => softmaxVjpRow(x, gy),
  kernel: softmaxKernel(1, false),
  formula: '\\operatorname{softmax}(x)_i = \\frac{e^{x_i}}{\\sum_j e^{x_j}}',
  derivative: '\\frac{\\partial y_i}{\\partial x_j} = y_i(\\delta_{ij} - y_j)',
  properties: {
    range: [0, 1],
    boundedAbove: true,
    boundedBelow: true,
    smoothness: 'Cinf',
    sumsToOne: true,
    shiftInvariant: true,
    cost: 'reduction',
  },
  knownDifferences: [
    {
      note: "torch's dim=None picks a dim from the rank (deprecated, with a warning); actlab's default is dim = −1",
      affects: 'both',
    },
  ],
  references: [
    {
      title:
        'Probabilistic Interpretation of Feedforward Classification Network Outputs, with Relationships to Statistical Pattern Recognition',
      authors: 'Bridle',
      year: 1990,
    },
  ],
  onnx: (g, x, p) => g.op('Softmax', [x], { axis: onnxAxis(g, x, p.dim, 'softmax') }),
});
