// torch.logsumexp: log Σ exp(x) along a dim, shifted by the max; an infinite max is not
// subtracted (PyTorch masks it to 0), so all −∞ gives −∞ and any +∞ gives +∞.
import { requireTensor } from './dtype';
import { checkOptionKeys } from './options';
import { rowKernels, rowLogSum } from './row-kernels';
import { dimLayout, normalizeDim } from './shape';
import { makeTensor, type Tensor } from './tensor';

export interface LogSumExpOptions {
  /** The dim to reduce. @default -1 */
  readonly dim?: number;
  /** Keep the reduced dim with size 1. @default false */
  readonly keepdim?: boolean;
}

// #region log-sum-exp
/**
 * log Σ_i exp(x_i) without overflow: the normaliser of softmax and half of cross-entropy.
 * @example logSumExp(tensor([1000, 1000])) // tensor(1000.6931)
 */
export function logSumExp(x: Tensor, options: LogSumExpOptions = {}): Tensor {
  requireTensor(x, 'logSumExp', 'x');
  checkOptionKeys('logSumExp', options, ['dim', 'keepdim']);
  const dim = normalizeDim(options.dim ?? -1, x.shape.length);
  const { outer, size, inner } = dimLayout(x.shape, dim);
  const shape =
    x.shape.length === 0
      ? []
      : options.keepdim === true
        ? x.shape.map((s, i) => (i === dim ? 1 : s))
        : x.shape.filter((_, i) => i !== dim);
  // Integer input is promoted to the default float dtype, as torch.logsumexp does; its
  // integers are exact in float64, so the float64 kernel reads them as they are.
  const out = makeTensor(shape, x.dtype === 'int64' ? 'float64' : x.dtype);
  // torch.logsumexp sums with at::sum, whose order for a long float32 row is its own: the row
  // kernels' order lands within a few float32 ulps of it.
  const lastDim = dim === Math.max(x.shape.length - 1, 0);
  const k = rowKernels(out.dtype === 'float32' ? 'float32' : 'float64', lastDim);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const start = o * size * inner + i;
      const max = k.max(x.data, start, size, inner);
      // Subtract a finite max only: ±∞ − ±∞ would turn an exact ±∞ answer into NaN.
      const shift = Number.isFinite(max) ? max : 0;
      out.data[o * inner + i] = k.round(rowLogSum(k, x.data, start, size, inner, shift) + shift);
    }
  }
  return out;
}
// #endregion log-sum-exp
