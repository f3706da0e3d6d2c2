/**
 * Models that leave one command and enter another, through the built CLI: `train` writes a model
 * folder that io.loadModel and `train --from` read back, `--model cnn`, `--resume` of a killed
 * run bit for bit, and the one-line errors for what cannot work.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel, readModelJson } from '../../src/io/node/model-file.js';
import { readCheckpoint } from '../../src/io/node/checkpoint-file.js';
import { loadSplit } from '../../src/experiments/data.js';
import { evaluate } from '../../src/train/evaluate.js';
import { randn } from '../../src/tensor/create.js';
import { tempDir } from '../experiments/helpers.js';
import { actlab, actlabJson } from './run.js';

const tmp = tempDir('actlab-cli-models-');
afterAll(tmp.cleanup);

interface TrainJson {
  trainLoss: number;
  testLoss: number;
  testAccuracy: number;
  epochs: number;
  files: string[];
}

/** Exit code 2 with exactly one line on stderr, nothing on stdout. */
function expectUsageError(args: string[], message: RegExp): void {
  const r = actlab(...args);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr.trim()).toMatch(message);
  expect(r.status).toBe(2);
}

const MOONS = ['--dataset', 'moons', '--train-size', '200', '--test-size', '100', '--hidden', '6', '--quiet', '--json'];

describe('actlab train → model folder → io.loadModel / train --from', () => {
  const dir = join(tmp.dir, 'moons-gelu');

  it('writes model.json + model.safetensors that load back into the same network', () => {
    const r = actlabJson<TrainJson>(
      'train',
      ...MOONS,
      '--act',
      'gelu',
      '--param',
      'approximate=tanh',
      '--epochs',
      '8',
      '--out',
      dir,
    );
    expect(r.files.slice(0, 3)).toEqual([
      join(dir, 'model.json'),
      join(dir, 'model.safetensors'),
      join(dir, 'metrics.json'),
    ]);
    const json = readModelJson(dir);
    expect(json.builder).toEqual({
      kind: 'mlp',
      inputShape: [2],
      hidden: [6],
      classes: 2,
      activation: { id: 'gelu', params: { approximate: 'tanh' } },
      init: 'default',
    });
    expect(json.input).toMatchObject({ shape: [2], dataset: 'moons', standardize: { shift: expect.any(Array) } });
    expect(json.metadata).toMatchObject({ act: 'gelu', seed: 0, testAccuracy: r.testAccuracy });
    const model = loadModel(dir);
    expect(model.toString()).toMatch(/GELU\(approximate='tanh'\)/);
    // The reloaded network scores on the same (standardized) test split exactly what train reported.
    const metrics = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8'));
    const split = loadSplit({ dataset: 'moons', trainSize: 200, testSize: 100, dataSeed: 0 });
    const ev = evaluate(model, split.test);
    expect([ev.loss, ev.accuracy]).toEqual([metrics.testLoss, metrics.testAccuracy]);
  });

  it('--from DIR continues from the saved weights (its gradient norms at start are the old run’s final ones)', () => {
    const old = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8'));
    const out = join(tmp.dir, 'from');
    actlabJson<TrainJson>(
      'train',
      '--from',
      dir,
      ...MOONS.filter((a) => a !== '--hidden' && a !== '6'),
      '--epochs',
      '2',
      '--out',
      out,
    );
    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(m.gradNormInit).toEqual(old.gradNormFinal);
    expect(m.network).toBe('2 → 6 → 2');
    expect(readModelJson(out).builder).toEqual(readModelJson(dir).builder);
  });

  it('--from refuses a folder without model.json, network options, and a model that cannot take the data', () => {
    const weightsOnly = join(tmp.dir, 'weights-only');
    actlabJson('train', ...MOONS, '--epochs', '1', '--out', weightsOnly);
    rmSync(join(weightsOnly, 'model.json'));
    expectUsageError(
      ['train', '--from', weightsOnly, '--out', join(tmp.dir, 'x')],
      /^actlab train: --from .*weights-only: .*weights-only has model\.safetensors but no model\.json .*; pass a folder written by actlab train --out \(it holds model\.json and model\.safetensors\), or by io\.saveModel$/,
    );
    expectUsageError(
      ['train', '--from', join(tmp.dir, 'none'), '--out', join(tmp.dir, 'x')],
      /--from .*none: .*none does not exist; pass a folder/,
    );
    expectUsageError(
      ['train', '--from', dir, '--act', 'relu', '--hidden', '4', '--out', join(tmp.dir, 'x')],
      /--from takes the network from .*; drop --hidden, --act/,
    );
    expectUsageError(
      ['train', '--from', dir, '--dataset', 'iris', '--out', join(tmp.dir, 'x')],
      /--from .*: the model takes samples of shape \[2\] in 2 classes; iris has \[4\] in 3/,
    );
  });
});

