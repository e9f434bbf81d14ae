// The arrays under a cell's tensors and the loops over them: broadcasting elementwise maps,
// reductions along a dim, matrix products, indexing and casts. Every result is rounded to its
// dtype after each operation, as PyTorch's kernels round, and the loss core does the rest.
import {
  broadcastIndex,
  broadcastShapes as coreBroadcastShapes,
  dimLayout as layout,
  LossError,
  normalizeDim,
  numel,
  sameShape,
  sum as coreSum,
  sumToShape as coreSumToShape,
  type Tensor as CoreTensor,
} from '../../loss/index';
import { PyException } from '../values';
import { roundTo, storageOf, type TorchDType } from './dtype';

// The core's shape helpers, under the names the cell's ops use.
export { broadcastIndex, layout, numel, sameShape };

/** A dense row-major array of a dtype: what a PyTensor holds. */
export interface Dense {
  readonly shape: readonly number[];
  readonly dtype: TorchDType;
  readonly data: Float64Array | Float32Array;
}

/** Fresh zeroed storage for a dtype. */
export function dense(
  shape: readonly number[],
  dtype: TorchDType,
  values?: ArrayLike<number>,
): Dense {
  const size = numel(shape);
  const data = storageOf(dtype) === 'float32' ? new Float32Array(size) : new Float64Array(size);
  if (values !== undefined) data.set(values);
  return { shape: [...shape], dtype, data };
}

/** The same values in another dtype, rounded (or truncated) as a cast does. */
export function cast(x: Dense, dtype: TorchDType): Dense {
  const round = roundTo(dtype);
  const out = dense(x.shape, dtype);
  for (let i = 0; i < x.data.length; i++) out.data[i] = round(x.data[i] as number);
  return out;
}

/** The loss core's LossError as the Python exception PyTorch raises for it. */
function pythonError<T>(f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (error instanceof LossError) throw new PyException(error.pyType, error.message);
    throw error;
  }
}

/** The shape two shapes broadcast to, with PyTorch's RuntimeError when they do not. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  return pythonError(() => coreBroadcastShapes(a, b));
}

/** f(a, b) elementwise over the broadcast shape, each result rounded to `dtype`. */
export function zipWith(
  a: Dense,
  b: Dense,
  dtype: TorchDType,
  f: (x: number, y: number) => number,
): Dense {
  const shape = broadcastShapes(a.shape, b.shape);
  const out = dense(shape, dtype);
  const round = roundTo(dtype);
  const ia = sameShape(a.shape, shape) ? null : broadcastIndex(shape, a.shape);
  const ib = sameShape(b.shape, shape) ? null : broadcastIndex(shape, b.shape);
  for (let i = 0; i < out.data.length; i++) {
    const x = a.data[ia === null ? i : (ia[i] as number)] as number;
    const y = b.data[ib === null ? i : (ib[i] as number)] as number;
    out.data[i] = round(f(x, y));
  }
  return out;
}

/** f(x) elementwise, rounded to `dtype`. */
export function map(x: Dense, dtype: TorchDType, f: (v: number) => number): Dense {
  const out = dense(x.shape, dtype);
  const round = roundTo(dtype);
  for (let i = 0; i < x.data.length; i++) out.data[i] = round(f(x.data[i] as number));
  return out;
}

/** Sum a gradient of a broadcast shape back onto an operand's shape, accumulating in the dtype. */
export function sumToShape(g: Dense, shape: readonly number[]): Dense {
  if (sameShape(g.shape, shape)) return g;
  return dense(shape, g.dtype, coreSumToShape(g.data, g.shape, shape, roundTo(g.dtype)));
}

/** Wrap a possibly negative dim, with PyTorch's IndexError. */
export function wrapDim(dim: number, ndim: number): number {
  return pythonError(() => normalizeDim(dim, ndim));
}

/** The shape after reducing `dim` (kept as 1 with keepdim). */
export function reducedShape(shape: readonly number[], dim: number, keepdim: boolean): number[] {
  if (shape.length === 0) return [];
  return keepdim ? shape.map((s, i) => (i === dim ? 1 : s)) : shape.filter((_, i) => i !== dim);
}

/** Reduce along `dim` with `f` over each row's values; the result has `dtype`. */
export function reduceDim(
  x: Dense,
  dim: number,
  keepdim: boolean,
  dtype: TorchDType,
  f: (row: number[]) => number,
): Dense {
  const { outer, size, inner } = layout(x.shape, dim);
  const out = dense(reducedShape(x.shape, dim, keepdim), dtype);
  const round = roundTo(dtype);
  const row = new Array<number>(size);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      for (let k = 0; k < size; k++) row[k] = x.data[o * size * inner + k * inner + i] as number;
      out.data[o * inner + i] = round(f(row));
    }
  }
  return out;
}

/** Repeat a reduced gradient along `dim` back to the input's shape. */
export function expandAlong(g: Dense, shape: readonly number[], dim: number, scale = 1): Dense {
  const { outer, size, inner } = layout(shape, dim);
  const out = dense(shape, g.dtype);
  const round = roundTo(g.dtype);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const v = round((g.data[o * inner + i] as number) * scale);
      for (let k = 0; k < size; k++) out.data[o * size * inner + k * inner + i] = v;
    }
  }
  return out;
}

/** Summation in the dtype's order: float32 as PyTorch's SumKernel orders it (the core's sum). */
export function sumValues(values: ArrayLike<number>, dtype: TorchDType): number {
  return coreSum(toCore(dense([values.length], dtype, values))).data[0] as number;
}

/** The core's view of a dense array: narrow integers and bools are int64 there. */
export function toCore(x: Dense): CoreTensor {
  return { shape: x.shape, dtype: storageOf(x.dtype), data: x.data };
}

/** A core result as a dense array of its dtype. */
export function fromCore(t: CoreTensor): Dense {
  return { shape: t.shape, dtype: t.dtype, data: t.data };
}
