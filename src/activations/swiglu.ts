/** SwiGLU: a ⊗ SiLU(b), the feed-forward gate of PaLM and LLaMA. */
import { defineActivation } from './define.js';
import { gatedKernel, gatedRow, gatedVjpRow, halve } from './gated.js';
import { silu } from './silu.js';

const p1 = { beta: 1 };

export const swiglu = defineActivation({
  kind: 'dimwise',
  id: 'swiglu',
  name: 'SwiGLU',
  torchName: 'SwiGLU',
  torchFunction: null,
  summary: 'GLU with a SiLU gate: a·b·σ(b) over the halves (a, b) of dim (halves dim).',
  params: {
    dim: { default: -1, integer: true, doc: 'the dimension split in two (its size must be even)' },
  },
  outSize: (size, p) => halve('swiglu', size, p.dim),
  fRow: (x) => gatedRow(x, (b) => silu.f(b, p1)),
  vjpRow: (x, gy) =>
    gatedVjpRow(
      x,
      gy,
      (b) => silu.f(b, p1),
      (b) => silu.df(b, p1),
    ),
  kernel: gatedKernel(silu.kernel, { beta: 1 }),
  formula: '\\operatorname{SwiGLU}(a, b) = a \\otimes b\\,\\sigma(b)',
  derivative:
    "\\frac{\\partial}{\\partial a} = \\operatorname{SiLU}(b),\\quad \\frac{\\partial}{\\partial b} = a\\,\\operatorname{SiLU}'(b)",
  properties: {
    range: [-Infinity, Infinity],
    boundedAbove: false,
    boundedBelow: false,
    smoothness: 'Cinf',
    sumsToOne: false,
    shiftInvariant: false,
    cost: 'transcendental',
  },
  references: [{ title: 'GLU Variants Improve Transformer', authors: 'Shazeer', year: 2020 }],
  onnx: (p) => ({
    decomposition: `Split(x, axis=${p.dim}) → a, b; Mul(a, Mul(b, Sigmoid(b)))`,
    ops: ['Split', 'Sigmoid', 'Mul'],
    opset: 13,
  }),
});
