/**
 * The graph-building API activation forms use (declared in src/activations/onnx.ts, next to the
 * specs that use it), re-exported for exporters of layers, and shape broadcasting for OnnxGraph.
 */
import type { OnnxDim } from '../../activations/onnx.js';

export type {
  OnnxDim,
  OnnxElemType,
  OnnxValue,
  OnnxInt,
  OnnxInts,
  OnnxFloats,
  OnnxAttribute,
  OnnxAttributes,
  OnnxOutputSpec,
  OnnxBuilder,
  OnnxForm,
} from '../../activations/onnx.js';

/** The numpy broadcast of shapes (symbolic dims broadcast with 1 and with themselves). */
export function broadcastShapes(shapes: readonly (readonly OnnxDim[])[]): OnnxDim[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: OnnxDim[] = [];
  for (let i = 0; i < rank; i++) {
    let d: OnnxDim = 1;
    for (const s of shapes) {
      const e = s[s.length - rank + i];
      if (e === undefined || e === 1) continue;
      if (d === 1) d = e;
      else if (d !== e) {
        if (typeof d === 'number' && typeof e === 'number')
          throw new RangeError(`toOnnx: shapes [${shapes.map((x) => x.join(', ')).join('] and [')}] do not broadcast`);
        if (typeof d === 'string') d = e; // a static size is the better guess for a symbolic one
      }
    }
    out.push(d);
  }
  return out;
}
