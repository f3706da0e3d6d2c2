/** SIREN in the model registry and in model files: buildModel/parse, and a save → load round trip with SineLayer and PositionalEncoding. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel, saveModel } from '../../src/io/node/index.js';
import { buildModel, modelKinds, parseModelSpec } from '../../src/models/index.js';
import { Linear } from '../../src/nn/linear.js';
import { Sequential } from '../../src/nn/container.js';
import { PositionalEncoding } from '../../src/nn/positional-encoding.js';
import { randn } from '../../src/tensor/create.js';
import { Generator } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';

const dir = mkdtempSync(join(tmpdir(), 'actlab-siren-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('siren model kind and model files', () => {
  it('is a registered kind whose spec is checked', () => {
    expect(modelKinds()).toContain('siren');
    const net = buildModel({ kind: 'siren', in: 2, hidden: 8, layers: 2, out: 1, w0: 10 } as never, {
      generator: new Generator(0),
    });
    expect(net.forward(randn([3, 2])).shape).toEqual([3, 1]);
    expect(() => parseModelSpec({ kind: 'siren', in: 2, hidden: 8, layers: 2, out: 1, w0: 0 } as never)).toThrow(
      /w0 must be a finite number > 0, got 0/,
    );
  });
  it('saves and loads SineLayer and PositionalEncoding networks with the same outputs', () => {
    const x = randn([5, 2]);
    const sirenNet = buildModel({ kind: 'siren', in: 2, hidden: 8, layers: 3, out: 1, w0: 30 } as never, {
      generator: new Generator(1),
    });
    const pe = new PositionalEncoding(2, 3, { includeInput: false });
    const peNet = new Sequential(pe, new Linear(pe.outFeatures, 4), new Linear(4, 1));
    for (const [name, net] of [
      ['siren', sirenNet],
      ['pe', peNet],
    ] as const) {
      saveModel(join(dir, name), net);
      const back = loadModel(join(dir, name)) as unknown as { forward(x: Tensor): Tensor; toString(): string };
      expect(back.toString()).toBe(net.toString());
      expect(Array.from(back.forward(x).data)).toEqual(Array.from(net.forward(x).data));
    }
  });
});
