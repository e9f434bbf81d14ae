// dtype names as PyTorch prints them, and the promotion rule for mixed float inputs.
import { LossError } from './errors';
import type { DType, FloatDType, Tensor } from './tensor';

const TORCH_NAMES: Record<DType, string> = { float64: 'Double', float32: 'Float', int64: 'Long' };

/** PyTorch's scalar-type name ("Double", "Float", "Long"), used verbatim in its error texts. */
export function scalarTypeName(dtype: DType): string {
  return TORCH_NAMES[dtype];
}

/** The wider of two float dtypes, as torch's type promotion picks for a mixed f32/f64 op. */
export function promoteFloat(a: DType, b: DType): FloatDType {
  return a === 'float64' || b === 'float64' ? 'float64' : 'float32';
}

/** Check that a value is a Tensor, naming the argument when it is not. */
export function requireTensor(value: unknown, fn: string, name: string): asserts value is Tensor {
  const t = value as Partial<Tensor> | null;
  const ok =
    typeof t === 'object' &&
    t !== null &&
    Array.isArray(t.shape) &&
    (t.data instanceof Float64Array || t.data instanceof Float32Array) &&
    (t.dtype === 'float64' || t.dtype === 'float32' || t.dtype === 'int64');
  if (!ok) {
    throw new LossError(
      `${fn}(): argument '${name}' must be a Tensor (make one with tensor(values)), got ${describeValue(value)}`,
    );
  }
}

/** Describe a received value for an error message. */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `'${value}'`;
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(value);
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return value.toString();
    case 'function':
      return 'a function';
    default:
      return value === null ? 'null' : Array.isArray(value) ? 'an array' : 'an object';
  }
}

const keep = (value: number): number => value;

/**
 * The rounding of a dtype's arithmetic: a float32 op rounds every result to float32 (as
 * PyTorch's float kernels do), a float64 op keeps the double. Apply it after every operation.
 */
export function roundingOf(dtype: DType): (value: number) => number {
  return dtype === 'float32' ? Math.fround : keep;
}
