// Where the classes are: PyTorch's class dim is 0 for a 1-D input and 1 otherwise, so an
// input (N, C, d1..dk) is M = N·d1···dk rows of C entries spaced D = d1···dk apart.
// This file also reproduces nll_loss_nd's shape checks and their exact messages.
import { sameShape, shapeList } from './broadcast';
import { scalarTypeName } from './dtype';
import { LossError } from './errors';
import { numel, type Tensor } from './tensor';

export interface ClassLayout {
  /** Number of classes. */
  readonly classes: number;
  /** Rows (samples × spatial positions). */
  readonly rows: number;
  /** Distance between consecutive classes of one row. */
  readonly stride: number;
  /** Shape of a per-row result ('none' output). */
  readonly rowShape: readonly number[];
}

/** The rows of a classification input; row m starts at rowStart(layout, m). */
export function classLayout(input: Tensor): ClassLayout {
  const shape = input.shape;
  if (shape.length === 1) return { classes: shape[0] as number, rows: 1, stride: 1, rowShape: [] };
  const batch = shape[0] as number;
  const classes = shape[1] as number;
  const spatial = shape.slice(2);
  const stride = numel(spatial);
  return { classes, rows: batch * stride, stride, rowShape: [batch, ...spatial] };
}

/** Offset of the first class entry of row m. */
export function rowStart(layout: ClassLayout, m: number): number {
  const { stride, classes } = layout;
  if (stride === 1) return m * classes; // (N, C): rows are contiguous
  const n = Math.floor(m / stride);
  return n * classes * stride + (m - n * stride);
}

/**
 * Check class-index targets against the input as nll_loss_nd does, in the same order,
 * and return the target index for each row (1-D input with a 1-D target uses target[0]).
 */
export function indexTargets(input: Tensor, target: Tensor): ArrayLike<number> {
  const inShape = input.shape;
  const tShape = target.shape;
  if (inShape.length < 1) {
    throw new LossError(`Expected 1 or more dimensions (got ${inShape.length})`, 'ValueError');
  }
  if (inShape.length !== 1 && inShape[0] !== (tShape[0] ?? 1)) {
    throw new LossError(
      `Expected input batch_size (${inShape[0]}) to match target batch_size (${tShape[0] ?? 1}).`,
      'ValueError',
    );
  }
  if (inShape.length <= 2) {
    if (tShape.length > 1) {
      throw new LossError('0D or 1D target tensor expected, multi-target not supported');
    }
    const noBatchDim = inShape.length === 1 && tShape.length === 0;
    if (!noBatchDim && inShape[0] !== tShape[0]) {
      throw new LossError(
        `size mismatch (got input: ${shapeList(inShape)}, target: ${shapeList(tShape)})`,
      );
    }
  } else if (inShape.length === 4) {
    if (tShape.length !== 3) {
      throw new LossError(
        `only batches of spatial targets supported (3D tensors) but got targets of dimension: ${tShape.length}`,
      );
    }
    if (!sameShape(tShape, [inShape[0] as number, ...inShape.slice(2)])) {
      throw new LossError(
        `size mismatch (got input: ${shapeList(inShape)} , target: ${shapeList(tShape)}`,
      );
    }
  } else {
    const expected = [inShape[0] as number, ...inShape.slice(2)];
    if (!sameShape(tShape.slice(1), inShape.slice(2))) {
      throw new LossError(`Expected target size ${shapeList(expected)}, got ${shapeList(tShape)}`);
    }
  }
  if (target.dtype !== 'int64') {
    throw new LossError(`expected scalar type Long but found ${scalarTypeName(target.dtype)}`);
  }
  // The 1-D quirk: a (C) input with a (C) target reads only target[0] (PyTorch 1.13).
  return inShape.length === 1 ? Float64Array.of(target.data[0] as number) : target.data;
}

/** Validate a class-weight vector for the index path: 1-D, one per class, input's dtype. */
export function checkIndexWeight(weight: Tensor | undefined, input: Tensor, classes: number): void {
  if (weight === undefined) return;
  if (weight.shape.length !== 1 || weight.shape[0] !== classes) {
    throw new LossError(
      `weight tensor should be defined either for all ${classes} classes or no classes but got weight tensor of shape: ${shapeList(weight.shape)}`,
    );
  }
  if (weight.dtype !== input.dtype) {
    throw new LossError(
      `expected scalar type ${scalarTypeName(input.dtype)} but found ${scalarTypeName(weight.dtype)}`,
    );
  }
}

/** Reject a target outside [0, C) that is not the ignore index, with PyTorch's IndexError text. */
export function checkTargetRange(
  targets: ArrayLike<number>,
  classes: number,
  ignoreIndex: number,
): void {
  for (let m = 0; m < targets.length; m++) {
    const y = targets[m] as number;
    if (y !== ignoreIndex && (y < 0 || y >= classes))
      throw new LossError(`Target ${y} is out of bounds.`, 'IndexError');
  }
}
