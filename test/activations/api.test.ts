/** The registry, the derived F and nn forms, bad input, and user-defined activations. */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  activationFunctional as F,
  activations,
  applyActivation,
  builtinActivations,
  defineActivation,
  getActivation,
  registerActivation,
} from '../../src/activations/index.js';
import type { ActivationSpec } from '../../src/activations/index.js';
import { checkProperties, mismatches } from '../../src/analysis/check.js';
import { gradcheck } from '../../src/autograd/gradcheck.js';
import { Module } from '../../src/nn/module.js';
import { Activation as ActivationModule, activationModule, activationModules as nn } from '../../src/nn/activation.js';
import { tensor } from '../../src/tensor/create.js';
import type { Tensor } from '../../src/tensor/tensor.js';

const SRC = new URL('../../src/activations/', import.meta.url);
const x = (values: number[], shape = [values.length]): Tensor => tensor(values, { shape, dtype: 'float64' });
const isSpec = (v: unknown): v is ActivationSpec =>
  typeof v === 'object' && v !== null && 'kind' in v && 'id' in v && 'kernel' in v && 'params' in v;

describe('registry', () => {
  it('registers every spec file of src/activations, each named after its id', async () => {
    const specs: [string, ActivationSpec][] = [];
    for (const file of readdirSync(SRC).filter((f) => f.endsWith('.ts'))) {
      const mod = (await import(new URL(file, SRC).href)) as Record<string, unknown>;
      for (const value of Object.values(mod)) if (isSpec(value)) specs.push([file, value]);
    }
    const unregistered = specs.filter(([, s]) => !activations.includes(s)).map(([f, s]) => `${f}: ${s.id}`);
    expect(unregistered, 'spec files missing from registry.ts').toEqual([]);
    // Helper files may re-export specs; each spec has a file of its own name.
    for (const spec of builtinActivations)
      expect(
        specs.some(([f, s]) => s === spec && f === `${spec.id}.ts`),
        spec.id,
      ).toBe(true);
  });

  it('lists the built-ins in a stable order with unique ids, one per spec file', () => {
    const ids: readonly string[] = builtinActivations.map((s) => s.id);
    const specFiles = readdirSync(SRC).filter((f) => ids.includes(f.replace(/\.ts$/, '')));
    expect(ids.length).toBe(specFiles.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, 5)).toEqual(['identity', 'heaviside', 'sigmoid', 'tanh', 'relu']);
  });

  it('finds specs by id, alias, F name and module name', () => {
    const silu = getActivation('silu');
    expect(getActivation('swish')).toBe(silu);
    expect(getActivation('Swish')).toBe(silu);
    expect(getActivation('leakyRelu')).toBe(getActivation('leaky_relu'));
    expect(getActivation('LeakyReLU')).toBe(getActivation('lrelu'));
    expect(getActivation('log_sigmoid').id).toBe('logsigmoid');
  });

  it('an unknown id throws a RangeError listing the nearest ids', () => {
    expect(() => getActivation('relu7')).toThrow(RangeError);
    expect(() => getActivation('relu7')).toThrow(/unknown activation 'relu7' \(nearest: relu, relu6, [a-z_0-9]+;/);
    expect(() => getActivation('gelux')).toThrow(/nearest: gelu,/);
    expect(() => getActivation(3 as unknown as string)).toThrow(TypeError);
  });

  it('every built-in carries its documentation data', () => {
    for (const s of builtinActivations as readonly ActivationSpec[]) {
      const missing = (['name', 'torchName', 'summary', 'formula', 'derivative'] as const).filter((k) => !s[k]);
      expect(missing, s.id).toEqual([]);
      expect(s.references.length, s.id).toBeGreaterThan(0);
      expect(s.onnx, s.id).toBeTypeOf('function');
      for (const [name, p] of Object.entries(s.params)) expect(p.doc, `${s.id}.${name}`).toBeTruthy();
    }
  });
});

