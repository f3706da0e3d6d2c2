/** The notes' claims: each verdict rule on synthetic --json outputs of its experiment. */
import { describe, expect, it } from 'vitest';
import {
  NOTES_CLAIMS,
  approxVerdict,
  compareVerdict,
  convergeAssessment,
  deadVerdict,
  gradflowVerdict,
  robustVerdict,
  seluAssessment,
  sirenVerdict,
  xorVerdict,
} from '../../src/experiments/notes-claims.js';

const ms = (mean: number, std = 0): { mean: number; std: number } => ({ mean, std });
const compareOut = (accs: [string, number, number][]) => ({
  activations: accs.map(([act, mean, std]) => ({ act, testAccuracy: ms(mean, std), trainLoss: ms(0.1), runs: 2 })),
});

describe('xor', () => {
  it('holds when relu separates XOR and identity stays near chance', () => {
    const v = xorVerdict(
      compareOut([
        ['relu', 0.99, 0.01],
        ['identity', 0.52, 0.03],
      ]),
    );
    expect(v.verdict).toBe('holds');
    expect(v.reason).toContain('relu 99.0%');
    expect(v.rows).toHaveLength(2);
  });
  it('holds partly when relu is ahead but does not reach 90%', () => {
    expect(
      xorVerdict(
        compareOut([
          ['relu', 0.8, 0],
          ['identity', 0.55, 0],
        ]),
      ).verdict,
    ).toBe('holds partly');
  });
  it('does not hold when both are alike, and is undecided without identity', () => {
    expect(
      xorVerdict(
        compareOut([
          ['relu', 0.6, 0],
          ['identity', 0.55, 0],
        ]),
      ).verdict,
    ).toBe('does not hold at this scale');
    expect(xorVerdict(compareOut([['relu', 1, 0]])).verdict).toBe('undecided');
  });
  it('names the missing field of an output it cannot read', () => {
    expect(() => xorVerdict({ nothing: 1 })).toThrow(/no 'activations'/);
  });
});

const flow = (ratios: Record<string, number>) => ({
  init: 'xavier',
  steps: 20,
  results: Object.entries(ratios).flatMap(([act, r]) => [
    { act, depth: 2, init: [1, 1], trained: [1, 1] },
    { act, depth: 30, init: [r, 1], trained: [r, 1] },
  ]),
});

describe('gradflow', () => {
  it('holds when sigmoid and tanh vanish at the deepest net and relu does not', () => {
    const v = gradflowVerdict(flow({ sigmoid: 1e-9, tanh: 1e-4, relu: 0.9 }));
    expect(v.verdict).toBe('holds');
    expect(v.reason).toContain('30 hidden layers');
  });
  it('holds partly when only sigmoid vanishes', () => {
    expect(gradflowVerdict(flow({ sigmoid: 1e-9, tanh: 2.5, relu: 0.9 })).verdict).toBe('holds partly');
  });
  it('does not hold when relu vanishes too, or nothing does', () => {
    expect(gradflowVerdict(flow({ sigmoid: 1e-9, tanh: 1e-9, relu: 1e-5 })).verdict).toBe(
      'does not hold at this scale',
    );
    expect(gradflowVerdict(flow({ sigmoid: 0.5, tanh: 0.5, relu: 0.9 })).verdict).toBe('does not hold at this scale');
  });
});

const dead = (rows: [string, number, number, boolean?][]) => ({
  results: rows.map(([act, lr, d, diverged]) => ({
    act,
    lr,
    curve: [0, d],
    diverged: diverged ?? false,
    testAccuracy: 0.5,
  })),
});

describe('dead', () => {
  it("holds when relu's dead fraction rises at the largest rate that did not diverge", () => {
    const v = deadVerdict(
      dead([
        ['relu', 0.01, 0],
        ['relu', 1, 0.7],
        ['relu', 10, NaN, true],
        ['leaky_relu', 1, 0],
      ]),
    );
    expect(v.verdict).toBe('holds');
    expect(v.reason).toContain('70.0% of hidden units dead after training at lr 1');
    expect(v.reason).toContain('leaky_relu 0.0%');
  });
  it('holds partly for a small rise, not at all for none, undecided with one rate', () => {
    expect(
      deadVerdict(
        dead([
          ['relu', 0.01, 0],
          ['relu', 1, 0.05],
        ]),
      ).verdict,
    ).toBe('holds partly');
    expect(
      deadVerdict(
        dead([
          ['relu', 0.01, 0],
          ['relu', 1, 0],
        ]),
      ).verdict,
    ).toBe('does not hold at this scale');
    expect(deadVerdict(dead([['relu', 1, 0.5]])).verdict).toBe('undecided');
  });
});

describe('compare', () => {
  it('holds when others are within one std of the best', () => {
    const v = compareVerdict(
      compareOut([
        ['elu', 0.97, 0.005],
        ['relu', 0.968, 0.004],
        ['sigmoid', 0.9, 0.01],
      ]),
    );
    expect(v.verdict).toBe('holds');
    expect(v.reason).toContain('2 of 3');
  });
  it('holds partly for a lead under one point, does not hold for a clear winner', () => {
    expect(
      compareVerdict(
        compareOut([
          ['elu', 0.97, 0.001],
          ['relu', 0.965, 0.001],
        ]),
      ).verdict,
    ).toBe('holds partly');
    expect(
      compareVerdict(
        compareOut([
          ['elu', 0.97, 0.001],
          ['relu', 0.9, 0.001],
        ]),
      ).verdict,
    ).toBe('does not hold at this scale');
  });
});

