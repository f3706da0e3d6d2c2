/** Log-softmax along `dim`, by log-sum-exp: x − max − log Σ exp(x − max), never log of an underflow. */
import { defineActivation } from './define.js';
import { softmaxKernel, softmaxRow } from './softmax-kernel.js';
import { onnxAxis } from './onnx.js';

export const logSoftmax = defineActivation({
  kind: 'dimwise',
  id: 'log_softmax',
  name: 'LogSoftmax',
  torchName: 'LogSoftmax',
  torchFunction: 'torch.nn.functional.log_softmax',
  summary: 'log of softmax, computed stably: the input of NLL / cross-entropy losses.',
  params: {
    dim: { default: -1, integer: true, doc: 'the dimension normalised' },
  },
  fRow: (x) => {
    const m = Math.max(...x);
    const lse = Math.log(x.reduce((a, v) => a + Math.exp(v - m), 0));
    return x.map((v) => v - m - lse);
  },
  vjpRow: (x, gy) => {
    const total = gy.reduce((a, b) => a + b, 0);
    return softmaxRow(x).map((p, k) => gy[k]! - p * total);
  },
  kernel: softmaxKernel(1, true),
  formula: '\\log\\operatorname{softmax}(x)_i = x_i - \\log\\sum_j e^{x_j}',
  derivative: '\\frac{\\partial y_i}{\\partial x_j} = \\delta_{ij} - \\operatorname{softmax}(x)_j',
  properties: {
    range: [-Infinity, 0],
    boundedAbove: true,
    boundedBelow: false,
    smoothness: 'Cinf',
    sumsToOne: false,
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
  onnx: (g, x, p) => g.op('LogSoftmax', [x], { axis: onnxAxis(g, x, p.dim, 'log_softmax') }),
});
