/** F.dropout: inverted dropout with a seeded mask. */
import type { Tensor } from '../../tensor/tensor.js';
import type { Generator } from '../../tensor/random.js';
import { defaultGenerator } from '../../tensor/random.js';
import { empty } from '../../ops/apply.js';
import { mul } from '../../ops/index.js';
import { checkBoolean, checkFloatTensor, checkNumber } from './args.js';

export interface DropoutOptions {
  /** Probability of zeroing an element (default 0.5). */
  p?: number;
  /** Apply dropout (default true, as torch's functional form; modules pass `this.training`). */
  training?: boolean;
  /** Source of the mask (default: the generator `manualSeed` seeds). */
  generator?: Generator;
}

/**
 * Zeroes each element with probability p and scales the survivors by 1/(1−p), so the expected
 * value is unchanged and evaluation needs no rescaling: $y = x \cdot m / (1-p)$, $m \sim \text{Bernoulli}(1-p)$.
 *
 * @example F.dropout(x, { p: 0.2, training: model.training })
 * @see Srivastava et al., "Dropout", JMLR 2014
 */
export function dropout(input: Tensor, options: DropoutOptions = {}): Tensor {
  checkFloatTensor(input, 'dropout', 'input');
  const p = checkNumber(options.p ?? 0.5, 'dropout', 'p', 0, 1);
  const training = checkBoolean(options.training ?? true, 'dropout', 'training');
  if (!training || p === 0) return input;
  const g = options.generator ?? defaultGenerator;
  const mask = empty(input.shape, input.dtype);
  const M = mask.data;
  // p = 1 zeroes everything (scale would be ∞; torch returns zeros).
  const scale = p === 1 ? 0 : 1 / (1 - p);
  for (let i = 0; i < M.length; i++) M[i] = g.random() < p ? 0 : scale;
  return mul(input, mask);
}
