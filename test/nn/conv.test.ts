/** F.conv2d / F.maxPool2d / F.avgPool2d: against direct loops, float64 gradcheck, torch's tie and padding rules, errors. */
import { describe, expect, it } from 'vitest';
import { randn, tensor } from '../../src/tensor/create.js';
import { Generator } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { gradcheck } from '../../src/autograd/gradcheck.js';
import * as F from '../../src/nn/functional/index.js';
import { Conv2d, MaxPool2d, AvgPool2d } from '../../src/nn/index.js';

const g = new Generator(7);
const rnd = (shape: number[], requiresGrad = true): Tensor =>
  randn(shape, { dtype: 'float64', generator: g, requiresGrad });

/** Direct 7-loop convolution, the definition. */
function naiveConv(
  x: Tensor,
  w: Tensor,
  b: Tensor | null,
  s: [number, number],
  p: [number, number],
  d: [number, number],
): { shape: number[]; data: number[] } {
  const [N, C, H, W] = x.shape as number[] as [number, number, number, number];
  const [O, , kh, kw] = w.shape as number[] as [number, number, number, number];
  const OH = Math.floor((H + 2 * p[0] - d[0] * (kh - 1) - 1) / s[0]) + 1;
  const OW = Math.floor((W + 2 * p[1] - d[1] * (kw - 1) - 1) / s[1]) + 1;
  const out: number[] = [];
  for (let n = 0; n < N; n++)
    for (let o = 0; o < O; o++)
      for (let oh = 0; oh < OH; oh++)
        for (let ow = 0; ow < OW; ow++) {
          let acc = b ? b.data[o]! : 0;
          for (let c = 0; c < C; c++)
            for (let i = 0; i < kh; i++)
              for (let j = 0; j < kw; j++) {
                const ih = oh * s[0] - p[0] + i * d[0];
                const iw = ow * s[1] - p[1] + j * d[1];
                if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
                acc += x.data[((n * C + c) * H + ih) * W + iw]! * w.data[((o * C + c) * kh + i) * kw + j]!;
              }
          out.push(acc);
        }
  return { shape: [N, O, OH, OW], data: out };
}

