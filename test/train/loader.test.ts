/** DataLoader: batch shapes, seeded shuffling (a new order each epoch, the same across runs), tensor sources, errors. */
import { describe, expect, it } from 'vitest';
import { makeDataset } from '../../src/data/dataset.js';
import { DataLoader } from '../../src/data/loader.js';
import { tensor } from '../../src/tensor/create.js';

const ds = makeDataset({
  name: 'toy',
  x: Float32Array.from({ length: 10 * 4 }, (_, i) => i),
  y: Int32Array.from({ length: 10 }, (_, i) => i % 3),
  featureShape: [1, 2, 2],
  numClasses: 3,
});

describe('DataLoader', () => {
  it('yields [B, ...featureShape] float batches and int32 labels, the last one smaller', () => {
    const loader = new DataLoader(ds, { batchSize: 4 });
    const batches = [...loader];
    expect(loader.length).toBe(3);
    expect(batches.map((b) => b.x.shape)).toEqual([
      [4, 1, 2, 2],
      [4, 1, 2, 2],
      [2, 1, 2, 2],
    ]);
    expect(batches[2]!.y.dtype).toBe('int32');
    expect(Array.from(batches[1]!.y.data)).toEqual([1, 2, 0, 1]);
    expect(Array.from(batches[1]!.x.data.subarray(0, 4))).toEqual([16, 17, 18, 19]);
    expect([...new DataLoader(ds, { batchSize: 4, dropLast: true })]).toHaveLength(2);
    expect(new DataLoader(ds, { batchSize: 4, dtype: 'float64' }).length).toBe(3);
    expect([...new DataLoader(ds, { batchSize: 4, dtype: 'float64' })][0]!.x.dtype).toBe('float64');
  });

  it('shuffles with a seed: a new order every epoch, the same sequence on every run', () => {
    const order = (l: DataLoader): number[] => [...l].flatMap((b) => Array.from(b.indices));
    const a = new DataLoader(ds, { batchSize: 3, shuffle: true, seed: 5 });
    const b = new DataLoader(ds, { batchSize: 3, shuffle: true, seed: 5 });
    const a1 = order(a);
    const a2 = order(a);
    expect(a1).not.toEqual(a2);
    expect(order(b)).toEqual(a1);
    expect(order(b)).toEqual(a2);
    expect([...a1].sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // rows travel with their labels
    for (const batch of a) batch.indices.forEach((idx, i) => expect(batch.y.data[i]).toBe(idx % 3));
  });

  it('batches {x, y} tensors, keeping their dtypes', () => {
    const x = tensor(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      { dtype: 'float64' },
    );
    const y = tensor([[0.5], [1.5], [2.5]]);
    const [first] = new DataLoader({ x, y }, { batchSize: 2 });
    expect(first!.x.dtype).toBe('float64');
    expect(first!.y.toArray()).toEqual([[0.5], [1.5]]);
  });

  it('rejects bad arguments with clear messages', () => {
    expect(() => new DataLoader(ds, { batchSize: 0 })).toThrow(
      'DataLoader: batchSize must be a positive integer, got 0',
    );
    expect(() => new DataLoader({ x: tensor([[1, 2]]), y: tensor([0, 1]) })).toThrow(
      'DataLoader: x [1, 2] and y [2] must share their first (sample) dim',
    );
    expect(() => new DataLoader({ x: [1, 2], y: [0] } as never)).toThrow(/expected a Dataset/);
  });
});
