// log_softmax(x)_i = (x_i − m) − log Σ_j exp(x_j − m) with m = max_j x_j (pytorch-semantics §1);
// softmax (softmax.ts) walks its rows through the same function and the same row kernels.
import { requireTensor } from './dtype';
import { checkOptionKeys } from './options';
import { rowKernels, rowLogSum } from './row-kernels';
import { dimLayout, normalizeDim, requireFloat } from './shape';
import { makeTensor, type FloatDType, type Tensor } from './tensor';

export interface DimOptions {
  /** The dim holding the classes. @default -1 */
  readonly dim?: number;
}

/**
 * Log-probabilities from logits without ever forming exp(x) of a large logit.
 * @example logSoftmax(tensor([1000, 1001])) // tensor([-1.3133, -0.3133])
 */
export function logSoftmax(x: Tensor, options: DimOptions = {}): Tensor {
  return softmaxFamily(x, options, 'log_softmax');
}

// #region log-softmax
/** softmax and logSoftmax: PyTorch's argument checks, then the row kernels along `dim`. */
export function softmaxFamily(
  x: Tensor,
  options: DimOptions,
  op: 'softmax' | 'log_softmax',
): Tensor {
  const fn = op === 'softmax' ? 'softmax' : 'logSoftmax';
  requireTensor(x, fn, 'x');
  checkOptionKeys(fn, options, ['dim']);
  const dim = normalizeDim(options.dim ?? -1, x.shape.length);
  const lastDim = dim === Math.max(x.shape.length - 1, 0);
  // PyTorch's two CPU kernels name themselves differently in the integer-input error.
  requireFloat(x, lastDim ? `${op}_lastdim_kernel_impl` : 'softmax_kernel_impl');
  const k = rowKernels(x.dtype as FloatDType, lastDim);
  const out = makeTensor(x.shape, x.dtype);
  const { outer, size, inner } = dimLayout(x.shape, dim);
  // Row (o, i) starts at o·size·inner + i and steps by `inner` along dim.
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const start = o * size * inner + i;
      const max = k.max(x.data, start, size, inner);
      if (op === 'log_softmax') {
        const logSum = rowLogSum(k, x.data, start, size, inner, max);
        k.logSoftmaxInto(x.data, start, size, inner, max, logSum, out.data);
      } else {
        const sum = k.expInto(x.data, start, size, inner, max, out.data);
        k.normalize(out.data, start, size, inner, sum);
      }
    }
  }
  return out;
}
// #endregion log-softmax