describe('conv2d', () => {
  const configs: { s: [number, number]; p: [number, number]; d: [number, number] }[] = [
    { s: [1, 1], p: [0, 0], d: [1, 1] },
    { s: [1, 1], p: [1, 1], d: [1, 1] },
    { s: [2, 1], p: [1, 2], d: [1, 2] },
    { s: [3, 2], p: [2, 0], d: [2, 1] },
  ];
  for (const { s, p, d } of configs) {
    it(`matches the direct definition (stride ${s}, padding ${p}, dilation ${d})`, () => {
      const x = rnd([2, 3, 7, 8], false);
      const w = rnd([4, 3, 3, 2], false);
      const b = rnd([4], false);
      const y = F.conv2d(x, w, b, { stride: s, padding: p, dilation: d });
      const ref = naiveConv(x, w, b, s, p, d);
      expect(y.shape).toEqual(ref.shape);
      ref.data.forEach((v, i) => expect(y.data[i]).toBeCloseTo(v, 12));
    });
    it(`passes gradcheck for x, weight and bias (stride ${s}, padding ${p}, dilation ${d})`, () => {
      const r = gradcheck(
        (x, w, b) => F.conv2d(x, w, b, { stride: s, padding: p, dilation: d }),
        [rnd([2, 2, 6, 7]), rnd([3, 2, 3, 2]), rnd([3])],
      );
      expect(r.ok, r.message).toBe(true);
    });
  }

  it("keeps the size with padding 'same', extra padding at the bottom/right for even kernels", () => {
    const x = rnd([1, 2, 5, 6], false);
    const w = rnd([3, 2, 4, 3], false);
    const y = F.conv2d(x, w, null, { padding: 'same' });
    expect(y.shape).toEqual([1, 3, 5, 6]);
    // Total padding 3 rows (1 top, 2 bottom) and 2 columns (1, 1): same as explicit (1, 1) cropped.
    const ref = naiveConv(x, w, null, [1, 1], [1, 1], [1, 1]);
    // naive with padding 1 gives 4 rows (H + 2 − 3); 'same' adds one more zero row at the bottom.
    for (let o = 0; o < 3; o++)
      for (let h = 0; h < 4; h++)
        for (let v = 0; v < 6; v++) expect(y.data[(o * 5 + h) * 6 + v]).toBeCloseTo(ref.data[(o * 4 + h) * 6 + v]!, 12);
    const r = gradcheck((a, b) => F.conv2d(a, b, null, { padding: 'same' }), [rnd([1, 2, 4, 5]), rnd([2, 2, 2, 3])]);
    expect(r.ok, r.message).toBe(true);
  });

  it('accepts an unbatched [C, H, W] input', () => {
    const x = rnd([2, 5, 5], false);
    const w = rnd([3, 2, 3, 3], false);
    expect(F.conv2d(x, w).shape).toEqual([3, 3, 3]);
  });

  it('works in float32 too (the training dtype)', () => {
    const conv = new Conv2d(1, 4, 3, { padding: 1 });
    const y = conv.forward(randn([2, 1, 6, 6]));
    expect(y.dtype).toBe('float32');
    expect(y.shape).toEqual([2, 4, 6, 6]);
  });

  it('names the problem for wrong input shapes', () => {
    const conv = new Conv2d(3, 8, 3);
    expect(() => conv.forward(randn([2, 1, 28, 28]))).toThrow(
      /Conv2d\(3, 8, kernel_size=\(3, 3\).*expected input \[N, 3, H, W\].*got shape \[2, 1, 28, 28\]/,
    );
    expect(() => conv.forward(randn([28, 28]))).toThrow(/got shape \[28, 28\]/);
    expect(() => F.conv2d(randn([1, 1, 2, 2]), randn([1, 1, 3, 3]))).toThrow(/kernel cannot be larger than the input/);
    expect(() => F.conv2d(randn([1, 2, 5, 5]), randn([1, 3, 3, 3]))).toThrow(/expects input with 3 channels.*has 2/);
    expect(() => F.conv2d(randn([1, 1, 5, 5]), randn([1, 1, 3, 3]), null, { stride: 0 })).toThrow(
      /stride must be an integer ≥ 1/,
    );
    expect(() => F.conv2d(randn([1, 1, 5, 5]), randn([2, 1, 3, 3]), randn([3]))).toThrow(/bias must have shape \[2\]/);
  });

  it('prints like torch', () => {
    expect(new Conv2d(1, 32, 3, { padding: 1 }).toString()).toBe(
      'Conv2d(1, 32, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))',
    );
    expect(new Conv2d(16, 32, [5, 3], { stride: 2, bias: false }).toString()).toBe(
      'Conv2d(16, 32, kernel_size=(5, 3), stride=(2, 2), bias=False)',
    );
  });
});

describe('maxPool2d', () => {
  // Expected values printed by torch 1.13 (F.max_pool2d / F.avg_pool2d) for these inputs.
  it('takes window maxima, with −∞ padding and ceil mode', () => {
    const x = tensor([1, 5, 2, 0, 3, 4, 9, 8, 7, 6, 1, 2], { shape: [1, 1, 3, 4], dtype: 'float64' });
    expect(Array.from(F.maxPool2d(x, { kernelSize: 2 }).data)).toEqual([5, 9]);
    expect(Array.from(F.maxPool2d(x, { kernelSize: 2, ceilMode: true }).data)).toEqual([5, 9, 7, 2]);
    expect(Array.from(F.maxPool2d(x, { kernelSize: 2, stride: 1, padding: 1 }).data)).toEqual([
      1, 5, 5, 2, 0, 3, 5, 9, 9, 8, 7, 7, 9, 9, 8, 7, 7, 6, 2, 2,
    ]);
  });

  it('sends the gradient to the first maximum of a window (ties go to the earliest)', () => {
    const x = tensor([2, 2, 2, 2], { shape: [1, 1, 2, 2], dtype: 'float64', requiresGrad: true });
    F.maxPool2d(x, { kernelSize: 2 }).sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([1, 0, 0, 0]);
    const y = tensor([1, 3, 3, 0, 3, 1], { shape: [1, 1, 2, 3], dtype: 'float64', requiresGrad: true });
    // overlapping windows both pick position 1: their gradients add
    F.maxPool2d(y, { kernelSize: 2, stride: 1 }).sum().backward();
    expect(Array.from(y.grad!.data)).toEqual([0, 2, 0, 0, 0, 0]);
  });

  it('propagates NaN like torch', () => {
    const x = tensor([1, NaN, 3, 4], { shape: [1, 1, 2, 2], dtype: 'float64', requiresGrad: true });
    const y = F.maxPool2d(x, { kernelSize: 2 });
    expect(y.data[0]).toBeNaN();
    y.sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([0, 1, 0, 0]);
  });

  it('passes gradcheck (distinct values, stride/padding/dilation)', () => {
    for (const o of [
      { kernelSize: 2 },
      { kernelSize: 3, stride: 2, padding: 1 },
      { kernelSize: [2, 3] as [number, number], stride: 1, dilation: 2 },
      { kernelSize: 2, ceilMode: true },
    ]) {
      const r = gradcheck((x) => F.maxPool2d(x, o), [rnd([2, 2, 5, 7])]);
      expect(r.ok, `${JSON.stringify(o)}: ${r.message}`).toBe(true);
    }
  });

  it('rejects bad geometry', () => {
    expect(() => F.maxPool2d(randn([1, 1, 4, 4]), { kernelSize: 2, padding: 2 })).toThrow(
      /padding 2 must be at most half of kernelSize 2/,
    );
    expect(() => F.maxPool2d(randn([1, 1, 1, 1]), { kernelSize: 2 })).toThrow(/too small: the output would be 0×0/);
    expect(() => F.maxPool2d(randn([4, 4]), { kernelSize: 2 })).toThrow(/3-D \[C, H, W\] or 4-D/);
  });

  it('prints like torch', () => {
    expect(new MaxPool2d(2).toString()).toBe(
      'MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)',
    );
  });
});

describe('avgPool2d', () => {
  const x = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], { shape: [1, 1, 3, 3], dtype: 'float64' });
  it('counts padding in the divisor by default (countIncludePad)', () => {
    expect(Array.from(F.avgPool2d(x, { kernelSize: 2, padding: 1 }).data)).toEqual([
      1 / 4,
      (2 + 3) / 4,
      (4 + 7) / 4,
      (5 + 6 + 8 + 9) / 4,
    ]);
    expect(Array.from(F.avgPool2d(x, { kernelSize: 2, padding: 1, countIncludePad: false }).data)).toEqual([
      1, 2.5, 5.5, 7,
    ]);
    expect(Array.from(F.avgPool2d(x, { kernelSize: 2, padding: 1, divisorOverride: 2 }).data)).toEqual([
      0.5, 2.5, 5.5, 14,
    ]);
  });
  it('does not count the part of a ceil-mode window past the padding', () => {
    // windows at rows/cols {0,1} and {2}: the second is clipped to the input (no padding to count)
    expect(Array.from(F.avgPool2d(x, { kernelSize: 2, ceilMode: true }).data)).toEqual([3, 4.5, 7.5, 9]);
  });
  it('passes gradcheck', () => {
    for (const o of [
      { kernelSize: 2 },
      { kernelSize: 3, stride: 2, padding: 1 },
      { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false, ceilMode: true },
    ]) {
      const r = gradcheck((t) => F.avgPool2d(t, o), [rnd([2, 2, 5, 6])]);
      expect(r.ok, `${JSON.stringify(o)}: ${r.message}`).toBe(true);
    }
  });
  it('prints like torch', () => {
    expect(new AvgPool2d(2).toString()).toBe('AvgPool2d(kernel_size=2, stride=2, padding=0)');
  });
});

describe('unfold (im2col)', () => {
  it("matches torch's F.unfold layout and makes conv2d one matrix product", () => {
    const x = rnd([2, 3, 5, 6], false);
    const w = rnd([4, 3, 3, 2], false);
    const cols = F.unfold(x, { kernelSize: [3, 2], padding: 1, stride: [2, 1] });
    expect(cols.shape).toEqual([2, 18, 3 * 7]);
    // column 0 of sample 0 is the top-left window: its first tap lies in the padding
    expect(cols.data[0]).toBe(0);
    const y = F.conv2d(x, w, null, { padding: 1, stride: [2, 1] });
    const viaGemm = w.reshape(4, 18).matmul(cols);
    expect(viaGemm.shape).toEqual([2, 4, 21]);
    Array.from(viaGemm.data).forEach((v, i) => expect(y.data[i]).toBeCloseTo(v, 12));
  });
  it('passes gradcheck (col2im is its VJP)', () => {
    const r = gradcheck(
      (x) => F.unfold(x, { kernelSize: 3, stride: 2, padding: 1, dilation: [1, 2] }),
      [rnd([2, 2, 6, 7])],
    );
    expect(r.ok, r.message).toBe(true);
  });
});