describe('F (activationFunctional)', () => {
  it('has one function per built-in, named by its camelCase id, and activation(name, x, options)', () => {
    const names = builtinActivations.map((s) => s.id.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()));
    expect(Object.keys(F).sort()).toEqual([...names, 'activation'].sort());
    expect(F.leakyRelu.name).toBe('leakyRelu');
    expect(Object.isFrozen(F)).toBe(true);
  });

  it('takes options objects with PyTorch names and defaults', () => {
    expect(Array.from(F.leakyRelu(x([-2, 3]), { negativeSlope: 0.2 }).data)).toEqual([-0.4, 3]);
    expect(Array.from(F.leakyRelu(x([-2, 3])).data)).toEqual([-0.02, 3]);
    expect(F.gelu(x([1]), { approximate: 'tanh' }).data[0]).toBeCloseTo(0.8411919906082768, 15);
    expect(Array.from(F.hardtanh(x([-5, 0.5, 5]), { minVal: -2, maxVal: 3 }).data)).toEqual([-2, 0.5, 3]);
    expect(Array.from(F.threshold(x([0.5, 2]), { threshold: 1, value: -7 }).data)).toEqual([-7, 2]);
    expect(Array.from(F.prelu(x([-4, 4]), x([0.5])).data)).toEqual([-2, 4]);
    expect(F.softmax(x([1, 2, 3, 4], [2, 2]), { dim: 0 }).data[0]).toBeCloseTo(1 / (1 + Math.E ** 2), 15);
    expect(F.glu(x([1, 2, 3, 4], [1, 4])).shape).toEqual([1, 2]);
    expect(F.maxout(x([1, 5, 3, 2, 0, 4], [1, 6]), { k: 3 }).toArray()).toEqual([[5, 4]]);
    // Wrong names and values are compile errors too.
    // @ts-expect-error unknown option
    expect(() => F.elu(x([1]), { alpah: 1 })).toThrow(TypeError);
    // @ts-expect-error approximate is 'none' | 'tanh'
    expect(() => F.gelu(x([1]), { approximate: 'fast' })).toThrow(RangeError);
  });

  it('is typed from the registry (checked by tsc)', () => {
    const typed = (t: Tensor, w: Tensor): Tensor[] => [
      F.prelu(t, w),
      F.rrelu(t, { lower: 0.1, upper: 0.2, training: true }),
      F.silu(t, { beta: w }),
      F.softmax(t, { dim: 1 }),
      new nn.PReLU({ numParameters: 3, init: 0.1 }).weight,
      // @ts-expect-error prelu needs its weight tensor
      F.prelu(t),
      // @ts-expect-error only random activations take `training`
      F.relu(t, { training: true }),
      // @ts-expect-error negativeSlope is a number
      F.leakyRelu(t, { negativeSlope: '0.2' }),
      // @ts-expect-error GELU's approximate is 'none' | 'tanh'
      new nn.GELU({ approximate: 'erf' }).forward(t),
      // @ts-expect-error an activation that does not exist
      F.relu7(t),
      // @ts-expect-error ReLU takes no options
      new nn.ReLU({ inplace: true }).forward(t),
      // The by-name forms are typed for the built-ins, and open to registered ones.
      F.activation('gelu', t, { approximate: 'tanh' }),
      F.activation('prelu', t, { weight: w }),
      F.activation('bent_identity', t, { scale: 2 }),
      new ActivationModule('leaky_relu', { negativeSlope: 0.2 }).forward(t),
      new ActivationModule('smooth_relu', { learnable: true }).beta!,
      new ActivationModule('my_registered_one').forward(t),
      // @ts-expect-error GELU's approximate is 'none' | 'tanh'
      F.activation('gelu', t, { approximate: 'erf' }),
      // @ts-expect-error leaky_relu's option is negativeSlope
      new ActivationModule('leaky_relu', { slope: 0.2 }).forward(t),
    ];
    expect(typed).toBeTypeOf('function');
  });

  it('F.activation and nn.Activation reach any activation by name, as the named forms do', () => {
    const t = x([-1, 0.5, 2]);
    expect(Array.from(F.activation('leaky_relu', t, { negativeSlope: 0.2 }).data)).toEqual(
      Array.from(F.leakyRelu(t, { negativeSlope: 0.2 }).data),
    );
    const m = new ActivationModule('gelu', { approximate: 'tanh' });
    expect(m).toBeInstanceOf(nn.GELU);
    expect(String(m)).toBe("GELU(approximate='tanh')");
    expect(() => F.activation('nope', t)).toThrow(/unknown activation 'nope'/);
  });

  it('applyActivation reaches every registered activation by name', () => {
    expect(applyActivation('swish', x([1])).data[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 15);
    expect(applyActivation('lrelu', x([-1]), { negativeSlope: 0.5 }).data[0]).toBe(-0.5);
  });

  it('keeps float32 inputs float32 and rejects int32', () => {
    expect(F.tanh(tensor([0.5])).dtype).toBe('float32');
    expect(() => F.relu(tensor([1], { dtype: 'int32' }))).toThrow(/expected a float32 or float64 tensor, got int32/);
    expect(() => F.relu([1, 2] as unknown as Tensor)).toThrow(TypeError);
  });
});

