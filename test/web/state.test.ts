/** The lab's state as data: URL round trips, defaults, rejected values, and the "open in CLI" lines. */
import { describe, expect, it } from 'vitest';
import { builtinActivations, getActivation } from '../../src/index.js';
import { bool, defaultsOf, list, num, oneOf, readSchema } from '../../web/src/state/codec.js';
import { explorerSchema, paramsCodec } from '../../web/src/state/explorer.js';
import { defaultLabState, labUrlSearch, readLabUrl } from '../../web/src/state/lab.js';
import { playgroundSchema, type PlaygroundConfig } from '../../web/src/state/playground.js';
import { adversarialCli, explorerCli, playgroundCli } from '../../web/src/state/cli-line.js';
import { adversarialSchema } from '../../web/src/state/adversarial.js';
import { buildProgram } from '../../src/cli/main.js';

const kinds = {
  isElementwise: (id: string) => getActivation(id).kind === 'elementwise',
  isBuiltin: (id: string) => builtinActivations.some((s) => s.id === id),
};

describe('codecs', () => {
  it('read what they write and reject anything else', () => {
    expect(num(0, 1).parse('0.5')).toBe(0.5);
    expect(num(0, 1).parse('2')).toBeUndefined();
    expect(num(0, 1).parse('')).toBeUndefined();
    expect(num(0, 10, { integer: true }).parse('2.5')).toBeUndefined();
    expect(oneOf(['a', 'b']).parse('c')).toBeUndefined();
    expect(bool.parse(bool.format(true))).toBe(true);
    const widths = list(num(1, 16, { integer: true }), 0, 8);
    expect(widths.parse('')).toEqual([]);
    expect(widths.parse(widths.format([16, 16, 16, 16, 16, 16]))).toEqual([16, 16, 16, 16, 16, 16]);
    expect(widths.parse('1,2,x')).toBeUndefined();
    expect(widths.parse('1,2,3,4,5,6,7,8,9')).toBeUndefined();
  });

  it('parameters keep numbers, infinities and choices', () => {
    const p = { negativeSlope: 0.2, maxVal: Infinity, approximate: 'tanh' };
    expect(paramsCodec.parse(paramsCodec.format(p))).toEqual(p);
    expect(paramsCodec.parse('x')).toBeUndefined();
  });

  it('an unreadable field keeps its default and is reported with what is allowed', () => {
    const { value, problems } = readSchema(playgroundSchema, new URLSearchParams('lr=banana&hidden=8,99&data=xor'));
    expect(value.lr).toBe(playgroundSchema.lr.default);
    expect(value.hidden).toEqual([8, 8]);
    expect(problems.map((p) => p.key)).toEqual(['hidden', 'lr']);
    expect(problems.find((p) => p.key === 'lr')!.allowed).toMatch(/a number in \[0.000001, 100\]/);
  });
});

describe('lab URL', () => {
  it('round-trips every view with non-default values', () => {
    const s = defaultLabState('playground');
    s.playground = {
      ...s.playground,
      dataset: 'spiral',
      classes: 4,
      noise: 0.3,
      hidden: [16, 16, 16, 16, 16, 16],
      acts: ['relu', 'gelu', 'tanh', 'silu', 'elu', 'mish'],
      features: ['x1', 'x2', 'x1x2'],
      loss: 'mse',
      optimizer: 'momentum',
      lr: 0.003,
      reg: 'l2',
      regRate: 0.01,
      compare: ['relu', 'tanh', 'gelu'],
      showTest: false,
    };
    expect(readLabUrl(labUrlSearch(s))).toEqual({ state: s, problems: [] });
    const e = defaultLabState('explorer');
    e.explorer = {
      ...e.explorer,
      act: 'leaky_relu',
      params: { negativeSlope: 0.3 },
      overlay: ['elu', 'selu'],
      curves: ['df'],
      xMin: -3,
      xMax: 8,
    };
    expect(readLabUrl(labUrlSearch(e))).toEqual({ state: e, problems: [] });
    const a = defaultLabState('adversarial');
    a.adversarial = {
      actA: 'elu',
      actB: 'softplus',
      epochs: 3,
      trainEps: 0.2,
      seed: 7,
      digit: 499,
      attack: 'fgsm',
      eps: 0.3,
      steps: 40,
      alpha: 0.01,
    };
    expect(labUrlSearch(a)).toBe(
      '?view=adversarial&a=elu&b=softplus&epochs=3&at=0.2&seed=7&digit=499&attack=fgsm&eps=0.3&steps=40&alpha=0.01',
    );
    expect(readLabUrl(labUrlSearch(a))).toEqual({ state: a, problems: [] });
  });

  it('the adversarial view refuses ε beyond 0.3 and digits beyond the 500 test digits', () => {
    const r = readLabUrl('?view=adversarial&eps=0.5&digit=500&attack=cw&a=relu');
    expect(r.state.adversarial).toEqual(defaultsOf(adversarialSchema));
    expect(r.problems.map((p) => `${p.key}: ${p.allowed}`)).toEqual([
      'digit: an integer in [0, 499]',
      'attack: one of fgsm, pgd',
      'eps: a number in [0, 0.3]',
    ]);
  });

  it('writes only the active view, and an unknown view falls back to the explorer with a problem', () => {
    const q = labUrlSearch(defaultLabState('explorer'));
    expect(q).toMatch(/^\?view=explorer&act=gelu/);
    expect(q).not.toMatch(/hidden=/);
    const r = readLabUrl('?view=nope');
    expect(r.state.view).toBe('explorer');
    expect(r.problems).toEqual([{ key: 'view', text: 'nope', allowed: 'one of explorer, playground, adversarial' }]);
  });

  it('the defaults are those of `actlab train`', () => {
    const d = defaultsOf(playgroundSchema);
    expect(d).toMatchObject({
      dataset: 'xor',
      hidden: [8, 8],
      acts: ['relu'],
      optimizer: 'adam',
      lr: 0.01,
      batchSize: 32,
    });
    expect(defaultsOf(explorerSchema).act).toBe('gelu');
  });
});

