/** actlab attack through the built CLI: a tiny trained CNN attacked end to end, and its usage errors. */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../experiments/helpers.js';
import { actlab, actlabJson, pngFileSize } from './run.js';

const tmp = tempDir('actlab-cli-attack-');
afterAll(tmp.cleanup);
const model = join(tmp.dir, 'model');

interface AttackJson {
  dataset: string;
  n: number;
  cleanAccuracy: number;
  attacks: { name: string; eps: number; robustAccuracy: number }[];
  warnings: string[];
  files: string[];
}

// A tiny CNN trained on standardized digits: attack must put the standardisation inside the model
// (pixels in [0, 1]) and find the test split train held out.
let trained: { testAccuracy: number };
beforeAll(() => {
  trained = actlabJson<{ testAccuracy: number }>(
    'train',
    ...['--model', 'cnn', '--dataset', 'mnist', '--train-size', '300', '--test-size', '40'],
    ...['--hidden', '16', '--epochs', '2', '--lr', '0.003', '--checkpoint-every', '0', '--out', model, '--json'],
  );
}, 300_000);

describe('actlab attack', () => {
  it("attacks the model's held-out split through its standardisation, and writes the table's files", () => {
    const out = join(tmp.dir, 'pgd');
    const r = actlabJson<AttackJson>(
      'attack',
      '--model',
      model,
      '--eps',
      '0.1,0.3',
      '--steps',
      '5',
      '--out',
      out,
      '--json',
    );
    // Same split, same inputs: the clean accuracy is the one train reported on its test split.
    expect(r.dataset).toBe('mnist');
    expect(r.n).toBe(40);
    expect(r.cleanAccuracy).toBeCloseTo(trained.testAccuracy, 10);
    expect(r.attacks.map((a) => [a.name, a.eps])).toEqual([
      ['PGD-5 L∞ ε=0.1', 0.1],
      ['PGD-5 L∞ ε=0.3', 0.3],
      ['FGSM ε=0.1', 0.1],
      ['FGSM ε=0.3', 0.3],
    ]);
    for (const a of r.attacks) expect(a.robustAccuracy).toBeLessThanOrEqual(r.cleanAccuracy);
    // An undefended network at ε = 0.3 (pixels in [0, 1]) is broken; in standardized units it would not be.
    expect(r.attacks[1]!.robustAccuracy).toBeLessThan(0.2);
    expect(r.cleanAccuracy).toBeGreaterThan(0.3); // chance is 0.1
    for (const f of ['attack.json', 'robust-curve.png', 'examples.png']) expect(existsSync(join(out, f)), f).toBe(true);
    expect(pngFileSize(join(out, 'robust-curve.png'))[0]).toBe(960);
    const saved = JSON.parse(readFileSync(join(out, 'attack.json'), 'utf8')) as AttackJson;
    expect(saved.cleanAccuracy).toBe(r.cleanAccuracy);
    expect(readFileSync(join(out, 'examples.svg'), 'utf8')).toContain('perturbation (scaled)');
  }, 300_000);

  it('prints a table; L2 PGD and APGD run; --examples 0 writes no grid', () => {
    const out = join(tmp.dir, 'table');
    const r = actlab(
      ...['attack', '--model', model, '--attack', 'apgd', '--norm', 'l2', '--eps', '1,3', '--steps', '4'],
      ...['--test-size', '10', '--examples', '0', '--out', out, '--quiet'],
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/│ +0 │ clean +│ +\d\.\d{4} │/);
    expect(r.stdout).toMatch(/│ +3 │ APGD-CE-4 L2 ε=3 +│ +\d\.\d{4} │/);
    expect(existsSync(join(out, 'examples.png'))).toBe(false);
    const l2 = actlabJson<AttackJson>(
      ...['attack', '--model', model, '--norm', 'l2', '--eps', '2', '--steps', '3', '--test-size', '10'],
      ...['--examples', '2', '--out', join(tmp.dir, 'l2'), '--json'],
    );
    // No FGSM check beside an L2 attack (FGSM is L∞).
    expect(l2.attacks.map((a) => a.name)).toEqual(['PGD-3 L2 ε=2']);
    expect(readFileSync(join(tmp.dir, 'l2', 'examples.svg'), 'utf8')).toContain('‖δ‖₂');
  }, 300_000);

  it('attacks the networks actlab robust --save-models writes, on the test split the study evaluated', () => {
    const study = join(tmp.dir, 'study');
    const r = actlabJson<{ activations: { clean: { mean: number } }[] }>(
      ...['robust', '--acts', 'elu', '--seeds', '1', '--train-size', '200', '--test-size', '20', '--held-out', '40'],
      ...['--epochs', '1', '--channels', '4', '--hidden', '8', '--pgd-steps', '2', '--apgd-steps', '2'],
      ...['--curve', '0.3', '--workers', '0', '--save-models', '--out', study, '--json'],
    );
    const saved = join(study, 'models', 'elu-seed0');
    const a = actlabJson<AttackJson>(
      ...['attack', '--model', saved, '--eps', '0.3', '--steps', '2', '--examples', '1'],
      ...['--out', join(tmp.dir, 'robust-attack'), '--json'],
    );
    expect(a.n).toBe(20);
    expect(a.cleanAccuracy).toBeCloseTo(r.activations[0]!.clean.mean, 10);
  }, 300_000);

  it('usage errors are one line with exit code 2', () => {
    const empty = join(tmp.dir, 'empty');
    mkdirSync(empty, { recursive: true });
    const xor = join(tmp.dir, 'xor');
    actlabJson('train', '--dataset', 'xor', '--epochs', '1', '--checkpoint-every', '0', '--out', xor, '--json');
    const cases: [string[], RegExp][] = [
      [
        ['--model', empty],
        /^actlab attack: --model .*empty has no model\.json; pass a folder written by actlab train --out \(it holds model\.json and model\.safetensors\)/,
      ],
      [
        ['--model', model, '--eps', '0.1,-0.1'],
        /option '--eps <list>' argument '0\.1,-0\.1' is invalid\. expected a number > 0, got '-0\.1'/,
      ],
      [['--model', model, '--attack', 'cw'], /^actlab attack: unknown attack 'cw'; .*\(valid: fgsm, pgd, apgd\)/],
      [['--model', model, '--norm', 'l3'], /^actlab attack: unknown norm 'l3'; .*\(valid: linf, l2\)/],
      [
        ['--model', model, '--attack', 'fgsm', '--norm', 'l2'],
        /--norm l2: FGSM is an L∞ attack; use --attack pgd or apgd/,
      ],
      [['--model', model, '--attack', 'apgd', '--loss', 'cw'], /unknown loss 'cw'; .*\(valid: ce, dlr\)/],
      [['--model', model, '--steps', '0'], /option '--steps <n>' argument '0' is invalid/],
      [
        ['--model', xor],
        /--model .*xor: attacks take images with pixels in \[0, 1\] \(mnist, fashion-mnist\); xor is not an image dataset/,
      ],
      [['--model', model, '--dataset', 'moons'], /--dataset moons: attacks take images/],
    ];
    for (const [args, message] of cases) {
      const r = actlab('attack', ...args, '--out', join(tmp.dir, 'never'));
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stdout, args.join(' ')).toBe('');
    }
  }, 300_000);
});
