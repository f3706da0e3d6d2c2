/** F.linear: y = x·Wᵀ + b, as one GEMM that reads W transposed in place (no copy of the weight). */
import type { Tensor } from '../../tensor/tensor.js';
import { fmtShape } from '../../tensor/shape.js';
import { add, mm, reshape } from '../../ops/index.js';
import { checkFloatTensor } from './args.js';

/**
 * Applies an affine map to the last dimension: $y = x W^\top + b$.
 *
 * @param input `[*, in]` (any number of leading dims, or a single `[in]` vector).
 * @param weight `[out, in]`, as torch stores it.
 * @param bias optional `[out]`.
 * @returns `[*, out]`.
 * @example F.linear(randn([4, 3]), randn([2, 3]), zeros([2])).shape // [4, 2]
 */
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  checkFloatTensor(input, 'linear', 'input');
  checkFloatTensor(weight, 'linear', 'weight');
  if (weight.ndim !== 2)
    throw new RangeError(`linear: weight must be 2-D [out, in], got shape ${fmtShape(weight.shape)}`);
  const [out, inF] = weight.shape as [number, number];
  if (input.ndim === 0 || input.shape[input.ndim - 1] !== inF) {
    throw new RangeError(
      `linear: input of shape ${fmtShape(input.shape)} must have ${inF} features in its last dim, as weight ${fmtShape(weight.shape)} expects`,
    );
  }
  if (bias != null) {
    checkFloatTensor(bias, 'linear', 'bias');
    if (bias.ndim !== 1 || bias.shape[0] !== out) {
      throw new RangeError(
        `linear: bias must have shape [${out}] to match weight ${fmtShape(weight.shape)}, got ${fmtShape(bias.shape)}`,
      );
    }
  }
  const lead = input.shape.slice(0, -1);
  const rows = lead.reduce((p, d) => p * d, 1);
  let y = mm(input.ndim === 2 ? input : reshape(input, [rows, inF]), weight, { transB: true });
  if (bias != null) y = add(y, bias);
  return input.ndim === 2 ? y : reshape(y, [...lead, out]);
}
