/** Reductions over any set of dims, in float64 accumulators (so float32 sums do not drift). */
import type { ReduceOpName } from '../backend.js';
import type { Storage } from '../../tensor/dtype.js';
import type { Shape } from '../../tensor/shape.js';

/**
 * Moves the reduced dims to the end (a permutation, as offsets) so every output element
 * reduces one run of `inner` values; `outer` output elements in the kept dims' order.
 */
export function reduceLoop(op: ReduceOpName, x: Storage, shape: Shape, dims: readonly number[], out: Storage): void {
  const nd = shape.length;
  const kept = [...Array(nd).keys()].filter((d) => !dims.includes(d));
  const inner = dims.reduce((p, d) => p * shape[d]!, 1);
  const outer = kept.reduce((p, d) => p * shape[d]!, 1);
  const strides: number[] = new Array<number>(nd);
  let s = 1;
  for (let d = nd - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d]!;
  }
  // Fast path: reducing trailing dims is contiguous.
  const trailing = dims.every((d, i) => d === nd - dims.length + i);
  const offsetsOf = (dimsList: number[]): Int32Array => {
    const count = dimsList.reduce((p, d) => p * shape[d]!, 1);
    const offs = new Int32Array(count);
    const idx = new Array<number>(dimsList.length).fill(0);
    for (let i = 0; i < count; i++) {
      let o = 0;
      for (let j = 0; j < dimsList.length; j++) o += idx[j]! * strides[dimsList[j]!]!;
      offs[i] = o;
      for (let j = dimsList.length - 1; j >= 0; j--) {
        if (++idx[j]! < shape[dimsList[j]!]!) break;
        idx[j] = 0;
      }
    }
    return offs;
  };
  const outerOffs = trailing ? null : offsetsOf(kept);
  const innerOffs = trailing ? null : offsetsOf([...dims]);
  for (let o = 0; o < outer; o++) {
    const base = outerOffs ? outerOffs[o]! : o * inner;
    const at = innerOffs ? (i: number) => x[base + innerOffs[i]!]! : (i: number) => x[base + i]!;
    out[o] = reduceRun(op, at, inner);
  }
}

function reduceRun(op: ReduceOpName, at: (i: number) => number, n: number): number {
  switch (op) {
    case 'sum': {
      let acc = 0;
      for (let i = 0; i < n; i++) acc += at(i);
      return acc;
    }
    case 'max':
    case 'min': {
      // NaN wins, as in torch.
      let best = op === 'max' ? -Infinity : Infinity;
      for (let i = 0; i < n; i++) {
        const v = at(i);
        if (Number.isNaN(v)) return NaN;
        if (op === 'max' ? v > best : v < best) best = v;
      }
      return best;
    }
    case 'argmax':
    case 'argmin': {
      // First index of the extreme value; a NaN counts as the extreme (torch's rule).
      let best = at(0);
      let arg = 0;
      for (let i = 1; i < n && !Number.isNaN(best); i++) {
        const v = at(i);
        if (Number.isNaN(v) || (op === 'argmax' ? v > best : v < best)) {
          best = v;
          arg = i;
        }
      }
      return arg;
    }
    case 'logsumexp': {
      let m = -Infinity;
      for (let i = 0; i < n; i++) {
        const v = at(i);
        if (Number.isNaN(v)) return NaN;
        if (v > m) m = v;
      }
      if (m === -Infinity || m === Infinity) return m;
      let acc = 0;
      for (let i = 0; i < n; i++) acc += Math.exp(at(i) - m);
      return m + Math.log(acc);
    }
  }
}