describe('converge and selu: their own verdicts', () => {
  it('takes converge’s verdict and tabulates epochs to the target', () => {
    const v = convergeAssessment({
      maxEpochs: 4,
      verdict: { verdict: 'does not hold at this scale', reason: 'tanh needs 0.7× ReLU’s epochs' },
      activations: [
        { act: 'relu', runs: 2, reached: 2, epochsToTarget: ms(2, 0.1), slowdownVsRelu: 1, censored: false },
        { act: 'sigmoid', runs: 2, reached: 0, epochsToTarget: ms(NaN), slowdownVsRelu: 2, censored: true },
      ],
    });
    expect(v.verdict).toBe('does not hold at this scale');
    expect(v.rows[1]).toEqual(['sigmoid', '0/2', '> 4', '> 2.0×']);
  });
  it('takes selu’s verdict and counts layers near (0, 1)', () => {
    const v = seluAssessment({
      verdict: { verdict: 'holds', reason: 'SELU keeps 3/3' },
      variants: [
        {
          id: 'selu+lecun',
          atInit: { mean: [0, 0, 0], outside: [] },
          trained: { outside: [3] },
          lastLayer: { initVariance: [1, 1.1] },
          testAccuracy: ms(0.9),
        },
      ],
    });
    expect(v.verdict).toBe('holds');
    expect(v.rows[0]!.slice(0, 4)).toEqual(['selu+lecun', '3/3', '2/3', '1.050']);
  });
});

const siren = (sine: number, relu: number) => ({
  networks: [
    { network: 'sine_w30', label: 'SIREN', psnr: ms(sine) },
    { network: 'relu', label: 'ReLU', psnr: ms(relu) },
    { network: 'relu_pe', label: 'ReLU + PE', psnr: ms(25) },
  ],
});

describe('siren', () => {
  it('grades the PSNR gain of SIREN over ReLU', () => {
    expect(sirenVerdict(siren(40, 20)).verdict).toBe('holds');
    expect(sirenVerdict(siren(25, 20)).verdict).toBe('holds partly');
    expect(sirenVerdict(siren(21, 20)).verdict).toBe('does not hold at this scale');
    expect(sirenVerdict(siren(40, 20)).reason).toContain('positional encoding 25.0 dB');
  });
});

const floors = { line: 0.65, quadratic: 0.65 };
const approx = (fits: [string, string, number | null, number[]][]) => ({
  tol: 0.02,
  widths: [1, 64],
  results: fits.map(([act, target, widthToReach, rmse]) => ({ act, target, widthToReach, rmse, floors })),
});

describe('approx', () => {
  it('holds when every non-polynomial fit beats the polynomial floor and reaches the tolerance on continuous targets', () => {
    const v = approxVerdict(
      approx([
        ['relu', 'sin', 64, [0.7, 0.01]],
        ['relu', 'step', null, [0.7, 0.1]], // a jump: not required to reach the tolerance
        ['identity', 'sin', null, [0.7, 0.65]],
      ]),
    );
    expect(v.verdict).toBe('holds');
    expect(v.reason).toContain('1 of 1 non-polynomial fits of continuous targets reach RMS ≤ 0.02 by width 64');
  });
  it('holds partly when a continuous target is not reached; not when a fit stalls at the floor', () => {
    expect(
      approxVerdict(
        approx([
          ['relu', 'sin', null, [0.7, 0.05]],
          ['square', 'sin', null, [0.7, 0.65]],
        ]),
      ).verdict,
    ).toBe('holds partly');
    expect(approxVerdict(approx([['tanh', 'sin', null, [0.7, 0.64]]])).verdict).toBe('does not hold at this scale');
    expect(
      approxVerdict(
        approx([
          ['relu', 'sin', 64, [0.7, 0.01]],
          ['square', 'sin', 64, [0.7, 0.01]],
        ]),
      ).verdict,
    ).toBe('does not hold at this scale');
  });
});

const robust = (verdicts: (string | null)[]) => ({
  baseline: 'relu',
  activations: ['relu', 'softplus', 'silu'].map((act, i) => ({
    act,
    runs: 2,
    clean: ms(0.9),
    worstCase: ms(0.6),
    verdict: verdicts[i] ?? null,
  })),
});

describe('robust', () => {
  it('maps the per-activation comparisons with ReLU to a verdict', () => {
    expect(robustVerdict(robust([null, 'better', 'tie'])).verdict).toBe('holds');
    expect(robustVerdict(robust([null, 'better', 'worse'])).verdict).toBe('holds partly');
    const none = robustVerdict(robust([null, 'tie', 'worse']));
    expect(none.verdict).toBe('does not hold at this scale');
    expect(none.reason).toContain('indistinguishable: softplus');
    expect(robustVerdict(robust([null, 'n/a', 'n/a'])).verdict).toBe('undecided');
  });
  it('leaves out networks that did not train, and is undecided when ReLU did not', () => {
    const out = robust([null, 'better', 'tie']);
    out.activations[1]!.clean = ms(0.11);
    const v = robustVerdict(out);
    expect(v.verdict).toBe('does not hold at this scale');
    expect(v.reason).toContain('did not train (clean accuracy < 50.0%): softplus');
    out.activations[0]!.clean = ms(0.1);
    expect(robustVerdict(out).verdict).toBe('undecided');
  });
});

describe('the claims', () => {
  it('have unique ids and run a command at both sizes without naming --out or --json', () => {
    expect(new Set(NOTES_CLAIMS.map((c) => c.id)).size).toBe(NOTES_CLAIMS.length);
    for (const c of NOTES_CLAIMS)
      for (const args of [c.args.quick, c.args.full]) {
        expect(args).not.toContain('--out');
        expect(args).not.toContain('--json');
      }
  });
});