describe('bad options', () => {
  const t = x([1, 2, 3, 4], [2, 2]);
  const cases: [string, () => unknown, ErrorConstructor, RegExp][] = [
    [
      'unknown option',
      () => applyActivation('elu', t, { alpah: 1 }),
      TypeError,
      /elu: unknown option 'alpah' \(allowed: alpha\)/,
    ],
    [
      'option of an activation without any',
      () => applyActivation('relu', t, { inplace: true }),
      TypeError,
      /relu: unknown option 'inplace' \(allowed: none\)/,
    ],
    [
      'wrong type',
      () => applyActivation('leaky_relu', t, { negativeSlope: '0.2' }),
      TypeError,
      /leaky_relu: negativeSlope must be a finite number, got '0.2'/,
    ],
    ['NaN', () => applyActivation('elu', t, { alpha: NaN }), RangeError, /elu: alpha must be a finite number, got NaN/],
    [
      'out of range',
      () => applyActivation('softplus', t, { beta: 0 }),
      RangeError,
      /softplus: beta must be a finite number > 0, got 0/,
    ],
    [
      'negative lambd',
      () => applyActivation('hardshrink', t, { lambd: -1 }),
      RangeError,
      /hardshrink: lambd must be a finite number ≥ 0, got -1/,
    ],
    [
      'non-integer',
      () => applyActivation('maxout', t, { k: 1.5 }),
      RangeError,
      /maxout: k must be an integer ≥ 1, got 1.5/,
    ],
    [
      'bad choice',
      () => applyActivation('gelu', t, { approximate: 'fast' }),
      RangeError,
      /gelu: approximate must be one of 'none', 'tanh', got 'fast'/,
    ],
    [
      'choice of wrong type',
      () => applyActivation('gelu', t, { approximate: 1 }),
      TypeError,
      /approximate must be one of 'none', 'tanh', got 1/,
    ],
    [
      'crossed bounds',
      () => applyActivation('rrelu', t, { lower: 0.5, upper: 0.1 }),
      RangeError,
      /rrelu: lower \(0.5\) must be ≤ upper \(0.1\)/,
    ],
    [
      'hardtanh bounds',
      () => applyActivation('hardtanh', t, { minVal: 2, maxVal: 1 }),
      RangeError,
      /minVal \(2\) must be ≤ maxVal \(1\)/,
    ],
    ['celu alpha 0', () => applyActivation('celu', t, { alpha: 0 }), RangeError, /celu: alpha cannot be 0/],
    [
      'options not an object',
      () => (F.leakyRelu as (a: Tensor, b: unknown) => Tensor)(t, 0.2),
      TypeError,
      /leaky_relu: options must be an object such as \{ negativeSlope: 0.01 \}, got 0.2/,
    ],
    [
      'training of a non-random one',
      () => applyActivation('relu', t, { training: true }),
      TypeError,
      /unknown option 'training'/,
    ],
    [
      'training not a boolean',
      () => applyActivation('rrelu', t, { training: 1 }),
      TypeError,
      /training must be true or false, got 1/,
    ],
    [
      'softmax dim out of range',
      () => F.softmax(t, { dim: 3 }),
      RangeError,
      /^softmax: dim 3 is out of range for a tensor of 2 dimensions \(expected -2..1\)$/,
    ],
    ['dim not an integer', () => F.softmax(t, { dim: 0.5 }), RangeError, /softmax: dim must be an integer, got 0.5/],
    ['glu of an odd dim', () => F.glu(x([1, 2, 3])), RangeError, /glu: dim -1 has odd size 3; it must be even/],
    [
      'maxout not divisible',
      () => F.maxout(x([1, 2, 3])),
      RangeError,
      /maxout: dim -1 has size 3, which is not divisible by k = 2/,
    ],
    [
      'softmax2d of a 2-D input',
      () => F.softmax2d(t),
      RangeError,
      /softmax2d: expected a 3-D or 4-D input, got shape \[2, 2\] \(2-D\)/,
    ],
    [
      'prelu weight not a tensor',
      () => (F.prelu as (a: Tensor, w: unknown) => Tensor)(t, 0.25),
      TypeError,
      /prelu: weight must be a Tensor, got 0.25/,
    ],
    [
      'prelu weight count',
      () => F.prelu(x([1, 2, 3, 4, 5, 6], [2, 3]), x([1, 2])),
      RangeError,
      /prelu: weight has 2 values but the input of shape \[2, 3\] has 3 channels \(dim 1\); expected 1 or 3 values/,
    ],
    [
      'prelu 2-D weight',
      () => F.prelu(t, x([1, 2], [1, 2])),
      RangeError,
      /prelu: weight must be a scalar or 1-D tensor, got shape \[1, 2\]/,
    ],
    [
      'prelu dtype mismatch',
      () => F.prelu(t, tensor([0.25])),
      TypeError,
      /prelu: weight has dtype float32 but the input has float64/,
    ],
    [
      'module option',
      () => new nn.LeakyReLU({ slope: 0.1 } as never),
      TypeError,
      /LeakyReLU: unknown option 'slope' \(allowed: negativeSlope\)/,
    ],
    [
      'module value',
      () => new nn.ELU({ alpha: Infinity }),
      RangeError,
      /ELU: alpha must be a finite number, got Infinity/,
    ],
    [
      'PReLU numParameters',
      () => new nn.PReLU({ numParameters: 0 }),
      RangeError,
      /PReLU: numParameters must be an integer ≥ 1/,
    ],
  ];
  it.each(cases)('%s', (_name, fn, type, message) => {
    expect(fn).toThrow(type);
    expect(fn).toThrow(message);
  });
});