describe('open in CLI', () => {
  const base = defaultsOf(playgroundSchema);
  it('the default playground is `actlab train` with the same settings', () => {
    const line = playgroundCli(base, 250, kinds);
    expect(line.commands).toEqual([
      'actlab train --act relu --dataset xor --train-size 800 --test-size 200 --data-seed 0 --hidden 8,8 ' +
        '--optimizer adam --lr 0.01 --batch-size 32 --init default --epochs 10 --seed 0',
    ]);
  });

  it('compare mode is `actlab compare`; lab-only settings give reasons instead of a command', () => {
    expect(playgroundCli({ ...base, compare: ['relu', 'tanh'] }, 0, kinds).commands[0]).toMatch(
      /^actlab compare --acts relu,tanh --seeds 1/,
    );
    const c: PlaygroundConfig = { ...base, dataset: 'reg-plane', acts: ['relu', 'tanh'], reg: 'l1', loss: 'mse' };
    const line = playgroundCli(c, 0, kinds);
    expect(line.commands).toEqual([]);
    expect(line.notes.join('; ')).toMatch(
      /regression sets are lab-only.*one activation for every layer.*cross-entropy.*L1\/L2/,
    );
  });

  it('the explorer gives show and plot, with parameters, and plot only for elementwise activations', () => {
    const e = {
      ...defaultsOf(explorerSchema),
      act: 'leaky_relu',
      params: { negativeSlope: 0.2 },
      overlay: ['softmax', 'elu'],
    };
    const line = explorerCli(e, kinds);
    expect(line.commands).toEqual([
      'actlab show leaky_relu --param negativeSlope=0.2 --range -5,5',
      'actlab plot leaky_relu elu --derivative --range -5,5 --param leaky_relu.negativeSlope=0.2 --out leaky_relu.png',
    ]);
    expect(line.notes).toContain('actlab plot draws built-in elementwise activations only');
    expect(explorerCli({ ...e, act: 'my_act' }, { ...kinds, isBuiltin: (id) => id !== 'my_act' }).notes).toEqual([
      "'my_act' is defined in this page only",
    ]);
  });
});

describe('the adversarial view in the CLI', () => {
  /** Every `--flag` of a command line is an option of that `actlab` command (the real program's definition). */
  const flagsKnown = (line: string) => {
    const program = buildProgram();
    for (const part of line.split(' && ')) {
      const [, name] = /^actlab (\w+)/.exec(part)!;
      const command = program.commands.find((c) => c.name() === name)!;
      const known = new Set(command.options.map((o) => o.long));
      for (const flag of part.match(/--[\w-]+/g) ?? []) expect(known, `${name} ${flag}`).toContain(flag);
    }
  };

  it('trains each model with the page’s network and schedule, then attacks it at the page’s ε', () => {
    const line = adversarialCli(defaultsOf(adversarialSchema), kinds);
    expect(line.commands).toEqual([
      'actlab train --dataset mnist --train-size 2500 --test-size 500 --hidden 64 --act relu --optimizer adam --lr 0.003 --batch-size 64 --epochs 8 --seed 0 --out adv-relu && actlab attack --model adv-relu --attack pgd --eps 0.1 --steps 10 --seed 0',
      'actlab train --dataset mnist --train-size 2500 --test-size 500 --hidden 64 --act gelu --optimizer adam --lr 0.003 --batch-size 64 --epochs 8 --seed 0 --out adv-gelu && actlab attack --model adv-gelu --attack pgd --eps 0.1 --steps 10 --seed 0',
    ]);
    line.commands.forEach(flagsKnown);
    const fgsm = adversarialCli({ ...defaultsOf(adversarialSchema), attack: 'fgsm', actB: 'relu', alpha: 0.02 }, kinds);
    expect(fgsm.commands).toHaveLength(1);
    expect(fgsm.commands[0]).toMatch(/--attack fgsm --eps 0\.1$/);
    const alpha = adversarialCli({ ...defaultsOf(adversarialSchema), alpha: 0.02 }, kinds);
    expect(alpha.commands[0]).toMatch(/--steps 10 --alpha 0\.02 --seed 0$/);
    alpha.commands.forEach(flagsKnown);
    expect(adversarialCli({ ...defaultsOf(adversarialSchema), trainEps: 0.1 }, kinds).commands).toEqual([]);
    expect(adversarialCli({ ...defaultsOf(adversarialSchema), actB: 'mine' }, kinds)).toEqual({
      commands: [],
      notes: ['mine is not a built-in activation'],
    });
  });
});
