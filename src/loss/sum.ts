// torch.sum(x) over every element, to a 0-d tensor of x's dtype (int64 stays int64). The terms
// are added in order, each partial sum rounded to the dtype, as PyTorch's CPU kernel adds a
// short tensor; for a long float32 tensor PyTorch's order is its own, within a few ulps of this.
import { requireTensor, roundingOf } from './dtype';
import { makeTensor, type Tensor } from './tensor';

/**
 * The sum of all elements, with the rounding of x's dtype, for the hand-written softmax's Σ exp.
 * @example sum(tensor([1, 2, 3])) // tensor(6.)
 */
export function sum(x: Tensor): Tensor {
  requireTensor(x, 'sum', 'x');
  const round = roundingOf(x.dtype);
  let total = 0;
  for (let i = 0; i < x.data.length; i++) total = round(total + (x.data[i] as number));
  return makeTensor([], x.dtype, [total]);
}
