/**
 * The export cases shared by the onnxruntime tests and the ONNX checker test: per registry
 * activation (defaults, a non-default parameter set derived from the spec, its learnable parameter
 * per channel), and one model per layer configuration.
 */
import { activationModule, nn, tensor } from '../../../src/index.js';
import type { ActivationSpec } from '../../../src/index.js';
import { learnableParam } from '../../../src/activations/define.js';
import { isChoiceParam, paramProblem, type NumberParam } from '../../../src/activations/params.js';
import { Generator } from '../../../src/tensor/random.js';
import { Parameter } from '../../../src/nn/parameter.js';
import type { AnyModule, Module } from '../../../src/nn/module.js';

export const CHANNELS = 4;

/** A dense grid of [−20, 20] and magnitudes 1e−30..1e30 of both signs, padded to a multiple of CHANNELS. */
export function grid(): Float32Array {
  const pts: number[] = [];
  for (let i = 0; i <= 4000; i++) pts.push(-20 + i / 100);
  for (let e = -30; e <= 30; e += 0.25) pts.push(10 ** e, -(10 ** e));
  while (pts.length % CHANNELS) pts.push(0);
  return Float32Array.from(pts);
}

/** Seeded uniform values in [−range, range]. */
export function randomInput(shape: readonly number[], seed: number, range = 10): Float32Array {
  const g = new Generator(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => g.uniform(-range, range));
}

export interface ActivationCase {
  label: string;
  /** The module (eval mode), its learned parameter set per channel where the case learns it. */
  module: AnyModule;
  /** Input shape, batch first. */
  shape: number[];
}

/**
 * One non-default value per parameter, from its spec alone: the next choice; k + 1 for an integer;
 * 1.5× the default (0.5 for a default of 0) for a number. `dim` is moved by the case's shape.
 */
