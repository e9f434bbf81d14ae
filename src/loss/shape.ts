// Shape bookkeeping shared by the ops: dim wrapping and the outer × size × inner split
// that lets one loop walk any dim of a row-major tensor.
import { LossError } from './errors';
import type { Tensor } from './tensor';

/**
 * Wrap a possibly negative dim into [0, ndim), with PyTorch's IndexError wording.
 * @example normalizeDim(-1, 3) // 2
 */
export function normalizeDim(dim: number, ndim: number): number {
  const rank = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -rank || dim >= rank) {
    throw new LossError(
      `Dimension out of range (expected to be in range of [${-rank}, ${rank - 1}], but got ${String(dim)})`,
      'IndexError',
    );
  }
  return dim < 0 ? dim + rank : dim;
}

/** The layout of one dim: `outer` blocks of `size` entries spaced `inner` apart. */
export interface DimLayout {
  readonly outer: number;
  readonly size: number;
  readonly inner: number;
}

/**
 * Split a shape around `dim` so reductions along it become strided loops.
 * @example dimLayout([2, 3, 4], 1) // {"outer": 2, "size": 3, "inner": 4}
 */
export function dimLayout(shape: readonly number[], dim: number): DimLayout {
  let outer = 1;
  let inner = 1;
  shape.forEach((s, i) => {
    if (i < dim) outer *= s;
    if (i > dim) inner *= s;
  });
  return { outer, size: shape.length === 0 ? 1 : (shape[dim] as number), inner };
}

/** Reject integer tensors where PyTorch's kernels only take floating point. */
export function requireFloat(t: Tensor, kernel: string): void {
  if (t.dtype === 'int64') {
    throw new LossError(`"${kernel}" not implemented for 'Long'`);
  }
}
