// torch.log: the natural log elementwise, rounded to the input's dtype; log 0 = −∞ and a
// negative input gives NaN, as in PyTorch.
import { requireTensor, roundingOf } from './dtype';
import { makeTensor, type Tensor } from './tensor';

/**
 * ln x for each element, as torch.log computes it, so log(softmax(x)) can be taken as two calls.
 * @example log(tensor([1, 0])) // tensor([0., -inf])
 */
export function log(x: Tensor): Tensor {
  requireTensor(x, 'log', 'x');
  // Integer input is promoted to the default float dtype (float64 here), as torch.log does.
  const dtype = x.dtype === 'int64' ? 'float64' : x.dtype;
  const round = roundingOf(dtype);
  const out = makeTensor(x.shape, dtype);
  for (let i = 0; i < x.data.length; i++) out.data[i] = round(Math.log(x.data[i] as number));
  return out;
}
