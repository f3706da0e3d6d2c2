/**
 * `actlab export DIR --onnx` through the built CLI: an MLP trained on iris and the CNN trained on
 * MNIST by `actlab train` become model.onnx files that onnxruntime-node runs on RAW inputs (the
 * standardisation is inside the graph), giving the logits the reloaded actlab model gives on the
 * standardised ones — at the default opset 17 and the newest one; and the one-line errors.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel, saveModel } from '../../src/io/node/model-file.js';
import { loadSplit } from '../../src/experiments/data.js';
import { getDataset } from '../../src/data/registry.js';
import { MAX_OPSET } from '../../src/io/onnx/graph.js';
import { nn } from '../../src/index.js';
import { tensor } from '../../src/tensor/create.js';
import { expectClose, runOnnx } from '../io/onnx/ort.js';
import { tempDir } from '../experiments/helpers.js';
import { actlab, actlabJson } from './run.js';

const tmp = tempDir('actlab-cli-export-');
afterAll(tmp.cleanup);

interface ExportJson {
  path: string;
  bytes: number;
  opset: number;
  inputShape: (string | number)[];
  outputShape: (string | number)[];
  standardize: { shift: number[]; scale: number[] } | null;
  ops: string;
}

/** Exit code 2 with exactly one line on stderr, nothing on stdout. */
function expectUsageError(args: string[], message: RegExp): void {
  const r = actlab(...args);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr.trim()).toMatch(message);
  expect(r.status).toBe(2);
}

/** onnxruntime on the raw test inputs against the actlab model on the standardised ones (test/io/onnx/ort.ts's rule). */
async function expectSameLogits(
  onnxPath: string,
  dir: string,
  dataset: string,
  sizes: [number, number],
): Promise<void> {
  const raw = getDataset(dataset, { trainSize: sizes[0], testSize: sizes[1], seed: 0 }).test;
  const scaled = loadSplit({ dataset, trainSize: sizes[0], testSize: sizes[1], dataSeed: 0 }).test;
  const shape = [raw.n, ...raw.featureShape];
  const model = loadModel(dir);
  model.eval();
  const want = model.forward(tensor(Array.from(scaled.x), { shape })).data;
  const got = await runOnnx(readFileSync(onnxPath), Float32Array.from(raw.x), shape);
  expect(got.dims[0]).toBe(raw.n);
  expectClose(got.data, want, got.dims[1]!, `${dataset} logits`);
}

describe('actlab export --onnx', () => {
  const iris = join(tmp.dir, 'iris');
  const cnn = join(tmp.dir, 'cnn');

  it('exports an MLP trained on iris: raw flower measurements in, the actlab logits out', async () => {
    actlabJson('train', '--dataset', 'iris', '--act', 'gelu', '--epochs', '3', '--quiet', '--json', '--out', iris);
    const r = actlabJson<ExportJson>('export', iris, '--onnx', '--json');
    expect(r).toMatchObject({ path: join(iris, 'model.onnx'), opset: 17, inputShape: ['N', 4], outputShape: ['N', 3] });
    expect(r.standardize?.shift).toHaveLength(4);
    // GELU has no native op before opset 20: its exact Erf form.
    expect(r.ops).toBe('Sub, Div×3, Gemm×3, Mul×4, Erf×2, Add×2');
    await expectSameLogits(r.path, iris, 'iris', [120, 30]);
    const newest = actlabJson<ExportJson>(
      'export',
      iris,
      '--onnx',
      '--opset',
      String(MAX_OPSET),
      '--out',
      join(tmp.dir, 'iris-new.onnx'),
      '--json',
    );
    expect(newest.ops).toBe('Sub, Div, Gemm×3, Gelu×2');
    await expectSameLogits(newest.path, iris, 'iris', [120, 30]);
  });

  it('exports the CNN trained on MNIST: raw pixels in (one scale for all of them), the actlab logits out', async () => {
    actlabJson(
      'train',
      '--model',
      'cnn',
      '--dataset',
      'mnist',
      '--act',
      'silu',
      '--train-size',
      '128',
      '--test-size',
      '64',
      '--epochs',
      '1',
      '--quiet',
      '--json',
      '--out',
      cnn,
    );
    const r = actlab('export', cnn, '--onnx');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^wrote .*model\.onnx \(\d+\.\d KiB, opset 17\)\n {2}input {2}'input' {2}\[N, 1, 28, 28\] float32: raw samples, standardised inside the graph\n {2}output 'output' \[N, 10\] float32: logits\n {2}ops {4}Sub, Div, Conv×2, Sigmoid×3, Mul×3, MaxPool×2, Flatten, Gemm×2\n$/,
    );
    await expectSameLogits(join(cnn, 'model.onnx'), cnn, 'mnist', [128, 64]);
  });

  it('without the standardisation (--no-standardize) the graph starts at the first layer', () => {
    const r = actlabJson<ExportJson>(
      'export',
      iris,
      '--onnx',
      '--no-standardize',
      '--out',
      join(tmp.dir, 'bare.onnx'),
      '--json',
    );
    expect(r.standardize).toBeNull();
    expect(r.ops.startsWith('Gemm')).toBe(true);
  });

  it('one-line usage errors: no format, a compare folder, no model folder, no input shape, a bad opset', () => {
    expectUsageError(['export', iris], /^actlab export: choose the export format: --onnx \(the only one so far\)$/);
    const compare = join(tmp.dir, 'compare');
    mkdirSync(compare);
    writeFileSync(join(compare, 'results.jsonl'), '');
    expectUsageError(
      ['export', compare, '--onnx'],
      /^actlab export: .*compare is an actlab compare folder: compare keeps each run's results \(results\.jsonl\), not its trained model; train the configuration you want to export with actlab train --out DIR, then export DIR$/,
    );
    expectUsageError(
      ['export', join(tmp.dir, 'none'), '--onnx'],
      /^actlab export: DIR .*none: .*none does not exist; pass a folder written by actlab train --out/,
    );
    const bare = join(tmp.dir, 'bare');
    saveModel(bare, new nn.Sequential(new nn.Linear(3, 2)));
    expectUsageError(
      ['export', bare, '--onnx'],
      /^actlab export: .*bare: model\.json does not say what one input sample looks like; pass --input-shape \(e\.g\. 784 or 1,28,28\)$/,
    );
    expect(actlabJson<ExportJson>('export', bare, '--onnx', '--input-shape', '3', '--json').outputShape).toEqual([
      'N',
      2,
    ]);
    expectUsageError(
      ['export', bare, '--onnx', '--input-shape', '4'],
      /^actlab export: .*bare: toOnnx: model\[0\] \(Linear\) cannot be exported: expected 3 features in the last dim, got shape \[N, 4\]$/,
    );
    expectUsageError(
      ['export', iris, '--onnx', '--opset', '12'],
      /--opset <n>.*expected an integer in 13\.\.26, got '12'/,
    );
  });
});
