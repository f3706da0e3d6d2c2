/** ReGLU: a ⊗ ReLU(b). */
import { defineActivation } from './define.js';
import { gatedKernel, gatedOnnx, gatedRow, gatedVjpRow, halve } from './gated.js';
import { relu } from './relu.js';

export const reglu = defineActivation({
  kind: 'dimwise',
  id: 'reglu',
  name: 'ReGLU',
  torchName: 'ReGLU',
  torchFunction: null,
  summary: 'GLU with a ReLU gate: a·max(b, 0) over the halves (a, b) of dim (halves dim).',
  params: {
    dim: { default: -1, integer: true, doc: 'the dimension split in two (its size must be even)' },
  },
  outSize: (size, p) => halve('reglu', size, p.dim),
  fRow: (x) => gatedRow(x, (b) => relu.f(b, {})),
  vjpRow: (x, gy) =>
    gatedVjpRow(
      x,
      gy,
      (b) => relu.f(b, {}),
      (b) => relu.df(b, {}),
    ),
  kernel: gatedKernel(relu.kernel),
  formula: '\\operatorname{ReGLU}(a, b) = a \\otimes \\max(0, b)',
  derivative:
    '\\frac{\\partial}{\\partial a} = \\max(0, b),\\quad \\frac{\\partial}{\\partial b} = a\\,\\mathbb{1}[b > 0]',
  properties: {
    range: [-Infinity, Infinity],
    boundedAbove: false,
    boundedBelow: false,
    smoothness: 'C0',
    sumsToOne: false,
    shiftInvariant: false,
    cost: 'elementary',
  },
  references: [{ title: 'GLU Variants Improve Transformer', authors: 'Shazeer', year: 2020 }],
  onnx: (g, x, p) => gatedOnnx(g, x, p.dim, 'reglu', (b) => g.op('Relu', [b])),
});
