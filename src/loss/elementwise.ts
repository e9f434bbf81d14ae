// Shared machinery of the elementwise losses (kl_div, BCE, mse): broadcasting the operands,
// reducing the pointwise losses, and shaping an upstream gradient.
import { broadcastIndex, sameShape } from './broadcast';
import { upstreamAt, upstreamOf } from './grad-output';
import { roundingOf } from './dtype';
import { tensorSum, type KlReduction } from './reduction';
import type { FloatDType, Tensor } from './tensor';

/** Read an operand at each flat index of a broadcast shape. */
export function broadcastReader(t: Tensor, outShape: readonly number[]): (i: number) => number {
  if (sameShape(t.shape, outShape)) return (i) => t.data[i] as number;
  const index = broadcastIndex(outShape, t.shape);
  return (i) => t.data[index[i] as number] as number;
}

/**
 * Sum or mean of pointwise losses in the dtype, as PyTorch's loss.sum() / loss.mean() reduce
 * them (float32 in torch.sum's order; an empty mean is 0/0 = NaN, as in PyTorch).
 */
export function reduceElementwise(
  values: Float64Array,
  reduction: 'sum' | 'mean',
  dtype: FloatDType,
): number {
  const round = roundingOf(dtype);
  const sum = round(tensorSum(dtype === 'float32', values));
  return reduction === 'sum' ? sum : round(sum / values.length);
}

/** The upstream gradient per flat element, as a reader (the elementwise losses are not hot). */
export function upstreamReader(
  fn: string,
  gradOutput: Tensor | undefined,
  reduction: KlReduction,
  lossShape: readonly number[],
): (i: number) => number {
  const upstream = upstreamOf(fn, gradOutput, reduction, lossShape);
  return (i) => upstreamAt(upstream, i);
}
