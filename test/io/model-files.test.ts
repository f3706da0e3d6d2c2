/**
 * Model files: model.json + model.safetensors round-trip every serialisable module kind and every
 * registry activation (with its parameter values and learned tensors), and every way a model file
 * can be wrong is an error naming where.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { activations } from '../../src/activations/registry.js';
import { activationModule } from '../../src/nn/activation.js';
import type { ActivationSpec } from '../../src/activations/define.js';
import { isChoiceParam, type NumberParam } from '../../src/activations/params.js';
import * as nn from '../../src/nn/index.js';
import { Module, type AnyModule } from '../../src/nn/module.js';
import { Parameter } from '../../src/nn/parameter.js';
import { noGrad } from '../../src/autograd/grad-mode.js';
import { randn, tensor } from '../../src/tensor/create.js';
import { Generator, manualSeed } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { fromJsonText, toJsonText } from '../../src/io/json.js';
import { decodeModel, encodeModel, modelFromJson, modelToJson } from '../../src/io/model-json.js';
import { loadModel, modelDirProblem, readModelJson, saveModel } from '../../src/io/node/model-file.js';
import { ModelFileError, moduleKinds, registerModuleKind, type ModuleJson } from '../../src/io/module-kinds.js';
import { writeFileAtomic } from '../../src/io/node/atomic-file.js';
import { tempDir } from '../experiments/helpers.js';

const tmp = tempDir('actlab-model-files-');
/** A registry activation module as a layer. */
const act = (id: string, options: object = {}): nn.Layer =>
  new (activationModule(id))(options as never) as unknown as nn.Layer;
afterAll(tmp.cleanup);

/** Bitwise equality of two state dicts (names, shapes, dtypes, values; NaN equal to NaN). */
function expectSameState(a: AnyModule, b: AnyModule): void {
  const sa = a.stateDict();
  const sb = b.stateDict();
  expect(Object.keys(sb)).toEqual(Object.keys(sa));
  for (const k of Object.keys(sa)) {
    expect([sb[k]!.dtype, sb[k]!.shape], k).toEqual([sa[k]!.dtype, sa[k]!.shape]);
    expect(Array.from(sb[k]!.data), k).toEqual(Array.from(sa[k]!.data));
  }
}

/** Same output, bit for bit, in eval mode. */
function expectSameForward(a: AnyModule, b: AnyModule, x: Tensor): void {
  a.eval();
  b.eval();
  const [ya, yb] = noGrad(() => [(a as nn.Sequential).forward(x), (b as nn.Sequential).forward(x)]);
  expect(Array.from(yb!.data)).toEqual(Array.from(ya!.data));
}

/** Every module type of the file in a JSON tree. */
function typesIn(json: ModuleJson, out = new Set<string>()): Set<string> {
  out.add(json.type);
  for (const v of Object.values(json)) {
    if (Array.isArray(v))
      for (const c of v) if (c && typeof c === 'object' && 'type' in c) typesIn(c as ModuleJson, out);
  }
  return out;
}

/** The shape every activation is tried on; dim-wise ones normalise along dim −1 or −2 (sizes 6 and 4, both even). */
const X = randn([2, 4, 6], { generator: new Generator(5) });
const X4 = randn([2, 4, 3, 3], { generator: new Generator(6) });

/**
 * An instance of the activation with every parameter moved off its default where a valid value
 * exists (±Infinity for parameters that allow it, to cover the non-finite encoding), and its
 * learnable parameter learned with random values, one per channel of dim 1.
 */
