// Shared machinery of the elementwise losses (kl_div, BCE, mse): broadcasting the operands,
// reducing the pointwise losses, and shaping an upstream gradient.
import { broadcastIndex, sameShape } from './broadcast';
import { upstreamAt, upstreamOf } from './grad-output';
import { compensatedSum, type KlReduction } from './reduction';
import type { Tensor } from './tensor';

/** Read an operand at each flat index of a broadcast shape. */
export function broadcastReader(t: Tensor, outShape: readonly number[]): (i: number) => number {
  if (sameShape(t.shape, outShape)) return (i) => t.data[i] as number;
  const index = broadcastIndex(outShape, t.shape);
  return (i) => t.data[index[i] as number] as number;
}

/** Sum or mean of pointwise losses, rounded by the dtype's `round` (an empty mean is 0/0 = NaN, as in PyTorch). */
export function reduceElementwise(
  values: Float64Array,
  reduction: 'sum' | 'mean',
  round: (value: number) => number,
): number {
  const sum = round(compensatedSum(values));
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