export function nonDefaultParams(spec: ActivationSpec): Record<string, unknown> {
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

function build(spec: ActivationSpec, options: Record<string, unknown>, learned?: readonly number[]): AnyModule {
  const m = new (activationModule(spec))(options as never) as unknown as AnyModule;
  m.train(false);
  if (learned) {
    const p = (m as unknown as Record<string, unknown>)[learnableParam(spec)!];
    if (!(p instanceof Parameter)) throw new Error(`${spec.id}: expected a learned parameter`);
    p.data.set(learned);
  }
  return m;
}

/** The cases of one activation. */
export function activationCases(spec: ActivationSpec): ActivationCase[] {
  if (spec.kind === 'dimwise') {
    if (spec.fixedDim)
      return spec.fixedDim.ndims.map((n) => ({
        label: `${n}-D`,
        module: build(spec, {}),
        shape: [2, 4, 3, 5].slice(4 - n),
      }));
    const other = nonDefaultParams(spec);
    const k = typeof other.k === 'number' ? other.k : 2;
    return [
      { label: 'defaults', module: build(spec, {}), shape: [6, 8] },
      { label: JSON.stringify({ ...other, dim: 1 }), module: build(spec, { ...other, dim: 1 }), shape: [3, 2 * k, 5] },
    ];
  }
  const shape = [grid().length / CHANNELS, CHANNELS];
  const list: ActivationCase[] = [{ label: 'defaults', module: build(spec, {}), shape }];
  const other = nonDefaultParams(spec);
  if (Object.keys(other).length) list.push({ label: JSON.stringify(other), module: build(spec, other), shape });
  const learned = learnableParam(spec);
  if (learned) {
    const param = spec.params[learned] as NumberParam;
    const options =
      param.learnable === 'always' ? { numParameters: CHANNELS } : { learnable: true, numParameters: CHANNELS };
    // One negative value where the parameter's range allows it (a PReLU slope), else a small positive one (β > 0).
    const values = [0.5, 1.5, 2, paramProblem(param, -0.25) ? 0.25 : -0.25];
    list.push({ label: `${learned} learned per channel`, module: build(spec, options, values), shape });
  }
  return list;
}

/** Gives BatchNorm layers non-trivial running statistics and the affine parameters non-trivial values. */
function warmUp(model: AnyModule, shape: readonly number[]): AnyModule {
  model.train(true);
  for (let i = 0; i < 3; i++)
    (model as unknown as Module).forward(
      tensor(
        Array.from(randomInput(shape, 10 + i, 2), (v) => v + 0.5),
        { shape: [...shape] },
      ),
    );
  for (const [name, p] of model.namedParameters()) if (p.ndim === 1) p.data.set(randomInput(p.shape, name.length, 2));
  model.train(false);
  return model;
}

export interface LayerCase {
  what: string;
  model: AnyModule;
  shape: number[];
}

/** Models covering every exportable layer and its options, by family. */
export function layerCases(): Record<string, LayerCase[]> {
  const image = [2, 2, 9, 8];
  const pool = [2, 3, 9, 8];
  return {
    linear: [
      {
        what: 'Linear, Dropout, nested Sequential, no bias',
        model: new nn.Sequential(
          new nn.Linear(6, 5),
          new nn.Dropout(0.3),
          new nn.Sequential(new nn.Tanh(), new nn.Linear(5, 4, { bias: false })),
        ),
        shape: [7, 6],
      },
      {
        what: 'Linear on 3-D input (MatMul)',
        model: new nn.Sequential(new nn.Linear(6, 5), new nn.ReLU(), new nn.Linear(5, 2)),
        shape: [2, 3, 6],
      },
    ],
    conv: [
      { what: 'padding 1', model: new nn.Conv2d(2, 3, 3, { padding: 1 }), shape: image },
      { what: 'same, 3×3, dilation 2', model: new nn.Conv2d(2, 3, 3, { padding: 'same', dilation: 2 }), shape: image },
      { what: 'same, 2×4 (odd total)', model: new nn.Conv2d(2, 3, [2, 4], { padding: 'same' }), shape: image },
      {
        what: 'valid, stride 2, no bias',
        model: new nn.Conv2d(2, 3, 3, { padding: 'valid', stride: 2, bias: false }),
        shape: image,
      },
      {
        what: 'padding [1, 2], stride [2, 1], dilation [1, 2]',
        model: new nn.Conv2d(2, 4, [3, 2], { padding: [1, 2], stride: [2, 1], dilation: [1, 2] }),
        shape: image,
      },
    ],
    pool: [
      { what: 'max 2', model: new nn.MaxPool2d(2), shape: pool },
      {
        what: 'max 3 stride 2 padding 1 ceil',
        model: new nn.MaxPool2d(3, { stride: 2, padding: 1, ceilMode: true }),
        shape: pool,
      },
      { what: 'max 2 dilation 2', model: new nn.MaxPool2d(2, { dilation: 2, stride: 1 }), shape: pool },
      { what: 'avg 2', model: new nn.AvgPool2d(2), shape: pool },
      {
        what: 'avg 3 stride 2 padding 1 (count pad)',
        model: new nn.AvgPool2d(3, { stride: 2, padding: 1 }),
        shape: pool,
      },
      {
        what: 'avg 3 stride 2 padding 1 (without pad)',
        model: new nn.AvgPool2d(3, { stride: 2, padding: 1, countIncludePad: false }),
        shape: pool,
      },
      {
        what: 'avg 3 stride 2 ceil (count pad)',
        model: new nn.AvgPool2d(3, { stride: 2, ceilMode: true }),
        shape: pool,
      },
      {
        what: 'avg 3 stride 2 padding 1 ceil (without pad)',
        model: new nn.AvgPool2d(3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }),
        shape: pool,
      },
      {
        what: 'avg 2 padding 1 divisorOverride 3',
        model: new nn.AvgPool2d(2, { padding: 1, divisorOverride: 3 }),
        shape: pool,
      },
    ],
    flatten: [
      { what: 'flatten 1..-1', model: new nn.Flatten(), shape: [2, 3, 4, 5] },
      { what: 'flatten 1..2', model: new nn.Flatten(1, 2), shape: [2, 3, 4, 5] },
      { what: 'flatten 2..3', model: new nn.Flatten(2, 3), shape: [2, 3, 4, 5] },
      { what: 'flatten 3..3', model: new nn.Sequential(new nn.Flatten(3, 3), new nn.ReLU()), shape: [2, 3, 4, 5] },
    ],
    batchnorm: [
      {
        what: 'bn1d [N, C]',
        model: warmUp(new nn.Sequential(new nn.Linear(4, 6), new nn.BatchNorm1d(6)), [8, 4]),
        shape: [8, 4],
      },
      {
        what: 'bn1d [N, C, L] without affine',
        model: warmUp(new nn.BatchNorm1d(3, { affine: false }), [4, 3, 5]),
        shape: [4, 3, 5],
      },
      {
        what: 'bn2d eps 1e-3',
        model: warmUp(new nn.Sequential(new nn.Conv2d(2, 3, 3), new nn.BatchNorm2d(3, { eps: 1e-3 })), [4, 2, 6, 6]),
        shape: [4, 2, 6, 6],
      },
      {
        what: 'bn2d without running stats',
        model: warmUp(new nn.BatchNorm2d(3, { trackRunningStats: false }), [4, 3, 5, 5]),
        shape: [4, 3, 5, 5],
      },
    ],
    cnn: [
      {
        what: 'CNN: BatchNorm, PReLU per channel, AvgPool, Softmax2d',
        model: warmUp(
          new nn.Sequential(
            new nn.Conv2d(1, 4, 3, { padding: 1 }),
            new nn.BatchNorm2d(4),
            new nn.PReLU({ numParameters: 4 }),
            new nn.AvgPool2d(2),
            new nn.Softmax2d(),
            new nn.Flatten(),
            new nn.Linear(4 * 4 * 4, 3),
          ),
          [5, 1, 8, 8],
        ),
        shape: [5, 1, 8, 8],
      },
    ],
  };
}
