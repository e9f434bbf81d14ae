// torch.sum(x) over every element (or torch.sum(x, dim, keepdim) over some dims), in x's dtype
// (int64 stays int64). Float32 and float64 are summed in PyTorch's own order (reduction.ts
// sumOverDims: eight float32 or four float64 register lanes, each a cascade of partial sums), so
// the core prints what PyTorch prints for long tensors too: float32 rounds every partial sum, and
// a long float64 row added in order would drift tens of ulps from PyTorch's last digits.
import { requireTensor } from './dtype';
import { checkOptionKeys } from './options';
import { sumOverDims } from './reduction';
import { normalizeDim } from './shape';
import { makeTensor, type Tensor } from './tensor';

export interface SumOptions {
  /** The dim or dims to reduce. @default every dim */
  readonly dim?: number | readonly number[];
  /** Keep the reduced dims with size 1. @default false */
  readonly keepdim?: boolean;
}

/**
 * The sum of all elements (or along `dim`), with the rounding and order of PyTorch for x's dtype,
 * for the hand-written softmax's Σ exp and the PyTorch cell's x.sum(dim).
 * @example sum(tensor([1, 2, 3])) // tensor(6.)
 */
export function sum(x: Tensor, options: SumOptions = {}): Tensor {
  requireTensor(x, 'sum', 'x');
  checkOptionKeys('sum', options, ['dim', 'keepdim']);
  const ndim = x.shape.length;
  const dims =
    options.dim === undefined
      ? x.shape.map((_, d) => d)
      : [
          ...new Set(
            (typeof options.dim === 'number' ? [options.dim] : options.dim).map((d) =>
              normalizeDim(d, ndim),
            ),
          ),
        ];
  const reduced = ndim === 0 ? [] : dims;
  const shape =
    options.keepdim === true
      ? x.shape.map((s, d) => (reduced.includes(d) ? 1 : s))
      : x.shape.filter((_, d) => !reduced.includes(d));
  // int64 takes float64's order: its sums are exact below 2^53, in any order.
  return makeTensor(shape, x.dtype, sumOverDims(x.dtype === 'float32', x.data, x.shape, reduced));
}
