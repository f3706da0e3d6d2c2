/**
 * State dicts of every optimizer and LR scheduler: a run that saves its optimizer's state, and a
 * fresh optimizer that loads it, take the same next steps — bit for bit — as the optimizer that
 * never stopped; through a checkpoint's bytes too. Bad states are refused before anything changes.
 */
import { describe, expect, it } from 'vitest';
import { Parameter } from '../../src/nn/parameter.js';
import * as optim from '../../src/optim/index.js';
import type { BaseOptions, Optimizer, OptimizerStateDict } from '../../src/optim/optimizer.js';
import type { FloatDType } from '../../src/tensor/dtype.js';
import { randn, tensor } from '../../src/tensor/create.js';
import { Generator } from '../../src/tensor/random.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { Sequential } from '../../src/nn/container.js';
import { Linear } from '../../src/nn/linear.js';
import { decodeCheckpoint, encodeCheckpoint, restoreCheckpoint } from '../../src/io/checkpoint.js';

type Params = Parameter[];
type Make = (ps: Params) => Optimizer<BaseOptions>;

/** Optimizers with every state buffer they can have, and a two-group setup. */
const OPTIMIZERS: Record<string, Make> = {
  'SGD with Nesterov momentum and weight decay': (ps) =>
    new optim.SGD(ps, { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 1e-3 }),
  'SGD with dampened momentum': (ps) => new optim.SGD(ps, { lr: 0.05, momentum: 0.5, dampening: 0.3 }),
  'plain SGD': (ps) => new optim.SGD(ps, { lr: 0.1 }),
  Adam: (ps) => new optim.Adam(ps, { lr: 0.01 }),
  'Adam with amsgrad and L2': (ps) => new optim.Adam(ps, { lr: 0.01, amsgrad: true, weightDecay: 0.01 }),
  AdamW: (ps) => new optim.AdamW(ps, { lr: 0.01, betas: [0.8, 0.99] }),
  'RMSprop, centred, with momentum': (ps) => new optim.RMSprop(ps, { lr: 0.01, centered: true, momentum: 0.9 }),
  'Adam with two parameter groups': (ps) =>
    new optim.Adam([{ params: ps.slice(0, 1) }, { params: ps.slice(1), lr: 0.002, weightDecay: 0.1 }], { lr: 0.01 }),
};

/** Parameters of one shape set, from a seed. */
function makeParams(dtype: FloatDType, seed = 0): Params {
  const g = new Generator(seed);
  return [[3, 2], [2], [4]].map((shape) => new Parameter(randn(shape, { dtype, generator: g })));
}

/** Deterministic gradients for step `s`: a smooth function of the parameters, so the trajectory depends on the state. */
function setGrads(ps: Params, s: number): void {
  for (const p of ps) {
    const d = p.data;
    const g = p.dtype === 'float64' ? new Float64Array(d.length) : new Float32Array(d.length);
    for (let i = 0; i < d.length; i++) g[i] = Math.sin(d[i]! * (s + 1)) + 0.1 * i;
    p.grad = new Tensor(g, p.shape, p.dtype);
  }
  if (s % 3 === 2) ps[1]!.grad = null; // a parameter without a gradient is skipped, its state kept
}

const bits = (ps: Params): number[][] => ps.map((p) => Array.from(p.data));
const copy = (ps: Params): Params => ps.map((p) => new Parameter(new Tensor(p.data.slice(), p.shape, p.dtype)));

function run(opt: Optimizer<BaseOptions>, ps: Params, from: number, to: number): void {
  for (let s = from; s < to; s++) {
    setGrads(ps, s);
    opt.step();
  }
}

