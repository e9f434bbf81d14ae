// torch.exp: e^x elementwise, rounded to the input's dtype; no shift, so a float32 logit past
// ~88.72 (float64 past ~709.78) gives +∞, as the hand-written softmax does.
import { requireTensor, roundingOf } from './dtype';
import { makeTensor, type Tensor } from './tensor';

/**
 * e^x for each element, as torch.exp computes it, so a hand-written softmax overflows where PyTorch's would.
 * @example exp(tensor([0, 1])) // tensor([1.0000, 2.7183])
 */
export function exp(x: Tensor): Tensor {
  requireTensor(x, 'exp', 'x');
  // Integer input is promoted to the default float dtype (float64 here), as torch.exp does.
  const dtype = x.dtype === 'int64' ? 'float64' : x.dtype;
  const round = roundingOf(dtype);
  const out = makeTensor(x.shape, dtype);
  for (let i = 0; i < x.data.length; i++) out.data[i] = round(Math.exp(x.data[i] as number));
  return out;
}
