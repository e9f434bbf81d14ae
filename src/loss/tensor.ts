// A minimal dense tensor: row-major typed-array storage plus a shape, enough to mirror
// torch.nn.functional's loss semantics without any dependency.
import { describeValue as describe } from './dtype';
import { LossError } from './errors';

export type DType = 'float64' | 'float32' | 'int64';
export type FloatDType = Exclude<DType, 'int64'>;

/** Storage per dtype: int64 values are held exactly as integers in a Float64Array (safe to 2^53). */
export type TensorData = Float64Array | Float32Array;

export interface Tensor {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly data: TensorData;
}

/** Nested arrays of numbers, as accepted by `tensor()` and returned by `toArray()`. */
export type NestedArray = number | readonly NestedArray[];

const DTYPES: readonly DType[] = ['float64', 'float32', 'int64'];

/**
 * Build a tensor from a number or rectangular nested arrays, as `torch.tensor(values, dtype=…)` does.
 * @default dtype 'float64'
 * @example tensor([[1, 2], [3, 4]]).shape // [2, 2]
 */
export function tensor(values: NestedArray, dtype: DType = 'float64'): Tensor {
  if (!DTYPES.includes(dtype)) {
    throw new LossError(
      `tensor(): dtype must be one of 'float64', 'float32', 'int64', got ${describe(dtype)}`,
    );
  }
  const shape = inferShape(values);
  const flat: number[] = [];
  flatten(values, shape, 0, [], flat);
  if (dtype === 'int64') {
    const bad = flat.findIndex((v) => !Number.isSafeInteger(v));
    if (bad >= 0) {
      throw new LossError(
        `tensor(): int64 values must be integers, got ${String(flat[bad])} at flat index ${bad}`,
      );
    }
  }
  return makeTensor(shape, dtype, flat);
}

/**
 * Turn a tensor back into plain numbers, so results can be printed, compared or serialised.
 * @example toArray(tensor([1, 2])) // [1, 2]
 */
export function toArray(t: Tensor): NestedArray {
  if (t.shape.length === 0) return t.data[0] as number;
  return nest(t.data, t.shape, 0, 0).value;
}

/** Zeroed storage of `size` elements with a buffer of its own, so a caller may transfer or view it. */
export function allocate(dtype: DType, size: number): TensorData {
  return dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
}

/** Allocate a tensor of a given shape and dtype, copying `values` when given. */
export function makeTensor(
  shape: readonly number[],
  dtype: DType,
  values?: ArrayLike<number>,
): Tensor {
  const size = numel(shape);
  const data = allocate(dtype, size);
  if (values !== undefined) data.set(values);
  return { shape: [...shape], dtype, data };
}

/**
 * Number of elements of a shape (1 for a 0-d shape), the size every allocation and loop needs.
 * @example numel([2, 3]) // 6
 */
export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

function inferShape(values: NestedArray): number[] {
  const shape: number[] = [];
  let level: NestedArray = values;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0] as NestedArray;
  }
  return shape;
}

function flatten(
  values: NestedArray,
  shape: readonly number[],
  depth: number,
  position: number[],
  out: number[],
): void {
  const expected = shape[depth];
  if (expected === undefined) {
    if (typeof values !== 'number') {
      throw new LossError(
        `tensor(): values are ragged at position [${position.join(', ')}]: expected a number, got an array`,
      );
    }
    out.push(values);
    return;
  }
  if (!Array.isArray(values)) {
    throw new LossError(
      `tensor(): values are ragged at position [${position.join(', ')}]: expected an array of length ${expected}, got ${describe(values)}`,
    );
  }
  if (values.length !== expected) {
    throw new LossError(
      `tensor(): values are ragged at position [${position.join(', ')}]: expected length ${expected}, got ${values.length}`,
    );
  }
  values.forEach((v: NestedArray, i: number) => {
    flatten(v, shape, depth + 1, [...position, i], out);
  });
}

function nest(
  data: TensorData,
  shape: readonly number[],
  depth: number,
  offset: number,
): { value: NestedArray; next: number } {
  if (depth === shape.length) return { value: data[offset] as number, next: offset + 1 };
  const items: NestedArray[] = [];
  let next = offset;
  for (let i = 0; i < (shape[depth] as number); i++) {
    const inner = nest(data, shape, depth + 1, next);
    items.push(inner.value);
    next = inner.next;
  }
  return { value: items, next };
}
