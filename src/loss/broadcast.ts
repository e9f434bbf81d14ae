// NumPy/PyTorch broadcasting for the elementwise losses (kl_div, mse_loss, BCE weights).
import { LossError } from './errors';
import { numel } from './tensor';

/**
 * The broadcast shape of two shapes, with torch's error text when they do not broadcast;
 * like torch's infer_size it checks from the last dim, so it names the last mismatch.
 * @example broadcastShapes([2, 1], [3]) // [2, 3]
 */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = rank - 1; i >= 0; i--) {
    const sa = a[a.length - rank + i] ?? 1;
    const sb = b[b.length - rank + i] ?? 1;
    if (sa !== sb && sa !== 1 && sb !== 1) {
      throw new LossError(
        `The size of tensor a (${sa}) must match the size of tensor b (${sb}) at non-singleton dimension ${i}`,
      );
    }
    out[i] = sa === 1 ? sb : sa;
  }
  return out;
}

/**
 * For each flat index of `outShape`, the flat index of the broadcast operand of `shape`, so an
 * elementwise loop reads a broadcast operand without materialising it.
 * @example Array.from(broadcastIndex([2, 2], [2])) // [0, 1, 0, 1]
 */
export function broadcastIndex(outShape: readonly number[], shape: readonly number[]): Int32Array {
  const size = numel(outShape);
  const index = new Int32Array(size);
  const rank = outShape.length;
  const offset = rank - shape.length;
  // Strides of the operand, with 0 along broadcast dims so they repeat.
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const s = shape[i] as number;
    strides[i + offset] = s === 1 ? 0 : stride;
    stride *= s;
  }
  const counter = new Array<number>(rank).fill(0);
  let source = 0;
  for (let flat = 0; flat < size; flat++) {
    index[flat] = source;
    // Odometer increment of the multi-index, updating the source offset incrementally.
    for (let d = rank - 1; d >= 0; d--) {
      counter[d] = (counter[d] as number) + 1;
      source += strides[d] as number;
      if ((counter[d] as number) < (outShape[d] as number)) break;
      source -= (strides[d] as number) * (outShape[d] as number);
      counter[d] = 0;
    }
  }
  return index;
}

/**
 * Sum a gradient of the broadcast shape back onto an operand's own shape; `round` rounds each
 * partial sum to a dtype (Math.fround for float32), as PyTorch's kernels accumulate in it.
 * @example Array.from(sumToShape([1, 2, 3, 4], [2, 2], [2])) // [4, 6]
 */
export function sumToShape(
  grad: ArrayLike<number>,
  outShape: readonly number[],
  shape: readonly number[],
  round: (v: number) => number = (v) => v,
): Float64Array {
  // Nothing was broadcast: the gradient as it is (adding it to +0 would turn a −0 into +0).
  if (sameShape(outShape, shape)) return Float64Array.from(grad);
  const out = new Float64Array(numel(shape));
  const index = broadcastIndex(outShape, shape);
  for (let i = 0; i < index.length; i++) {
    const k = index[i] as number;
    out[k] = round((out[k] as number) + (grad[i] as number));
  }
  return out;
}

/**
 * Whether two shapes are identical, so a kernel can skip broadcasting.
 * @example sameShape([2, 3], [2, 3]) // true
 */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** A shape as torch prints it in messages: "[2, 3]". */
export function shapeList(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** A shape as torch.Size prints: "torch.Size([2, 3])". */
export function torchSize(shape: readonly number[]): string {
  return `torch.Size(${shapeList(shape)})`;
}
