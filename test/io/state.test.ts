/**
 * Weights as safetensors: round trips, files PyTorch wrote (torch_written.safetensors) loaded into
 * an actlab model, and the file actlab writes (actlab_written.safetensors) checked by PyTorch.
 * Set UPDATE_FIXTURES=1 to rewrite the committed actlab_written.safetensors.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { randn, tensor } from '../../src/tensor/create.js';
import { manualSeed } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { Module } from '../../src/nn/module.js';
import * as nn from '../../src/nn/index.js';
import { SafetensorsError } from '../../src/io/safetensors.js';
import { decodeStateDict, encodeStateDict } from '../../src/io/state.js';
import { loadStateDictFile, readStateDict, saveStateDict } from '../../src/io/node/state-file.js';

const fixtures = fileURLToPath(new URL('../fixtures/safetensors/', import.meta.url));
const torchFile = join(fixtures, 'torch_written.safetensors');
const torchJson = join(fixtures, 'torch_written.json');
const actlabFile = join(fixtures, 'actlab_written.safetensors');
const python = '/usr/bin/python3';
const hasTorch = existsSync(python) && spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
if (!hasTorch)
  console.warn(
    `[skip] PyTorch loading actlab's safetensors: no ${python} with torch (apt-get install -y python3-torch)`,
  );
const expected = JSON.parse(readFileSync(torchJson, 'utf8')) as Record<
  string,
  { dtype: string; shape: number[]; data: number[] }
>;

/** The model of the fixture: torch's `fc = nn.Linear(3, 2)` under the name fc. */
class Net extends Module {
  fc = new nn.Linear(3, 2);
  forward(x: Tensor): Tensor {
    return this.fc.forward(x);
  }
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'actlab-state-'));

describe('state dicts as safetensors', () => {
  it('round-trip a model (parameters and BatchNorm buffers) exactly', () => {
    manualSeed(0);
    const a = new nn.Sequential(new nn.Linear(4, 3), new nn.BatchNorm1d(3), new nn.Linear(3, 2, { dtype: 'float64' }));
    a.forward(randn([5, 4]).to('float32')); // moves the running stats
    const path = join(tmp(), 'model.safetensors');
    saveStateDict(a, path);
    manualSeed(1);
    const b = new nn.Sequential(new nn.Linear(4, 3), new nn.BatchNorm1d(3), new nn.Linear(3, 2, { dtype: 'float64' }));
    expect(loadStateDictFile(b, path)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    const sa = a.stateDict();
    const sb = b.stateDict();
    expect(Object.keys(sb)).toEqual([
      '0.weight',
      '0.bias',
      '1.weight',
      '1.bias',
      '2.weight',
      '2.bias',
      '1.running_mean',
      '1.running_var',
      '1.num_batches_tracked',
    ]);
    for (const k of Object.keys(sa)) expect(Array.from(sb[k]!.data), k).toEqual(Array.from(sa[k]!.data));
    const decoded = decodeStateDict(encodeStateDict(a));
    expect(decoded['2.weight']!.dtype).toBe('float64');
    expect(decoded['1.num_batches_tracked']!.dtype).toBe('int32');
  });

  it('loads the file PyTorch wrote into an actlab model', () => {
    const state = readStateDict(torchFile);
    for (const [name, want] of Object.entries(expected)) {
      if (name === '__metadata__') continue;
      expect(state[name]!.shape, name).toEqual(want.shape);
      expect(Array.from(state[name]!.data), name).toEqual(want.data);
    }
    expect(state.labels!.dtype).toBe('int32');
    expect(state.step!.dtype).toBe('float64'); // int64 values beyond int32, exact up to 2^53
    const net = new Net();
    const { unexpectedKeys } = loadStateDictFile(net, torchFile, { strict: false });
    expect(unexpectedKeys.sort()).toEqual(['bn.running_var', 'labels', 'scale', 'step']);
    const x = tensor([[1, 2, 3]]);
    const y = net.forward(x);
    const w = expected['fc.weight']!.data;
    const b = expected['fc.bias']!.data;
    expect(y.data[0]).toBeCloseTo(w[0]! + 2 * w[1]! + 3 * w[2]! + b[0]!, 6);
    expect(() => loadStateDictFile(net, torchFile)).toThrow(/unexpected keys/);
  });

  it('writes the file PyTorch reads back (actlab_written.safetensors = the torch state dict, through actlab)', () => {
    const torchState = readStateDict(torchFile);
    const net = new Net();
    net.loadStateDict({ 'fc.weight': torchState['fc.weight']!, 'fc.bias': torchState['fc.bias']! });
    const state = {
      ...net.stateDict(),
      'bn.running_var': torchState['bn.running_var']!,
      labels: torchState.labels!,
      step: torchState.step!,
      scale: torchState.scale!,
    };
    const bytes = encodeStateDict(state, { dtypes: { step: 'I64' } });
    if (process.env.UPDATE_FIXTURES) writeFileSync(actlabFile, bytes);
    expect(existsSync(actlabFile), 'run with UPDATE_FIXTURES=1 to write actlab_written.safetensors').toBe(true);
    expect(
      Buffer.from(readFileSync(actlabFile)).equals(Buffer.from(bytes)),
      'the committed file is what actlab writes now',
    ).toBe(true);
  });

  it.skipIf(!hasTorch)('PyTorch loads actlab_written.safetensors with the expected values', () => {
    const r = spawnSync(python, ['scripts/fixtures/gen_safetensors.py', '--verify', actlabFile, torchJson], {
      encoding: 'utf8',
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
    });
    expect(r.stdout + r.stderr).toMatch(/actlab_written.safetensors: OK/);
    expect(r.status).toBe(0);
  });

  it('unreadable files are clear errors', () => {
    const dir = tmp();
    expect(() => readStateDict(join(dir, 'missing.safetensors'))).toThrow(SafetensorsError);
    expect(() => readStateDict(join(dir, 'missing.safetensors'))).toThrow(
      /cannot read '.*missing.safetensors' \(ENOENT: no such file\)/,
    );
    const junk = join(dir, 'junk.safetensors');
    writeFileSync(junk, 'this is not a safetensors file');
    expect(() => readStateDict(junk)).toThrow(/junk.safetensors: /);
    const truncated = join(dir, 'truncated.safetensors');
    writeFileSync(truncated, readFileSync(torchFile).subarray(0, 100));
    expect(() => loadStateDictFile(new Net(), truncated)).toThrow(SafetensorsError);
    const wrong = join(dir, 'wrong.safetensors');
    saveStateDict({ 'fc.weight': randn([3, 3]), 'fc.bias': randn([2]) }, wrong);
    expect(() => loadStateDictFile(new Net(), wrong)).toThrow(
      'loadStateDict: fc.weight has shape [3, 3] in the state dict, but [2, 3] in the model',
    );
  });
});