function variant(spec: ActivationSpec): AnyModule {
  const Cls = activationModule(spec);
  const input = spec.id === 'softmax2d' ? X4 : X;
  const works = (opts: Record<string, unknown>): boolean => {
    try {
      const m = new Cls(opts as never) as unknown as AnyModule;
      m.eval();
      noGrad(() => (m as unknown as nn.Sequential).forward(input));
      return true;
    } catch {
      return false;
    }
  };
  const opts: Record<string, unknown> = {};
  for (const [name, ps] of Object.entries(spec.params)) {
    if (isChoiceParam(ps)) {
      const other = ps.choices.find((c) => c !== ps.default);
      if (other !== undefined && works({ ...opts, [name]: other })) opts[name] = other;
      continue;
    }
    const p = ps as NumberParam;
    if (p.learnable === 'always') {
      opts.numParameters = 4;
      continue;
    }
    if (p.learnable === 'optional') {
      Object.assign(opts, { learnable: true, numParameters: 4 });
      continue;
    }
    const candidates = p.integer
      ? [p.default - 1, p.default + 1]
      : [...(p.allowInfinity ? [p.default > 0 ? Infinity : -Infinity] : []), p.default + 0.25, p.default - 0.125];
    const v = candidates.find((c) => works({ ...opts, [name]: c }));
    if (v !== undefined) opts[name] = v;
  }
  const m = new Cls(opts as never) as unknown as AnyModule;
  const g = new Generator(9);
  for (const p of m.parameters()) for (let i = 0; i < p.data.length; i++) p.data[i] = g.uniform(0.1, 0.9);
  return m;
}

