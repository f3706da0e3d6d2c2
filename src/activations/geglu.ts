/** GEGLU: a ⊗ GELU(b) (exact, erf-based GELU). */
import { defineActivation } from './define.js';
import { gatedKernel, gatedRow, gatedVjpRow, halve } from './gated.js';
import { gelu } from './gelu.js';

const exact = { approximate: 'none' } as const;

export const geglu = defineActivation({
  kind: 'dimwise',
  id: 'geglu',
  name: 'GEGLU',
  torchName: 'GEGLU',
  torchFunction: null,
  summary: 'GLU with a GELU gate: a·GELU(b) over the halves (a, b) of dim (halves dim).',
  params: {
    dim: { default: -1, integer: true, doc: 'the dimension split in two (its size must be even)' },
  },
  outSize: (size, p) => halve('geglu', size, p.dim),
  fRow: (x) => gatedRow(x, (b) => gelu.f(b, exact)),
  vjpRow: (x, gy) =>
    gatedVjpRow(
      x,
      gy,
      (b) => gelu.f(b, exact),
      (b) => gelu.df(b, exact),
    ),
  kernel: gatedKernel(gelu.kernel, { approximate: 'none' }),
  formula: '\\operatorname{GEGLU}(a, b) = a \\otimes \\operatorname{GELU}(b)',
  derivative:
    "\\frac{\\partial}{\\partial a} = \\operatorname{GELU}(b),\\quad \\frac{\\partial}{\\partial b} = a\\,\\operatorname{GELU}'(b)",
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
    decomposition: `Split(x, axis=${p.dim}) → a, b; Mul(a, Gelu(b))`,
    ops: ['Split', 'Gelu', 'Mul'],
    opset: 20,
  }),
});
