// Making tensors from a program's values: torch.tensor's nested lists (dtype inferred as
// PyTorch infers it), zeros/ones/arange/full, and Python numbers as operands.
import { PyException, type PyValue, type Runtime } from '../values';
import { dense, numel, type Dense } from './dense';
import { describeKind, roundTo, type TorchDType } from './dtype';
import { PyTensor } from './tensor';

/** Nested lists/tuples of numbers, bools or one-element tensors as a shape and flat values. */
export function dataOf(
  value: PyValue,
  rt: Runtime,
): {
  shape: number[];
  values: number[];
  kind: 'bool' | 'int' | 'float';
  tensorDType: TorchDType | null;
} {
  const shape: number[] = [];
  const values: number[] = [];
  let kind: 'bool' | 'int' | 'float' = 'bool';
  let tensorDType: TorchDType | null = null;
  const rank = (k: 'bool' | 'int' | 'float') => ['bool', 'int', 'float'].indexOf(k);
  const note = (k: 'bool' | 'int' | 'float') => {
    if (rank(k) > rank(kind)) kind = k;
  };
  let sawScalar = false;
  // Walk iteratively with an explicit stack, so a deeply nested literal cannot exhaust the JS stack.
  const stack: { v: PyValue; depth: number }[] = [{ v: value, depth: 0 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop() as { v: PyValue; depth: number };
    rt.tick(1);
    if (v.kind === 'list' || v.kind === 'tuple') {
      if (depth === shape.length) {
        if (sawScalar)
          throw new PyException(
            'ValueError',
            `expected sequence of length ${shape[depth - 1] ?? 0} at dim ${depth} (got ${v.items.length})`,
          );
        shape.push(v.items.length);
      } else if (depth > shape.length || shape[depth] !== v.items.length) {
        throw new PyException(
          'ValueError',
          `expected sequence of length ${shape[depth] ?? 0} at dim ${depth} (got ${v.items.length})`,
        );
      }
      for (let i = v.items.length - 1; i >= 0; i--)
        stack.push({ v: v.items[i] as PyValue, depth: depth + 1 });
      continue;
    }
    if (depth !== shape.length) {
      throw new PyException(
        'ValueError',
        `expected sequence of length ${shape[depth] ?? 0} at dim ${depth} (got ${describeKind(v)})`,
      );
    }
    sawScalar = true;
    if (v.kind === 'bool') values.push(v.value ? 1 : 0);
    else if (v.kind === 'int') {
      note('int');
      values.push(v.value);
    } else if (v.kind === 'float') {
      note('float');
      values.push(v.value);
    } else if (v instanceof PyTensor && v.value.data.length === 1) {
      // A one-element tensor inside a list counts as its number (and its dtype's kind).
      note(
        v.dtype === 'bool'
          ? 'bool'
          : v.dtype === 'float32' || v.dtype === 'float64'
            ? 'float'
            : 'int',
      );
      if (depth === 0) tensorDType = v.dtype;
      values.push(v.value.data[0] as number);
    } else if (v instanceof PyTensor) {
      throw new PyException(
        'ValueError',
        'only one element tensors can be converted to Python scalars',
      );
    } else {
      throw new PyException('TypeError', `new(): invalid data type '${describeKind(v)}'`);
    }
  }
  if (values.length === 0 && shape.length > 0) kind = 'float';
  return { shape, values, kind, tensorDType };
}

/** torch.tensor(data, dtype=None): float32 for floats, int64 for ints, bool for bools. */
export function tensorFrom(data: PyValue, dtype: TorchDType | null, rt: Runtime): Dense {
  // torch.tensor(t) copies a tensor (PyTorch warns to use clone().detach(), on stderr).
  if (data instanceof PyTensor) {
    const copy = dense(data.shape, dtype ?? data.dtype);
    const round = roundTo(copy.dtype);
    data.value.data.forEach((v, i) => (copy.data[i] = round(v)));
    return copy;
  }
  const { shape, values, kind, tensorDType } = dataOf(data, rt);
  rt.checkElements(values.length);
  const inferred: TorchDType =
    tensorDType ?? (kind === 'float' ? 'float32' : kind === 'int' ? 'int64' : 'bool');
  const target = dtype ?? inferred;
  const round = roundTo(target);
  for (const v of values) {
    if (!Number.isFinite(v) && !(target === 'float32' || target === 'float64')) {
      throw new PyException(
        'RuntimeError',
        `value cannot be converted to type ${target === 'int64' ? 'int64_t' : target} without overflow`,
      );
    }
  }
  return dense(shape, target, values.map(round));
}

/** The sizes of zeros(2, 3) / zeros((2, 3)) / zeros([2, 3]). */
export function sizesOf(args: readonly PyValue[], fn: string): number[] {
  const list =
    args.length === 1 && (args[0]?.kind === 'tuple' || args[0]?.kind === 'list')
      ? args[0].items
      : args;
  const sizes = list.map((v) => {
    if (v.kind === 'int') return v.value;
    if (
      v instanceof PyTensor &&
      v.shape.length === 0 &&
      !(v.dtype === 'float32' || v.dtype === 'float64')
    )
      return v.value.data[0] as number;
    throw new PyException(
      'TypeError',
      `${fn}(): argument 'size' must be tuple of ints, but found element of type ${describeKind(v)} at pos ${list.indexOf(v)}`,
    );
  });
  const negative = sizes.find((s) => s < 0);
  if (negative !== undefined) {
    throw new PyException(
      'RuntimeError',
      `Trying to create tensor with negative dimension ${negative}: [${sizes.join(', ')}]`,
    );
  }
  return sizes;
}

/** A new tensor filled with one value. */
export function filled(
  shape: readonly number[],
  dtype: TorchDType,
  value: number,
  rt: Runtime,
): Dense {
  rt.checkElements(numel(shape));
  rt.tick(numel(shape) + 1);
  const out = dense(shape, dtype);
  out.data.fill(roundTo(dtype)(value));
  return out;
}

/** torch.arange(start, end, step): ints stay int64 unless any bound is a float. */
export function arange(
  start: number,
  end: number,
  step: number,
  floats: boolean,
  dtype: TorchDType | null,
  rt: Runtime,
): Dense {
  if (step === 0) throw new PyException('RuntimeError', 'step must be nonzero');
  if ((end - start) / step < 0) {
    throw new PyException(
      'RuntimeError',
      'upper bound and larger bound inconsistent with step sign',
    );
  }
  const count = Math.max(0, Math.ceil((end - start) / step));
  rt.checkElements(count);
  rt.tick(count + 1);
  const target = dtype ?? (floats ? 'float32' : 'int64');
  const out = dense([count], target);
  const round = roundTo(target);
  for (let i = 0; i < count; i++) out.data[i] = round(start + i * step);
  return out;
}

/** A new tensor from values (for tensor(), zeros()…): requires_grad only on floating dtypes. */
export function leaf(t: PyTensor, requiresGrad: boolean): PyTensor {
  if (requiresGrad) {
    if (!(t.dtype === 'float32' || t.dtype === 'float64')) {
      throw new PyException(
        'RuntimeError',
        'Only Tensors of floating point and complex dtype can require gradients',
      );
    }
    t.requiresGrad = true;
  }
  return t;
}
