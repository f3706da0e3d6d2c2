/**
 * What toOnnx writes, read back from the bytes: the header (IR version, opset, producer), the
 * dynamic batch dim, initializer names from the state dict, the op chosen per opset (native or
 * decomposed) with torch's attribute traps, the leading standardisation, and the errors for models
 * and options that cannot be exported.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { activationModule, defineActivation, manualSeed, nn, registerActivation } from '../../../src/index.js';
import type { Tensor } from '../../../src/index.js';
import { Module } from '../../../src/nn/module.js';
import {
  MAX_OPSET,
  OnnxExportError,
  registerOnnxExporter,
  toOnnx,
  type OnnxModuleExporter,
} from '../../../src/io/onnx/index.js';
import { saveOnnx } from '../../../src/io/node/index.js';
import { irVersionFor } from '../../../src/io/onnx/graph.js';
import { decodeModelProto } from '../../../src/io/onnx/proto.js';
import { runOnnx } from './ort.js';

interface Attr {
  name: string;
  f?: number;
  i?: number;
  s?: number[];
  ints?: number[];
}
interface Node {
  opType: string;
  input: string[];
  output: string[];
  attribute?: Attr[];
}
interface Graph {
  node: Node[];
  initializer: { name: string; dims: number[] }[];
  input: { name: string; type: { tensorType: { shape: { dim: { dimValue?: number; dimParam?: string }[] } } } }[];
  output: { name: string; type: { tensorType: { shape: { dim: { dimValue?: number; dimParam?: string }[] } } } }[];
}

function decode(bytes: Uint8Array): {
  graph: Graph;
  irVersion: number;
  opsetImport: { domain: string; version: number }[];
  producerName: string;
} {
  return decodeModelProto(bytes) as never;
}
const ops = (bytes: Uint8Array): string[] => decode(bytes).graph.node.map((n) => n.opType);
const attr = (n: Node, name: string): Attr | undefined => n.attribute?.find((a) => a.name === name);
const dims = (v: Graph['input'][number]): (number | string)[] =>
  v.type.tensorType.shape.dim.map((d) => d.dimParam ?? d.dimValue!);

/** The op types an activation is written as at `opset`. */
function activationOps(id: string, opset: number, options: Record<string, unknown> = {}): string[] {
  const Act = activationModule(id);
  return ops(toOnnx(new Act(options as never), { inputShape: [-1, 8], opset }));
}