describe('actlab train --model cnn', () => {
  it('trains the small CNN on images and saves it as a CNN', () => {
    const out = join(tmp.dir, 'cnn');
    const r = actlabJson<TrainJson>(
      'train',
      '--model',
      'cnn',
      '--dataset',
      'mnist',
      '--train-size',
      '128',
      '--test-size',
      '64',
      '--epochs',
      '1',
      '--lr',
      '0.002',
      '--quiet',
      '--json',
      '--out',
      out,
    );
    expect(r.epochs).toBe(1);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.network).toBe('1×28×28 → conv16 → conv32 → 128 → 10');
    expect(metrics.gradNormInit).toHaveLength(4); // conv, conv, linear, linear
    expect(readModelJson(out).builder).toMatchObject({ kind: 'cnn', inputShape: [1, 28, 28], hidden: [128] });
    const model = loadModel(out);
    expect(model.forward(randn([3, 1, 28, 28])).shape).toEqual([3, 10]);
  });

  it('is a usage error on data that are not images, and for an unknown model', () => {
    expectUsageError(
      ['train', '--model', 'cnn', '--dataset', 'xor', '--out', join(tmp.dir, 'x')],
      /^actlab train: --model cnn: the cnn needs images \(\[channels, height, width\] samples: mnist, fashion-mnist\); xor has samples of shape \[2\]$/,
    );
    expectUsageError(
      ['train', '--model', 'resnet', '--out', join(tmp.dir, 'x')],
      /unknown model 'resnet'; did you mean .*\(valid: mlp, cnn\)/,
    );
  });
});

describe('actlab compare --model cnn', () => {
  it('trains the CNN per activation × seed and says so in the report', () => {
    const out = join(tmp.dir, 'compare-cnn');
    const r = actlabJson<{ activations: { act: string; gradNormInit: number[] }[] }>(
      'compare',
      '--model',
      'cnn',
      '--acts',
      'relu',
      '--seeds',
      '1',
      '--dataset',
      'mnist',
      '--train-size',
      '64',
      '--test-size',
      '32',
      '--epochs',
      '1',
      '--workers',
      '0',
      '--quiet',
      '--json',
      '--out',
      out,
    );
    expect(r.activations[0]!.gradNormInit).toHaveLength(4);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(
      /The same CNN \(1×28×28 → conv16 → conv32 → 128 → 10, the activation after every hidden layer\)/,
    );
    expect(JSON.parse(readFileSync(join(out, 'experiment.json'), 'utf8'))).toMatchObject({
      model: 'cnn',
      hidden: [128],
    });
  });

  it('is a usage error on points', () => {
    expectUsageError(
      ['compare', '--model', 'cnn', '--dataset', 'moons', '--out', join(tmp.dir, 'x')],
      /^actlab compare: --model cnn: the cnn needs images .*; moons has samples of shape \[2\]$/,
    );
  });
});

describe('actlab train --resume', () => {
  const args = [
    'train',
    '--dataset',
    'spiral',
    '--train-size',
    '800',
    '--test-size',
    '200',
    '--hidden',
    '16,16',
    '--epochs',
    '6',
    '--act',
    'elu',
    '--batch-size',
    '16',
    '--quiet',
    '--json',
  ];
  const bin = new URL('../../bin/actlab.js', import.meta.url).pathname;

  it('continues a killed run to the numbers and weights of a run that was never interrupted', async () => {
    const whole = join(tmp.dir, 'whole');
    const full = actlabJson<TrainJson>(...args, '--out', whole);

    // The same run, killed (SIGKILL: no cleanup) as soon as its first checkpoint is on disk.
    const killed = join(tmp.dir, 'killed');
    const child = spawn(process.execPath, [bin, ...args, '--out', killed], { stdio: 'ignore' });
    const ckpt = join(killed, 'checkpoint.safetensors');
    await new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        if (existsSync(ckpt)) {
          clearInterval(poll);
          child.kill('SIGKILL');
        }
      }, 5);
      child.on('exit', (code, signal) => {
        clearInterval(poll);
        if (signal === 'SIGKILL') resolve();
        else reject(new Error(`the run ended (code ${code}) before it could be killed; make it longer`));
      });
    });
    expect(existsSync(join(killed, 'model.json'))).toBe(false); // it really stopped before the end
    const at = readCheckpoint(ckpt).meta.epoch!;
    expect(at).toBeGreaterThanOrEqual(1);
    expect(at).toBeLessThan(6);
    expect(readdirSync(killed).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const resumed = actlabJson<TrainJson>(...args, '--out', killed, '--resume');
    expect([resumed.trainLoss, resumed.testLoss, resumed.testAccuracy]).toEqual([
      full.trainLoss,
      full.testLoss,
      full.testAccuracy,
    ]);
    const history = (d: string) =>
      JSON.parse(readFileSync(join(d, 'metrics.json'), 'utf8')).history.map(
        ({ seconds: _s, ...h }: { seconds: number }) => h,
      );
    expect(history(killed)).toEqual(history(whole));
    expect(readFileSync(join(killed, 'model.safetensors'))).toEqual(readFileSync(join(whole, 'model.safetensors')));
  });

  it('--resume needs the checkpoint of the same run', () => {
    expectUsageError(
      ['train', '--dataset', 'moons', '--out', join(tmp.dir, 'fresh'), '--resume'],
      /--resume: .*fresh\/checkpoint\.safetensors does not exist; a run writes it with --checkpoint-every n \(default 1\)/,
    );
    expectUsageError(
      [...args.slice(0, -2), '--lr', '0.5', '--out', join(tmp.dir, 'whole'), '--resume'],
      /--resume: .*checkpoint\.safetensors was written by another run \(fingerprint "[0-9a-f]+" there, "[0-9a-f]+" here\); resume with the options of that run/,
    );
  });
});
