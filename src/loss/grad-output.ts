// The upstream gradient a backward function is given: one value per loss entry for
// reduction 'none', one scalar otherwise (ones when omitted), checked against the loss's shape.
import { sameShape, shapeList } from './broadcast';
import { requireTensor } from './dtype';
import { LossError } from './errors';
import { numel, type Tensor } from './tensor';

export interface Upstream {
  /** Per-entry values for 'none'; undefined when one scalar applies to every entry. */
  readonly values: ArrayLike<number> | undefined;
  readonly scalar: number;
}

/** Validate gradOutput for a loss of `lossShape` ('none') or a scalar loss (any other reduction). */
export function upstreamOf(
  fn: string,
  gradOutput: Tensor | undefined,
  reduction: string,
  lossShape: readonly number[],
): Upstream {
  if (gradOutput === undefined) return { values: undefined, scalar: 1 };
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
  return reduction === 'none'
    ? { values: gradOutput.data, scalar: Number.NaN }
    : { values: undefined, scalar: gradOutput.data[0] as number };
}

/** The upstream value for loss entry i. */
export function upstreamAt(upstream: Upstream, i: number): number {
  return upstream.values === undefined ? upstream.scalar : (upstream.values[i] as number);
}