describe('toOnnx: the file', () => {
  it('declares the opset, the IR version ONNX released it with, a dynamic batch dim and state-dict names', () => {
    manualSeed(0);
    const model = new nn.Sequential(new nn.Linear(4, 3), new nn.ReLU(), new nn.Linear(3, 2));
    for (const opset of [13, 17, 20, 23, MAX_OPSET]) {
      const m = decode(toOnnx(model, { inputShape: [-1, 4], opset }));
      expect(m.opsetImport).toEqual([{ domain: '', version: opset }]);
      expect(m.irVersion).toBe(irVersionFor(opset));
      expect(m.producerName).toBe('actlab');
    }
    expect([13, 17, 18, 19, 21, 23, 24, 26].map(irVersionFor)).toEqual([8, 8, 8, 9, 10, 11, 12, 13]);
    const { graph } = decode(toOnnx(model, { inputShape: [-1, 4], inputName: 'x', outputName: 'logits' }));
    expect(graph.initializer.map((t) => [t.name, t.dims])).toEqual([
      ['0.weight', [3, 4]],
      ['0.bias', [3]],
      ['2.weight', [2, 3]],
      ['2.bias', [2]],
    ]);
    expect(graph.node.map((n) => n.opType)).toEqual(['Gemm', 'Relu', 'Gemm']);
    expect([graph.input[0]!.name, dims(graph.input[0]!)]).toEqual(['x', ['N', 4]]);
    expect([graph.output[0]!.name, dims(graph.output[0]!)]).toEqual(['logits', ['N', 2]]);
    const named = decode(toOnnx(model, { inputShape: ['batch', 4] })).graph;
    expect(dims(named.input[0]!)).toEqual(['batch', 4]);
  });

  it('puts the standardisation in front: per feature, or one value for all', async () => {
    const model = new nn.Sequential(new nn.Identity());
    const perFeature = toOnnx(model, { inputShape: [-1, 3], standardize: { shift: [1, 2, 3], scale: [2, 4, 8] } });
    expect(ops(perFeature)).toEqual(['Sub', 'Div', 'Identity']);
    expect((await runOnnx(perFeature, Float32Array.from([3, 6, 11, 1, 2, 3]), [2, 3])).data).toEqual(
      Float32Array.from([1, 1, 1, 0, 0, 0]),
    );
    const images = toOnnx(model, { inputShape: [-1, 1, 2, 2], standardize: { shift: [0.5], scale: [0.25] } });
    expect((await runOnnx(images, Float32Array.from([0.5, 0.75, 1, 0]), [1, 1, 2, 2])).data).toEqual(
      Float32Array.from([0, 1, 2, -2]),
    );
  });

  it('a model that is only a Dropout still has a node producing the output', async () => {
    const bytes = toOnnx(new nn.Dropout(0.5), { inputShape: [-1, 2] });
    expect(ops(bytes)).toEqual(['Identity']);
    expect((await runOnnx(bytes, Float32Array.from([1, -2]), [1, 2])).data).toEqual(Float32Array.from([1, -2]));
  });

  it('io.saveOnnx writes the same bytes to a file (creating its folder) and returns the size', () => {
    const dir = mkdtempSync(join(tmpdir(), 'actlab-onnx-'));
    try {
      const model = new nn.Sequential(new nn.Linear(2, 2));
      const path = join(dir, 'sub', 'm.onnx');
      const size = saveOnnx(path, model, { inputShape: [-1, 2] });
      expect(readFileSync(path)).toEqual(Buffer.from(toOnnx(model, { inputShape: [-1, 2] })));
      expect(size).toBe(readFileSync(path).length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('toOnnx: activations per opset', () => {
  it('uses a native op from the opset that has it, the exact decomposition below', () => {
    expect(activationOps('gelu', 17)).toEqual(['Mul', 'Div', 'Erf', 'Add', 'Mul']);
    expect(activationOps('gelu', 20)).toEqual(['Gelu']);
    expect(activationOps('gelu', 17, { approximate: 'tanh' })).toContain('Tanh');
    expect(activationOps('hardswish', 13)).toEqual(['HardSigmoid', 'Mul']);
    expect(activationOps('hardswish', 14)).toEqual(['HardSwish']);
    expect(activationOps('mish', 17)).toEqual(['Softplus', 'Tanh', 'Mul']);
    expect(activationOps('mish', 18)).toEqual(['Mish']);
    expect(activationOps('celu', 13)).toEqual(['Celu']);
    expect(activationOps('silu', 17)).toEqual(['Sigmoid', 'Mul']);
    expect(activationOps('silu', 24)).toEqual(['Swish']);
    // onnxruntime 1.30 has no Swish implementation in opset-25/26 models.
    expect(activationOps('silu', MAX_OPSET)).toEqual(['Sigmoid', 'Mul']);
    expect(activationOps('swiglu', 17)).toEqual(['Split', 'Sigmoid', 'Mul', 'Mul']);
    expect(activationOps('geglu', 20)).toEqual(['Split', 'Gelu', 'Mul']);
  });

  it("avoids torch's traps: HardSigmoid's slope, Shrink's bias, Softplus' threshold, Softmin, RReLU in eval", () => {
    const node = (id: string, options: Record<string, unknown> = {}): Node[] =>
      decode(toOnnx(new (activationModule(id))(options as never), { inputShape: [-1, 8] })).graph.node;
    expect(attr(node('hardsigmoid')[0]!, 'alpha')!.f).toBeCloseTo(1 / 6, 7);
    expect([
      attr(node('softshrink', { lambd: 0.3 })[0]!, 'bias')!.f,
      attr(node('hardshrink')[0]!, 'bias')?.f ?? 0,
    ]).toEqual([Math.fround(0.3), 0]);
    expect(node('softplus').map((n) => n.opType)).toEqual(['Softplus', 'Greater', 'Where']);
    expect(node('softplus', { threshold: Infinity }).map((n) => n.opType)).toEqual(['Softplus']);
    expect(node('softmin').map((n) => n.opType)).toEqual(['Neg', 'Softmax']);
    const rrelu = node('rrelu', { lower: 0.1, upper: 0.3 });
    expect([rrelu[0]!.opType, attr(rrelu[0]!, 'alpha')!.f]).toEqual(['LeakyRelu', Math.fround(0.2)]);
  });

  it('writes a learned parameter as an initializer shaped to broadcast over the channels', () => {
    const prelu = new nn.PReLU({ numParameters: 3 });
    const { graph } = decode(toOnnx(new nn.Sequential(new nn.Conv2d(1, 3, 1), prelu), { inputShape: [-1, 1, 4, 4] }));
    expect(graph.initializer.find((t) => t.name === '1.weight')!.dims).toEqual([3, 1, 1]);
    const swish = new nn.Swish({ learnable: true });
    expect(decode(toOnnx(swish, { inputShape: [-1, 5] })).graph.initializer[0]!.dims).toEqual([1]);
  });
});

describe('toOnnx: errors', () => {
  class Doubler extends Module {
    forward(x: Tensor): Tensor {
      return x.mul(2);
    }
  }

  it('names the module that cannot be exported, and the ones that can', () => {
    const model = new nn.Sequential(new nn.Linear(2, 2), new nn.Sequential(new nn.ReLU(), new Doubler()));
    expect(() => toOnnx(model, { inputShape: [-1, 2] })).toThrow(OnnxExportError);
    expect(() => toOnnx(model, { inputShape: [-1, 2] })).toThrow(
      /^toOnnx: model\[1\]\[1\] \(Doubler\) cannot be exported: no ONNX exporter for Doubler \(exportable: Sequential, Linear, Conv2d, MaxPool2d, AvgPool2d, Flatten, Dropout, BatchNorm1d, BatchNorm2d, Activation\); register one with io\.registerOnnxExporter$/,
    );
  });

  it('a custom activation without an ONNX form is an error naming it', () => {
    const bent = registerActivation(
      defineActivation({
        id: 'bent_identity_onnx_test',
        f: (x) => (Math.sqrt(x * x + 1) - 1) / 2 + x,
        df: (x) => x / (2 * Math.sqrt(x * x + 1)) + 1,
      }),
    );
    const model = new nn.Sequential(new nn.Linear(2, 2), new (activationModule(bent))());
    expect(() => toOnnx(model, { inputShape: [-1, 2] })).toThrow(
      /^toOnnx: model\[1\] \(BentIdentityOnnxTest\) cannot be exported: activation 'bent_identity_onnx_test' has no ONNX form/,
    );
  });

  it('a registered exporter makes a module type exportable', async () => {
    const doubler: OnnxModuleExporter<Doubler> = {
      type: 'Doubler',
      matches: (m) => m instanceof Doubler,
      export: (_m, x, ctx) => ctx.g.op('Mul', [x, ctx.g.constant(2)]),
    };
    registerOnnxExporter(doubler);
    expect(() => registerOnnxExporter(doubler)).toThrow(/already registered/);
    const bytes = toOnnx(new nn.Sequential(new Doubler(), new nn.ReLU()), { inputShape: [-1, 2] });
    expect((await runOnnx(bytes, Float32Array.from([1.5, -1]), [1, 2])).data).toEqual(Float32Array.from([3, 0]));
  });

  it('rejects bad options with what is allowed', () => {
    const m = new nn.Linear(2, 2);
    expect(() => toOnnx(m, { inputShape: [-1, 2], opset: 12 })).toThrow(
      /^toOnnx: opset 12 is not supported \(expected an integer 13\.\.26; 26 is the newest onnxruntime-node 1\.30 runs\)$/,
    );
    expect(() => toOnnx(m, { inputShape: [] })).toThrow(/inputShape must be a non-empty array/);
    expect(() => toOnnx(m, { inputShape: [-1, 0] })).toThrow(
      /inputShape\[1\] is 0; each dim must be a positive integer/,
    );
    expect(() => toOnnx(m, { inputShape: [-1, 3] })).toThrow(
      /model \(Linear\) cannot be exported: expected 2 features in the last dim, got shape \[N, 3\]/,
    );
    expect(() => toOnnx(m, { inputShape: [-1, 2], standardize: { shift: [0, 0, 0], scale: [1, 1, 1] } })).toThrow(
      /standardize has 3 values; expected 1 or one per feature of a sample \(2\)/,
    );
    expect(() => toOnnx(m, { inputShape: [-1, 2], standardize: { shift: [0], scale: [0] } })).toThrow(
      /scales non-zero/,
    );
    expect(() => toOnnx(new nn.Conv2d(1, 1, 3), { inputShape: [1, 5, 5] })).toThrow(
      /\(Conv2d\) cannot be exported: expected input \[N, 1, H, W\], got shape \[1, 5, 5\]/,
    );
    expect(() =>
      toOnnx(new nn.AvgPool2d(2, { ceilMode: true, divisorOverride: 3 }), { inputShape: [1, 1, 5, 5] }),
    ).toThrow(/divisorOverride with ceilMode has no ONNX form/);
    expect(() => toOnnx(new nn.GLU(), { inputShape: [-1, 3] })).toThrow(
      /^toOnnx: model \(GLU\): glu: dim -1 has odd size 3; it must be even to split into halves a and b$/,
    );
    expect(() => toOnnx(new nn.Softmax({ dim: 2 }), { inputShape: [-1, 3] })).toThrow(
      /^toOnnx: model \(Softmax\): softmax: dim 2 is out of range for a tensor of 2 dimensions \(expected -2\.\.1\)$/,
    );
  });
});
