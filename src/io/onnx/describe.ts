/**
 * What an activation's ONNX form writes at each opset, found by running the spec's own `onnx` form
 * on a probe graph — so docs and reports describe exactly what io.toOnnx exports, with nothing
 * declared twice. One node is a native op; several are a decomposition.
 */
import type { ActivationSpec } from '../../activations/define.js';
import { paramDefaults } from '../../activations/params.js';
import { MAX_OPSET, MIN_OPSET, OnnxGraph } from './graph.js';

/** The probe input: [N, C, H, W] with sizes every built-in form accepts (even, divisible by k ≤ 4). */
const PROBE_SHAPE = ['N', 12, 4, 4] as const;

/** The ONNX op types the spec's form writes at `opset`, in order; null when the spec has no ONNX form. */
export function onnxFormOps(
  spec: ActivationSpec,
  opset: number,
  params: Readonly<Record<string, number | string>> = paramDefaults(spec.params) as Record<string, number | string>,
): string[] | null {
  if (!spec.onnx) return null;
  const g = new OnnxGraph(opset);
  spec.onnx(g, g.input('x', PROBE_SHAPE), params as never);
  return g.opTypes();
}

/** A run of opsets with the same form. */
export interface OnnxFormRange {
  readonly from: number;
  readonly to: number;
  readonly ops: readonly string[];
  /** One node: the activation is an ONNX op there. */
  readonly native: boolean;
}

/** The form over every opset toOnnx writes (13..26), merged into runs of identical op lists. */
export function onnxFormsByOpset(spec: ActivationSpec): OnnxFormRange[] | null {
  if (!spec.onnx) return null;
  const out: OnnxFormRange[] = [];
  for (let opset = MIN_OPSET; opset <= MAX_OPSET; opset++) {
    const ops = onnxFormOps(spec, opset)!;
    const last = out[out.length - 1];
    if (last && last.ops.join() === ops.join()) out[out.length - 1] = { ...last, to: opset };
    else out.push({ from: opset, to: opset, ops, native: ops.length === 1 });
  }
  return out;
}

/** `Mul×2, Erf` — op types with their counts, in first-use order. */
export function summarizeOps(ops: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const op of ops) counts.set(op, (counts.get(op) ?? 0) + 1);
  return [...counts].map(([op, n]) => (n > 1 ? `${op}×${n}` : op)).join(', ');
}
