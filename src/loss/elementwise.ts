// Shared machinery of the elementwise losses (kl_div, BCE, mse): broadcasting the operands,
// reducing the pointwise losses, and shaping an upstream gradient.
import { broadcastIndex, sameShape, shapeList } from './broadcast';
import { requireTensor } from './dtype';
import { LossError } from './errors';
import { compensatedSum, type KlReduction } from './reduction';
import { numel, type Tensor } from './tensor';

/** Read an operand at each flat index of a broadcast shape. */
export function broadcastReader(t: Tensor, outShape: readonly number[]): (i: number) => number {
  if (sameShape(t.shape, outShape)) return (i) => t.data[i] as number;
  const index = broadcastIndex(outShape, t.shape);
  return (i) => t.data[index[i] as number] as number;
}

/** Sum or mean of pointwise losses (an empty mean is 0/0 = NaN, as in PyTorch). */
export function reduceElementwise(values: Float64Array, reduction: 'sum' | 'mean'): number {
  const sum = compensatedSum(values);
  return reduction === 'sum' ? sum : sum / values.length;
}

/** The upstream gradient per flat element: its own entries for 'none', one scalar otherwise. */
export function upstreamReader(
  fn: string,
  gradOutput: Tensor | undefined,
  reduction: KlReduction,
  lossShape: readonly number[],
): (i: number) => number {
  if (gradOutput === undefined) return () => 1;
  requireTensor(gradOutput, fn, 'gradOutput');
  const expected = reduction === 'none' ? lossShape : [];
  if (
    !sameShape(gradOutput.shape, expected) &&
    !(expected.length === 0 && numel(gradOutput.shape) === 1)
  ) {
    throw new LossError(
      `${fn}(): gradOutput must have the loss's shape ${shapeList(expected)}, got ${shapeList(gradOutput.shape)}`,
    );
  }
  const g = gradOutput.data;
  return reduction === 'none' ? (i) => g[i] as number : () => g[0] as number;
}
