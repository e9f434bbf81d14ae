// torch.sum(x) over every element, to a 0-d tensor of x's dtype (int64 stays int64). Float32 is
// summed in PyTorch's own order (SumKernel.cpp, ported in reduction.ts tensorSum), each partial
// sum rounded to float32, so the core prints what PyTorch prints for long tensors too.
import { requireTensor } from './dtype';
import { tensorSum } from './reduction';
import { makeTensor, type Tensor } from './tensor';

/**
 * The sum of all elements, with the rounding of x's dtype, for the hand-written softmax's Σ exp.
 * @example sum(tensor([1, 2, 3])) // tensor(6.)
 */
export function sum(x: Tensor): Tensor {
  requireTensor(x, 'sum', 'x');
  if (x.dtype !== 'float32') {
    // float64 and int64: added in order (int64 sums are exact below 2^53).
    let total = 0;
    for (let i = 0; i < x.data.length; i++) total += x.data[i] as number;
    return makeTensor([], x.dtype, [total]);
  }
  return makeTensor([], x.dtype, [tensorSum(true, x.data)]);
}
