/**
 * Every registry activation, exported alone and run by onnxruntime-node, against actlab's own
 * float32 forward: at its defaults, at one non-default parameter set (derived from the spec, so a
 * new activation is covered by being registered), and with its learnable parameter learned per
 * channel where it has one — at opset 17 (the default), 24 (native Swish) and the newest opset
 * onnxruntime-node runs. Elementwise ones on a dense grid of [−20, 20] and magnitudes 1e−30..1e30
 * of both signs; dim-wise ones on seeded random slices.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { activationModule, activations, tensor } from '../../../src/index.js';
import type { ActivationSpec } from '../../../src/index.js';
import { isChoiceParam, learnableParam, paramProblem, type NumberParam } from '../../../src/activations/define.js';
import { Generator } from '../../../src/tensor/random.js';
import { Parameter } from '../../../src/nn/parameter.js';
import { MAX_OPSET, toOnnx } from '../../../src/io/onnx/index.js';
import { maxAbsDiff, runOnnx, withinRule } from './ort.js';

const OPSETS = [17, 24, MAX_OPSET];
const CHANNELS = 4;

/** The elementwise grid, as [n/4, 4] so a per-channel parameter has 4 channels. */
function grid(): Float32Array {
  const pts: number[] = [];
  for (let i = 0; i <= 4000; i++) pts.push(-20 + i / 100);
  for (let e = -30; e <= 30; e += 0.25) pts.push(10 ** e, -(10 ** e));
  while (pts.length % CHANNELS) pts.push(0);
  return Float32Array.from(pts);
}

function randomInput(shape: readonly number[], seed: number): Float32Array {
  const g = new Generator(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => g.uniform(-10, 10));
}

interface Case {
  label: string;
  options: Record<string, unknown>;
  shape: number[];
  /** Per-channel values for the learned parameter, when the case learns it. */
  learned?: number[];
}

/**
 * One non-default value per parameter, from its spec alone: the next choice; k + 1 for an integer;
 * 1.5× the default (0.5 for a default of 0) for a number. `dim` moves to 1 on a 3-D input.
 */
function nonDefault(spec: ActivationSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(spec.params)) {
    if (isChoiceParam(s)) out[k] = s.choices.find((c) => c !== s.default);
    else if (k === 'dim' || s.learnable === 'always') continue;
    else if (s.integer) out[k] = s.default + 1;
    else out[k] = s.default === 0 ? 0.5 : s.default * 1.5;
    if (k in out && paramProblem(s, out[k])) throw new Error(`${spec.id}: derived ${k}=${String(out[k])} is invalid`);
  }
  return out;
}

function cases(spec: ActivationSpec): Case[] {
  if (spec.kind === 'dimwise') {
    if (spec.fixedDim)
      return spec.fixedDim.ndims.map((n) => ({ label: `${n}-D`, options: {}, shape: [2, 4, 3, 5].slice(4 - n) }));
    const other = nonDefault(spec);
    const k = typeof other.k === 'number' ? other.k : 2;
    return [
      { label: 'defaults', options: {}, shape: [6, 8] },
      { label: JSON.stringify({ ...other, dim: 1 }), options: { ...other, dim: 1 }, shape: [3, 2 * k, 5] },
    ];
  }
  const n = grid().length;
  const shape = [n / CHANNELS, CHANNELS];
  const list: Case[] = [{ label: 'defaults', options: {}, shape }];
  const other = nonDefault(spec);
  if (Object.keys(other).length) list.push({ label: JSON.stringify(other), options: other, shape });
  const learned = learnableParam(spec);
  if (learned) {
    const options =
      (spec.params[learned] as NumberParam).learnable === 'always'
        ? { numParameters: CHANNELS }
        : { learnable: true, numParameters: CHANNELS };
    list.push({ label: `${learned} learned per channel`, options, shape, learned: [0.5, 1.5, 2, -0.25] });
  }
  return list;
}

/** max |onnxruntime − actlab| per activation, over every case and opset (printed at the end). */
const report = new Map<string, number>();

describe('every registry activation through onnxruntime-node', () => {
  for (const spec of activations) {
    for (const c of cases(spec)) {
      it(`${spec.id} ${c.label} at opsets ${OPSETS.join(', ')}`, async () => {
        const Module = activationModule(spec);
        const m = new Module(c.options as never);
        m.eval();
        if (c.learned) {
          const p = (m as unknown as Record<string, Parameter>)[learnableParam(spec)!]!;
          expect(p).toBeInstanceOf(Parameter);
          p.data.set(c.learned);
        }
        const x = spec.kind === 'dimwise' ? randomInput(c.shape, c.shape.length) : grid();
        const want = m.forward(tensor(Array.from(x), { shape: c.shape }));
        // The terms an ONNX graph combines are |x|-sized and O(1) (1 + erf, eˣ − 1, a slice's max).
        const scale = (i: number): number =>
          spec.kind === 'dimwise' ? Math.max(1, ...Array.from(x, Math.abs)) : Math.max(1, Math.abs(x[i % x.length]!));
        for (const opset of OPSETS) {
          const bytes = toOnnx(m, { inputShape: [-1, ...c.shape.slice(1)], opset });
          const got = await runOnnx(bytes, x, c.shape);
          expect(got.dims, `opset ${opset}`).toEqual(want.shape);
          const bad: string[] = [];
          for (let i = 0; i < got.data.length; i++) {
            const w = want.data[i]!;
            if (!withinRule(got.data[i]!, w, scale(i))) bad.push(`[${i}] onnx ${got.data[i]} vs actlab ${w}`);
          }
          expect(bad.slice(0, 5), `opset ${opset}: ${bad.length} values off`).toEqual([]);
          report.set(spec.id, Math.max(report.get(spec.id) ?? 0, maxAbsDiff(got.data, want.data)));
        }
      });
    }
  }
  afterAll(() => {
    console.log(
      `max |onnxruntime − actlab| per activation: ${[...report].map(([id, d]) => `${id} ${d.toExponential(1)}`).join(', ')}`,
    );
  });
});