describe('nn (activationModules)', () => {
  it('has a Module subclass per PyTorch module name, with that constructor name', () => {
    for (const s of builtinActivations) {
      for (const name of [s.torchName, ...s.moduleAliases]) {
        const Cls = (nn as unknown as Record<string, new () => ActivationModule>)[name]!;
        const m = new Cls();
        expect(m, name).toBeInstanceOf(Module);
        expect(m.constructor.name).toBe(name);
      }
    }
    expect(new nn.Swish()).toBeInstanceOf(ActivationModule);
  });

  it("prints like torch's modules", () => {
    expect(String(new nn.LeakyReLU())).toBe('LeakyReLU(negative_slope=0.01)');
    expect(String(new nn.GELU({ approximate: 'tanh' }))).toBe("GELU(approximate='tanh')");
    expect(String(new nn.ELU())).toBe('ELU(alpha=1.0)');
    expect(String(new nn.Softplus({ beta: 2 }))).toBe('Softplus(beta=2.0, threshold=20.0)');
    expect(String(new nn.Hardtanh())).toBe('Hardtanh(min_val=-1.0, max_val=1.0)');
    expect(String(new nn.RReLU())).toBe('RReLU(lower=0.125, upper=0.3333333333333333)');
    expect(String(new nn.Softmax({ dim: 1 }))).toBe('Softmax(dim=1)');
    expect(String(new nn.SELU())).toBe('SELU()');
    expect(String(new nn.SiLU())).toBe('SiLU()');
    expect(String(new nn.Softmax2d())).toBe('Softmax2d()');
    expect(String(new nn.PReLU({ numParameters: 3 }))).toBe('PReLU(num_parameters=3)');
    expect(String(new nn.Swish({ beta: 1.5, learnable: true }))).toBe('Swish(beta=1.5, learnable=True)');
    expect(String(new nn.Maxout({ k: 3 }))).toBe('Maxout(k=3, dim=-1)');
  });

  it('forward equals the functional form; options are resolved on the instance', () => {
    const m = new nn.LeakyReLU({ negativeSlope: 0.3 });
    expect(m.options).toEqual({ negativeSlope: 0.3 });
    const v = x([-1, 0, 2]);
    expect(Array.from(m.forward(v).data)).toEqual(Array.from(F.leakyRelu(v, { negativeSlope: 0.3 }).data));
    expect(new nn.Softmax({ dim: 0 }).forward(x([1, 2, 3, 4], [2, 2])).data[0]).toBeCloseTo(
      F.softmax(x([1, 2, 3, 4], [2, 2]), { dim: 0 }).data[0]!,
      15,
    );
    expect(new nn.ReLU().parameters()).toEqual([]);
  });
});

