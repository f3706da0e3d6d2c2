/** Softmax2d: softmax over the channels of [N, C, H, W] or [C, H, W], at every spatial location. */
import { defineActivation } from './define.js';
import { softmaxKernel, softmaxRow, softmaxVjpRow } from './softmax-kernel.js';

export const softmax2d = defineActivation({
  kind: 'dimwise',
  id: 'softmax2d',
  name: 'Softmax2d',
  torchName: 'Softmax2d',
  torchFunction: 'torch.nn.Softmax2d',
  summary: 'Per-pixel softmax over channels (dim −3 of a 3-D or 4-D input), e.g. for segmentation maps.',
  fixedDim: { dim: -3, ndims: [3, 4] },
  fRow: (x) => softmaxRow(x),
  vjpRow: (x, gy) => softmaxVjpRow(x, gy),
  kernel: softmaxKernel(1, false),
  formula: "y_{c,h,w} = \\frac{e^{x_{c,h,w}}}{\\sum_{c'} e^{x_{c',h,w}}}",
  derivative: "\\frac{\\partial y_{c}}{\\partial x_{c'}} = y_c(\\delta_{cc'} - y_{c'})\\ \\text{at each}\\ (h, w)",
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
      title: 'torch.nn.Softmax2d',
      authors: 'PyTorch contributors',
      year: 2017,
      url: 'https://pytorch.org/docs/stable/generated/torch.nn.Softmax2d.html',
    },
  ],
  onnx: (g, x) => {
    if (x.shape.length !== 3 && x.shape.length !== 4)
      throw new RangeError(`softmax2d: expected a 3-D or 4-D input, got shape [${x.shape.join(', ')}]`);
    return g.op('Softmax', [x], { axis: g.int(-3) });
  },
});
