// softmax = exp(log_softmax): computing through the log form keeps huge logits finite.
import { logSoftmaxKernel, type DimOptions } from './log-softmax';
import type { Tensor } from './tensor';

/**
 * Probabilities from logits along `dim`; each slice sums to 1 and ignores a common shift.
 * @example softmax(tensor([2, 1, 0.1])) // tensor([0.6590, 0.2424, 0.0986])
 */
export function softmax(x: Tensor, options: DimOptions = {}): Tensor {
  const out = logSoftmaxKernel(x, options, 'softmax');
  const data = out.data;
  for (let i = 0; i < data.length; i++) data[i] = Math.exp(data[i] as number);
  return out;
}
