/**
 * Every registry activation, exported alone and run by onnxruntime-node, against actlab's own
 * float32 forward: at its defaults, at one non-default parameter set (derived from the spec, so a
 * new activation is covered by being registered), and with its learnable parameter learned per
 * channel where it has one — at opset 17 (the default), 24 (native Swish) and the newest opset
 * onnxruntime-node runs. Elementwise ones on a dense grid of [−20, 20] and magnitudes 1e−30..1e30
 * of both signs; dim-wise ones on seeded random slices.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { activationModule, activations, defineActivation, nn, tensor } from '../../../src/index.js';
import type { Module } from '../../../src/nn/module.js';
import { MAX_OPSET, toOnnx } from '../../../src/io/onnx/index.js';
import { activationCases, grid, randomInput } from './cases.js';
import { maxAbsDiff, runOnnx, withinRule } from './ort.js';

const OPSETS = [17, 24, MAX_OPSET];

/** max |onnxruntime − actlab| per activation, over every case and opset (printed at the end). */
const report = new Map<string, number>();

describe('every registry activation through onnxruntime-node', () => {
  for (const spec of activations) {
    for (const c of activationCases(spec)) {
      it(`${spec.id} ${c.label} at opsets ${OPSETS.join(', ')}`, async () => {
        const x = spec.kind === 'dimwise' ? randomInput(c.shape, c.shape.length) : grid();
        const want = (c.module as unknown as Module).forward(tensor(Array.from(x), { shape: c.shape }));
        // The terms an ONNX graph combines are |x|-sized and O(1) (1 + erf, eˣ − 1, a slice's max).
        const largest = Math.max(1, ...Array.from(x, Math.abs));
        const scale = (i: number): number => (spec.kind === 'dimwise' ? largest : Math.max(1, Math.abs(x[i]!)));
        for (const opset of OPSETS) {
          const bytes = toOnnx(c.module, { inputShape: [-1, ...c.shape.slice(1)], opset });
          const got = await runOnnx(bytes, x, c.shape);
          expect(got.dims, `opset ${opset}`).toEqual(want.shape);
          const bad: string[] = [];
          for (let i = 0; i < got.data.length; i++) {
            const w = want.data[i]!;
            if (!withinRule(got.data[i]!, w, scale(i)))
              bad.push(`[${i}] x ${x[i]}: onnx ${got.data[i]} vs actlab ${w}`);
          }
          expect(bad.slice(0, 5), `opset ${opset}: ${bad.length} values off`).toEqual([]);
          report.set(spec.id, Math.max(report.get(spec.id) ?? 0, maxAbsDiff(got.data, want.data)));
        }
      });
    }
  }
  it("a user's activation exports from its spec's onnx form alone (no exporter code)", async () => {
    // The bent identity of docs/custom-activations.md: x²/(2(√(x² + 1) + 1)) + x, not registered.
    const bent = defineActivation({
      id: 'bent_identity_onnx_form',
      f: (v) => (v * v) / (2 * (Math.sqrt(v * v + 1) + 1)) + v,
      df: (v) => v / (2 * Math.sqrt(v * v + 1)) + 1,
      onnx: (g, v) => {
        const sq = g.op('Mul', [v, v]);
        const root = g.op('Sqrt', [g.op('Add', [sq, g.constant(1)])]);
        const den = g.op('Mul', [g.op('Add', [root, g.constant(1)]), g.constant(2)]);
        return g.op('Add', [g.op('Div', [sq, den]), v]);
      },
    });
    const model = new nn.Sequential(new (activationModule(bent))());
    const x = Float32Array.from([-1e3, -3, -0.5, -1e-4, 0, 1e-4, 0.5, 3, 1e3]);
    const want = (model as unknown as Module).forward(tensor(Array.from(x), { shape: [1, x.length] }));
    const got = await runOnnx(toOnnx(model, { inputShape: [-1, x.length] }), x, [1, x.length]);
    x.forEach((v, i) => expect(withinRule(got.data[i]!, want.data[i]!, Math.max(1, Math.abs(v))), `x ${v}`).toBe(true));
  });

  afterAll(() => {
    console.log(
      `max |onnxruntime − actlab| per activation: ${[...report].map(([id, d]) => `${id} ${d.toExponential(1)}`).join(', ')}`,
    );
  });
});
