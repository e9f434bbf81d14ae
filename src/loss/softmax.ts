// softmax(x)_i = exp(x_i − m) / Σ_j exp(x_j − m): the row kernels' exps, scaled by 1/Σ.
import { softmaxFamily, type DimOptions } from './log-softmax';
import type { Tensor } from './tensor';

/**
 * Probabilities from logits along `dim`; each slice sums to 1 and ignores a common shift.
 * @example softmax(tensor([2, 1, 0.1])) // tensor([0.6590, 0.2424, 0.0986])
 */
export function softmax(x: Tensor, options: DimOptions = {}): Tensor {
  return softmaxFamily(x, options, 'softmax');
}
