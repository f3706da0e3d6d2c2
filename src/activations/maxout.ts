/**
 * Maxout: the max over groups of k consecutive entries along `dim` (size C → C/k). With the
 * preceding linear layer producing k candidates per unit, it learns a convex piecewise-linear
 * activation. The gradient goes to the first maximum of each group (torch.max's index); a NaN
 * wins the group (and takes the gradient), as torch's max propagates NaN.
 */
import type { FloatArray } from '../tensor/dtype.js';
import { defineActivation } from './define.js';

/** Offset of the winning entry in the group starting at `start` (stride `inner`). */
function argmaxGroup(x: FloatArray, start: number, k: number, inner: number): number {
  let best = start;
  let v = x[start]!;
  for (let t = 1, j = start + inner; t < k; t++, j += inner) {
    const u = x[j]!;
    if (u > v || (u !== u && v === v)) {
      v = u;
      best = j;
    }
  }
  return best;
}

function groupsOf(size: number, k: number, dim: number): number {
  if (size % k !== 0) throw new RangeError(`maxout: dim ${dim} has size ${size}, which is not divisible by k = ${k}`);
  return size / k;
}

export const maxout = defineActivation({
  kind: 'dimwise',
  id: 'maxout',
  name: 'Maxout',
  torchName: 'Maxout',
  torchFunction: null,
  summary: 'Max over groups of k consecutive entries along dim (divides dim by k): a learned convex activation.',
  params: {
    k: { default: 2, integer: true, min: 1, doc: 'candidates per unit (group size)' },
    dim: { default: -1, integer: true, doc: 'the dimension grouped (its size must be divisible by k)' },
  },
  outSize: (size, p) => groupsOf(size, p.k, p.dim),
  fRow: (x, p) =>
    Array.from({ length: x.length / p.k }, (_, j) => {
      const group = x.slice(j * p.k, (j + 1) * p.k);
      return group.find((v) => Number.isNaN(v)) ?? Math.max(...group);
    }),
  vjpRow: (x, gy, p) => {
    const gx = x.map(() => 0);
    for (let j = 0; j < x.length / p.k; j++) {
      const group = x.slice(j * p.k, (j + 1) * p.k);
      const nan = group.findIndex((v) => Number.isNaN(v));
      gx[j * p.k + (nan >= 0 ? nan : group.indexOf(Math.max(...group)))] = gy[j]!;
    }
    return gx;
  },
  kernel: {
    forward(x, y, outer, size, inner, { k }) {
      const groups = size / k;
      for (let o = 0; o < outer; o++) {
        for (let g = 0; g < groups; g++) {
          for (let i = 0; i < inner; i++)
            y[(o * groups + g) * inner + i] = x[argmaxGroup(x, (o * size + g * k) * inner + i, k, inner)]!;
        }
      }
    },
    backward(x, _y, gy, gx, outer, size, inner, { k }) {
      const groups = size / k;
      gx.fill(0);
      for (let o = 0; o < outer; o++) {
        for (let g = 0; g < groups; g++) {
          for (let i = 0; i < inner; i++)
            gx[argmaxGroup(x, (o * size + g * k) * inner + i, k, inner)] = gy[(o * groups + g) * inner + i]!;
        }
      }
    },
  },
  formula: 'y_j = \\max_{t < k} x_{jk + t}',
  derivative: '\\frac{\\partial y_j}{\\partial x_{jk+t}} = \\mathbb{1}[t = \\text{first}\\ \\arg\\max]',
  properties: {
    range: [-Infinity, Infinity],
    boundedAbove: false,
    boundedBelow: false,
    smoothness: 'C0',
    sumsToOne: false,
    shiftInvariant: false,
    cost: 'elementary',
  },
  references: [{ title: 'Maxout Networks', authors: 'Goodfellow, Warde-Farley, Mirza, Courville, Bengio', year: 2013 }],
  onnx: (p) => ({
    decomposition: `ReduceMax(Reshape(x, split dim ${p.dim} into [C/${p.k}, ${p.k}]), axis = the k axis, keepdims = 0)`,
    ops: ['Reshape', 'ReduceMax'],
    opset: 13,
  }),
});
