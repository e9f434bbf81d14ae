// log_softmax(x)_i = x_i − m − log Σ_j exp(x_j − m) with m = max_j x_j (pytorch-semantics §1).
import { requireTensor } from './dtype';
import { checkOptionKeys } from './options';
import { dimLayout, normalizeDim, requireFloat, stridedMax } from './shape';
import { makeTensor, type Tensor } from './tensor';

export interface DimOptions {
  /** The dim holding the classes. @default -1 */
  readonly dim?: number;
}

/**
 * Log-probabilities from logits without ever forming exp(x) of a large logit.
 * @example logSoftmax(tensor([1000, 1001])) // tensor([-1.3133, -0.3133])
 */
export function logSoftmax(x: Tensor, options: DimOptions = {}): Tensor {
  return logSoftmaxKernel(x, options, 'log_softmax');
}

// #region log-softmax
/** The shared kernel; `kernel` names PyTorch's op in its integer-input error. */
export function logSoftmaxKernel(
  x: Tensor,
  options: DimOptions,
  kernel: 'softmax' | 'log_softmax',
): Tensor {
  requireTensor(x, kernel === 'softmax' ? 'softmax' : 'logSoftmax', 'x');
  checkOptionKeys(kernel === 'softmax' ? 'softmax' : 'logSoftmax', options, ['dim']);
  const dim = normalizeDim(options.dim ?? -1, x.shape.length);
  const lastDim = dim === Math.max(x.shape.length - 1, 0);
  // PyTorch's two CPU kernels name themselves differently in the integer-input error.
  requireFloat(x, lastDim ? `${kernel}_lastdim_kernel_impl` : 'softmax_kernel_impl');
  const out = makeTensor(x.shape, x.dtype);
  const { outer, size, inner } = dimLayout(x.shape, dim);
  const src = x.data;
  const dst = out.data;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      // Subtract the row max so exp never overflows; -Infinity entries contribute exp(-inf) = 0.
      const max = stridedMax(src, base, size, inner);
      let sum = 0;
      for (let k = 0; k < size; k++) sum += Math.exp((src[base + k * inner] as number) - max);
      // All -Infinity gives max = -Infinity, and (-inf) - (-inf) = NaN: the row is NaN, as in PyTorch.
      const logSum = Math.log(sum);
      for (let k = 0; k < size; k++) {
        dst[base + k * inner] = (src[base + k * inner] as number) - max - logSum;
      }
    }
  }
  return out;
}
// #endregion log-softmax