describe('user-defined activations', () => {
  const bent = defineActivation({
    id: 'bent_identity',
    params: { scale: { default: 1, exclusiveMin: 0, doc: 'slope of the bend' } },
    f: (v, p) => p.scale * ((Math.sqrt(v * v + 1) - 1) / 2 + v),
    df: (v, p) => p.scale * (v / (2 * Math.sqrt(v * v + 1)) + 1),
    properties: { monotonic: 'increasing', boundedBelow: false },
  });

  it('defineActivation fills names and derives kernels from f and df', () => {
    expect(bent.torchName).toBe('BentIdentity');
    expect(bent.name).toBe('bent_identity');
    const r = gradcheck(
      (t: Tensor) => applyActivation(bent, t, { scale: 2 }),
      [tensor([-1.5, 0.2, 3], { dtype: 'float64', requiresGrad: true })],
    );
    expect(r.ok, r.message).toBe(true);
  });

  it('works everywhere once registered: by name, as a module, in the property checker', () => {
    registerActivation(bent);
    expect(activations).toContain(bent);
    expect(getActivation('bent_identity')).toBe(bent);
    expect(applyActivation('bent_identity', x([0])).data[0]).toBe(0);
    const Cls = activationModule('bent_identity');
    const m = new Cls({ scale: 3 });
    expect(m.constructor.name).toBe('BentIdentity');
    expect(String(m)).toBe('BentIdentity(scale=3.0)');
    expect(m.forward(x([0])).data[0]).toBe(0);
    expect(mismatches(checkProperties(bent))).toEqual([]);
    expect(() => registerActivation(defineActivation({ id: 'relu', f: (v) => v, df: () => 1 }))).toThrow(
      /the name 'relu' of 'relu' is already taken/,
    );
  });

  it('a dim-wise one needs only its row reference and VJP', () => {
    const normalize = defineActivation({
      kind: 'dimwise',
      id: 'sum_normalize',
      params: { dim: { default: -1, integer: true } },
      fRow: (row) => row.map((v) => v / row.reduce((a, b) => a + b, 0)),
      vjpRow: (row, gy) => {
        const s = row.reduce((a, b) => a + b, 0);
        const dot = row.reduce((a, v, k) => a + v * gy[k]!, 0);
        return gy.map((g) => g / s - dot / (s * s));
      },
    });
    const input = tensor([1, 2, 3, 4, 5, 6], { shape: [2, 3], dtype: 'float64', requiresGrad: true });
    expect(applyActivation(normalize, input, { dim: 0 }).data[0]).toBeCloseTo(0.2, 15);
    expect(gradcheck((t: Tensor) => applyActivation(normalize, t, { dim: 0 }), [input]).ok).toBe(true);
  });

  it('rejects malformed specs when they are defined', () => {
    expect(() => defineActivation({ id: 'Bad-Name', f: (v) => v, df: () => 1 })).toThrow(/id must be snake_case/);
    expect(() => defineActivation({ id: 'no_df', f: (v: number) => v } as never)).toThrow(/df must be a function/);
    expect(() =>
      defineActivation({ id: 'bad_default', params: { a: { default: -1, min: 0 } }, f: (v) => v, df: () => 1 }),
    ).toThrow(/the default of a \(-1\) is invalid: it must be a finite number ≥ 0/);
    expect(() =>
      defineActivation({ kind: 'dimwise', id: 'no_dim', fRow: (r) => [...r], vjpRow: (_r, g) => [...g] }),
    ).toThrow(/needs an integer 'dim' parameter/);
  });
});
