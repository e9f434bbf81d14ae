// torch.sum(x) over every element, and torch.sum(x, dim, keepdim) over some dims, in x's dtype
// (int64 stays int64). Float32 and float64 are summed in PyTorch's own order (eight float32 or
// four float64 register lanes, each a cascade of partial sums), so the core prints what PyTorch
// prints for long tensors too: float32 rounds every partial sum, and a long float64 row added in
// order would drift tens of ulps from PyTorch's last digits. The two are separate exports so a
// page that only sums everything (the cells' hand-written softmax) never loads sum-over-dims.ts.
import { requireTensor } from './dtype';
import { checkOptionKeys } from './options';
import { keep, lanesOf, rowSum, vectorSum } from './reduction';
import { sumOverDims } from './sum-over-dims';
import { normalizeDim } from './shape';
import { makeTensor, type Tensor } from './tensor';

export interface SumOptions {
  /** The dim or dims to reduce. @default every dim */
  readonly dim?: number | readonly number[];
  /** Keep the reduced dims with size 1. @default false */
  readonly keepdim?: boolean;
}

/**
 * The sum of all elements, with the rounding and order of PyTorch for x's dtype, for the
 * hand-written softmax's Σ exp.
 * @example sum(tensor([1, 2, 3])) // tensor(6.)
 */
export function sum(x: Tensor): Tensor {
  requireTensor(x, 'sum', 'x');
  const float32 = x.dtype === 'float32';
  const r = float32 ? Math.fround : keep;
  const size = x.data.length;
  // A contiguous tensor summed over every dim is one row to PyTorch (its dims merge): a row of
  // at least one register is cascaded lane by lane, a shorter one term by term; the result is
  // added to the output's +0. int64 takes float64's order: its sums are exact below 2^53.
  const row =
    size >= lanesOf(float32)
      ? vectorSum(x.data, 0, 1, size, float32)
      : rowSum(x.data, 0, 1, size, r);
  return makeTensor([], x.dtype, [r(0 + row)]);
}

/**
 * The sum along `dim` (every dim by default), keeping the reduced dims when `keepdim`, in
 * PyTorch's order, for the PyTorch cell's x.sum(dim) and x.mean(dim).
 * @example sumDims(tensor([[1, 2], [3, 4]]), { dim: 0 }) // tensor([4., 6.])
 */
export function sumDims(x: Tensor, options: SumOptions = {}): Tensor {
  requireTensor(x, 'sumDims', 'x');
  checkOptionKeys('sumDims', options, ['dim', 'keepdim']);
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
  return makeTensor(shape, x.dtype, sumOverDims(x.dtype === 'float32', x.data, x.shape, reduced));
}