describe('optimizer state dicts', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [name, make] of Object.entries(OPTIMIZERS)) {
      it(`${name} (${dtype}): a loaded state continues bit-identically`, () => {
        const ps = makeParams(dtype);
        const opt = make(ps);
        run(opt, ps, 0, 4);
        const saved = opt.stateDict();
        const savedParams = copy(ps);
        run(opt, ps, 4, 9); // the uninterrupted run

        // a fresh optimizer over a copy of the parameters as they were
        const resumed = savedParams;
        const opt2 = make(resumed);
        opt2.loadStateDict(saved);
        run(opt2, resumed, 4, 9);
        expect(bits(resumed)).toEqual(bits(ps));
        const a = opt.stateDict();
        const b = opt2.stateDict();
        expect(b.paramGroups).toEqual(a.paramGroups);
        for (const [i, rec] of Object.entries(a.state)) {
          for (const [k, v] of Object.entries(rec)) {
            const w = b.state[Number(i)]![k]!;
            expect(typeof v === 'number' ? v : Array.from(v.data), `${i}.${k}`).toEqual(
              typeof w === 'number' ? w : Array.from(w.data),
            );
          }
        }
      });
    }
  }

  it('is a snapshot (later steps do not change it), in torch layout', () => {
    const ps = makeParams('float64');
    const opt = new optim.Adam([{ params: ps.slice(0, 2) }, { params: ps.slice(2), lr: 0.5 }], { lr: 0.1 });
    run(opt, ps, 0, 2);
    const sd = opt.stateDict();
    const before = Array.from((sd.state[0]!.exp_avg as Tensor).data);
    run(opt, ps, 2, 4);
    expect(Array.from((sd.state[0]!.exp_avg as Tensor).data)).toEqual(before);
    expect(sd.type).toBe('Adam');
    expect(sd.paramGroups.map((g) => [g.params, g.lr, g.initialLr])).toEqual([
      [[0, 1], 0.1, 0.1],
      [[2], 0.5, 0.5],
    ]);
    expect(Object.keys(sd.state[0]!).sort()).toEqual(['exp_avg', 'exp_avg_sq', 'step']);
    expect(sd.state[0]!.step).toBe(2);
    expect((sd.state[0]!.exp_avg as Tensor).shape).toEqual([3, 2]);
  });

  it('round-trips through checkpoint bytes (model, optimizer, scheduler)', () => {
    const model = new Sequential(new Linear(3, 2, { generator: new Generator(0) }));
    const x = randn([5, 3], { generator: new Generator(1) });
    const make = (m: Sequential) => {
      const opt = new optim.Adam(m.parameters(), { lr: 0.05 });
      return { opt, sched: new optim.StepLR(opt, { stepSize: 2, gamma: 0.5 }) };
    };
    const step = (m: Sequential, o: ReturnType<typeof make>) => {
      o.opt.zeroGrad();
      m.forward(x).square().mean().backward();
      o.opt.step();
      o.sched.step();
    };
    const a = make(model);
    for (let i = 0; i < 3; i++) step(model, a);
    const bytes = encodeCheckpoint({ model, optimizer: a.opt, scheduler: a.sched }, { step: 3 });
    for (let i = 0; i < 3; i++) step(model, a);

    const model2 = new Sequential(new Linear(3, 2, { generator: new Generator(7) }));
    const b = make(model2);
    expect(restoreCheckpoint(decodeCheckpoint(bytes), { model: model2, optimizer: b.opt, scheduler: b.sched })).toEqual(
      {
        step: 3,
      },
    );
    for (let i = 0; i < 3; i++) step(model2, b);
    expect(model2.parameters().map((p) => Array.from(p.data))).toEqual(
      model.parameters().map((p) => Array.from(p.data)),
    );
    expect(b.sched.getLastLr()).toEqual(a.sched.getLastLr());
  });

  it('refuses a state of another shape, naming the group, parameter or buffer', () => {
    const ps = makeParams('float64');
    const opt = new optim.Adam(ps, { lr: 0.01 });
    run(opt, ps, 0, 1);
    const sd = opt.stateDict();
    const fresh = () => new optim.Adam(makeParams('float64'), { lr: 0.01 });
    expect(() => new optim.SGD(makeParams('float64'), { lr: 0.1 }).loadStateDict(sd)).toThrow(
      /SGD\.loadStateDict: the state is of a Adam, not a SGD/,
    );
    expect(() => new optim.Adam(makeParams('float64').slice(0, 2)).loadStateDict(sd)).toThrow(
      /group 0 has 3 parameter\(s\) in the state, 2 here/,
    );
    expect(() =>
      new optim.Adam([{ params: makeParams('float64') }, { params: [new Parameter(tensor([1]))] }]).loadStateDict(sd),
    ).toThrow(/the state has 1 parameter group\(s\), this optimizer 2/);
    const bad: OptimizerStateDict = { ...sd, state: { ...sd.state, 1: { step: 1, exp_avg: tensor([1, 2, 3]) } } };
    const o = fresh();
    expect(() => o.loadStateDict(bad)).toThrow(
      /'exp_avg' of parameter 1 must have 2 elements \(the parameter's\), got 3/,
    );
    expect(o.state.size).toBe(0); // nothing changed
    expect(() => fresh().loadStateDict({ ...sd, paramGroups: [{ ...sd.paramGroups[0]!, lr: -1 }] })).toThrow(
      /lr must be a number ≥ 0, got -1/,
    );
  });
});