describe('model.json + model.safetensors', () => {
  it('round-trip every registry activation: its parameter values, learned tensors and outputs', () => {
    const seen = new Set<string>();
    let learned = 0;
    let nonFinite = 0;
    for (const spec of activations) {
      const m = variant(spec);
      const { json, weights } = encodeModel(m);
      const back = decodeModel(json, weights);
      expect(back.constructor.name, spec.id).toBe(m.constructor.name);
      expect(back.toString(), spec.id).toBe(m.toString());
      expectSameState(m, back);
      expectSameForward(m, back, spec.id === 'softmax2d' ? X4 : X);
      const arch = (fromJsonText(json) as { architecture: ModuleJson }).architecture;
      expect(arch.type).toBe('Activation');
      if (arch.learned) learned++;
      const options = arch.options as Record<string, unknown>;
      const moved = Object.entries(spec.params).some(
        ([k, p]) => k in options && !Object.is(options[k], (p as { default: unknown }).default),
      );
      const tunable = Object.values(spec.params).some((p) => !('learnable' in p && p.learnable));
      if (tunable) expect(moved, `${spec.id}: no parameter moved off its default`).toBe(true);
      if (/\{"\$float"/.test(json.replace(/\s/g, ''))) nonFinite++;
      seen.add(spec.id);
    }
    expect([...seen]).toEqual(activations.map((s) => s.id));
    // The sweep really exercised learned tensors (PReLU weight, Swish β) and non-finite option values.
    expect(learned).toBeGreaterThanOrEqual(2);
    expect(nonFinite).toBeGreaterThanOrEqual(2);
  });

  it('keeps the module name an activation was made under (Swish vs SiLU) and a fixed β', () => {
    const swish = new (activationModule('Swish'))({ beta: 2 } as never) as unknown as AnyModule;
    const json = modelToJson(swish);
    expect(json.architecture).toEqual({ type: 'Activation', id: 'silu', module: 'Swish', options: { beta: 2 } });
    expect(modelFromJson(json).toString()).toBe(swish.toString());
  });

  it('round-trip every module kind, nested Sequentials, float64 layers and BatchNorm running stats', () => {
    manualSeed(0);
    const model = new nn.Sequential(
      new nn.Conv2d(3, 4, 3, { padding: 'same', bias: false }),
      new nn.BatchNorm2d(4, { eps: 1e-3, momentum: null }),
      act('prelu', { numParameters: 4 }),
      new nn.MaxPool2d(2, { stride: 1, padding: 1, ceilMode: true }),
      new nn.Sequential(
        new nn.Conv2d(4, 2, [3, 2], { stride: [2, 1], dilation: [1, 2], padding: [1, 0] }),
        new nn.AvgPool2d(2, { countIncludePad: false, padding: 1 }),
      ),
      new nn.Flatten(1, -1),
      new nn.Dropout(0.3),
      new nn.Linear(18, 5, { bias: false }),
      new nn.BatchNorm1d(5, { affine: false }),
      act('gelu', { approximate: 'tanh' }),
      new nn.Sequential(new nn.Linear(5, 3), new nn.Flatten(0, -1)),
      new nn.SineLayer(12, 2, { w0: 3, isFirst: true }),
      new nn.PositionalEncoding(2, 1, { includeInput: false }),
    );
    const x = randn([4, 3, 6, 6]);
    model.train();
    noGrad(() => model.forward(x)); // moves the BatchNorm running statistics off their init
    const dir = join(tmp.dir, 'all-kinds');
    saveModel(dir, model, { builder: { kind: 'custom' }, input: { shape: [3, 6, 6] }, metadata: { note: 'test' } });
    const back = loadModel(dir);
    expect(back.toString()).toBe(model.toString());
    expectSameState(model, back);
    expectSameForward(model, back, x);
    const json = readModelJson(dir);
    expect(json.builder).toEqual({ kind: 'custom' });
    expect(json.metadata).toEqual({ note: 'test' });
    // Every kind the library registers appears in this model: a new kind needs a place here.
    expect([...typesIn(json.architecture)].sort()).toEqual(moduleKinds.kinds.map((k) => k.type).sort());

    const f64 = new nn.Sequential(new nn.Linear(3, 2, { dtype: 'float64' }), act('tanh'));
    const f64back = decodeModel(encodeModel(f64).json, encodeModel(f64).weights);
    expect(f64back.parameters().map((p) => p.dtype)).toEqual(['float64', 'float64']);
    expectSameState(f64, f64back);
  });

  it('takes module kinds registered later (a SIREN layer, say) and names the unregistered ones', () => {
    class Scale extends Module {
      factor = new Parameter(tensor([2]));
      constructor(readonly note: string) {
        super();
      }
      forward(x: Tensor): Tensor {
        return x.mul(this.factor);
      }
    }
    const model = new nn.Sequential(new nn.Linear(2, 2), new Scale('hello') as unknown as nn.Layer);
    expect(() => modelToJson(model)).toThrow(
      /architecture\.layers\[1\]: Scale is not a serialisable module kind \(known: Sequential, Linear, .*\); register it with io\.registerModuleKind/,
    );
    const kind = registerModuleKind<Scale>({
      type: 'Scale',
      matches: (m) => m instanceof Scale,
      toJson: (m) => ({ note: m.note }),
      fromJson: (f) => new Scale(String(f.note)),
    });
    try {
      model.at(1).parameters()[0]!.data[0] = 3;
      const { json, weights } = encodeModel(model);
      const back = decodeModel(json, weights) as nn.Sequential;
      expect((back.at(1) as unknown as Scale).note).toBe('hello');
      expectSameForward(model, back, randn([3, 2]));
      expect(() => registerModuleKind(kind)).toThrow(/a module kind 'Scale' is already registered/);
    } finally {
      moduleKinds.kinds.splice(moduleKinds.kinds.indexOf(kind as never), 1);
    }
  });
});

describe('bad model files', () => {
  const good = modelToJson(new nn.Sequential(new nn.Linear(2, 3), act('relu'), new nn.Linear(3, 1)));
  const withLayer = (i: number, layer: unknown) => {
    const j = structuredClone(good) as unknown as { architecture: { layers: unknown[] } };
    j.architecture.layers[i] = layer;
    return j as unknown as typeof good;
  };

  it('name the file, the place in the architecture, the field, the bad value and what is allowed', () => {
    expect(() => modelFromJson('{"format": "actlab-model"')).toThrow(ModelFileError);
    expect(() => modelFromJson('{"format": "actlab-model"')).toThrow(/model\.json: not valid JSON/);
    expect(() => modelFromJson({ ...good, format: 'keras' as never })).toThrow(
      /model\.json: not an actlab model file \(expected "format": "actlab-model"\)/,
    );
    expect(() => modelFromJson({ ...good, version: 9 })).toThrow(/model format version 9; this actlab reads version 1/);
    expect(() => modelFromJson(withLayer(1, { type: 'Swirl' }))).toThrow(
      /model\.json: architecture\.layers\[1\]: unknown module type 'Swirl' \(known: Sequential, Linear/,
    );
    expect(() => modelFromJson(withLayer(0, { type: 'Linear', inFeatures: 2.5, outFeatures: 3, bias: true }))).toThrow(
      /architecture\.layers\[0\] \(Linear\): 'inFeatures' must be an integer, got 2\.5/,
    );
    expect(() => modelFromJson(withLayer(0, { type: 'Linear', inFeatures: 0, outFeatures: 3, bias: true }))).toThrow(
      /architecture\.layers\[0\] \(Linear\): Linear: inFeatures must be a positive integer, got 0/,
    );
    expect(() =>
      modelFromJson(withLayer(0, { type: 'Linear', inFeatures: 2, outFeatures: 3, bias: true, dtype: 'int8' })),
    ).toThrow(/'dtype' must be 'float32' or 'float64', got "int8"/);
    expect(() => modelFromJson(withLayer(1, { type: 'Activation', id: 'bent', module: 'Bent', options: {} }))).toThrow(
      /architecture\.layers\[1\] \(Activation\): activation 'Bent' is not registered .*; register a custom activation \(registerActivation\) before loading/,
    );
    expect(() => modelFromJson(withLayer(1, { type: 'Activation', id: 'elu', options: { alpha: 'big' } }))).toThrow(
      /architecture\.layers\[1\] \(Activation\): .*alpha/,
    );
    expect(() => modelFromJson(withLayer(1, 'relu'))).toThrow(
      /expected a module object with a string 'type', got "relu"/,
    );
  });

  it('weights that do not fit the architecture name the key', () => {
    const m = new nn.Sequential(new nn.Linear(2, 3), act('relu'), new nn.Linear(3, 1));
    const other = encodeModel(new nn.Sequential(new nn.Linear(2, 4), act('relu'), new nn.Linear(4, 1))).weights;
    expect(() => decodeModel(encodeModel(m).json, other)).toThrow(
      /model\.safetensors does not match model\.json: loadStateDict: 0\.weight has shape \[4, 2\] in the state dict, but \[3, 2\] in the model/,
    );
    const fewer = encodeModel(new nn.Sequential(new nn.Linear(2, 3))).weights;
    expect(() => decodeModel(encodeModel(m).json, fewer)).toThrow(/missing keys 2\.weight, 2\.bias/);
  });

  it('a folder without model.json says what it has and what a model folder holds', () => {
    const broken = join(tmp.dir, 'broken-json');
    saveModel(broken, new nn.Sequential(new nn.Linear(2, 1)));
    writeFileSync(join(broken, 'model.json'), '');
    expect(() => loadModel(broken)).toThrow(/broken-json\/model\.json: not valid JSON/);
    const weightsOnly = join(tmp.dir, 'weights-only');
    saveModel(weightsOnly, new nn.Sequential(new nn.Linear(2, 1)));
    rmSync(join(weightsOnly, 'model.json'));
    expect(modelDirProblem(weightsOnly)).toMatch(
      /weights-only has model\.safetensors but no model\.json \(weights without the architecture, as older actlab versions wrote\)/,
    );
    expect(modelDirProblem(join(tmp.dir, 'nope'))).toMatch(/nope does not exist/);
    expect(() => loadModel(tmp.dir)).toThrow(
      /has no model\.json; a model folder holds model\.json and model\.safetensors/,
    );
  });
});

describe('JSON with non-finite numbers and atomic writes', () => {
  it('writes ±Infinity and NaN as tagged values and reads them back; finite doubles exactly', () => {
    const value = { a: [Infinity, -Infinity, NaN, 0.1 + 0.2, -0, 5e-324], b: { $float: 'not a tag', c: 1 } };
    const back = fromJsonText(toJsonText(value)) as typeof value;
    expect(back.a).toEqual([Infinity, -Infinity, NaN, 0.1 + 0.2, 0, 5e-324]);
    expect(back.b).toEqual({ $float: 'not a tag', c: 1 });
  });

  it('writeFileAtomic replaces the file and leaves no temporary file behind', () => {
    const dir = join(tmp.dir, 'atomic');
    saveModel(dir, new nn.Sequential(new nn.Linear(1, 1)));
    const path = join(dir, 'x.bin');
    writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    writeFileAtomic(path, 'replaced');
    expect(readFileSync(path, 'utf8')).toBe('replaced');
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'model.safetensors', 'x.bin']);
    expect(() => writeFileAtomic(join(dir, 'missing-folder', 'y'), 'z')).toThrow(/ENOENT/);
    expect(existsSync(join(dir, 'missing-folder'))).toBe(false);
  });
});