describe('scheduler state dicts', () => {
  const SCHEDULERS: Record<string, (o: Optimizer<BaseOptions>) => optim.LRScheduler> = {
    StepLR: (o) => new optim.StepLR(o, { stepSize: 3, gamma: 0.5 }),
    MultiStepLR: (o) => new optim.MultiStepLR(o, { milestones: [2, 5, 5], gamma: 0.3 }),
    ExponentialLR: (o) => new optim.ExponentialLR(o, { gamma: 0.9 }),
    CosineAnnealingLR: (o) => new optim.CosineAnnealingLR(o, { tMax: 4, etaMin: 0.001 }),
  };
  for (const [name, make] of Object.entries(SCHEDULERS)) {
    it(`${name}: a loaded schedule continues with the same rates`, () => {
      const optA = new optim.SGD(
        [{ params: makeParams('float64') }, { params: [new Parameter(tensor([1]))], lr: 0.3 }],
        {
          lr: 0.1,
        },
      );
      const a = make(optA);
      for (let e = 0; e < 4; e++) a.step();
      const sd = a.stateDict();
      const optSd = optA.stateDict();
      const rates: number[][] = [];
      for (let e = 0; e < 8; e++) {
        a.step();
        rates.push(optA.paramGroups.map((g) => g.lr));
      }
      const optB = new optim.SGD(
        [{ params: makeParams('float64') }, { params: [new Parameter(tensor([1]))], lr: 0.3 }],
        {
          lr: 0.1,
        },
      );
      const b = make(optB);
      optB.loadStateDict(optSd);
      b.loadStateDict(sd);
      expect(b.lastEpoch).toBe(4);
      const resumed: number[][] = [];
      for (let e = 0; e < 8; e++) {
        b.step();
        resumed.push(optB.paramGroups.map((g) => g.lr));
      }
      expect(resumed).toEqual(rates);
      expect(b.getLastLr()).toEqual(a.getLastLr());
    });
  }

  it('loads only into the same scheduler class and group count', () => {
    const opt = new optim.SGD(makeParams('float64'), { lr: 0.1 });
    const sd = new optim.StepLR(opt, { stepSize: 2 }).stateDict();
    expect(() => new optim.ExponentialLR(opt, { gamma: 0.5 }).loadStateDict(sd)).toThrow(
      /ExponentialLR\.loadStateDict: the state is of a StepLR, not a ExponentialLR/,
    );
    expect(() => new optim.StepLR(opt, { stepSize: 2 }).loadStateDict({ ...sd, baseLrs: [0.1, 0.2] })).toThrow(
      /expected an integer lastEpoch and 1 base and last rate\(s\)/,
    );
  });
});
