// torch's dtypes as a cell's program names them. The loss core holds float32, float64 and
// int64; the narrower integer types and bool are stored like int64 (exact integers in a
// Float64Array) and carry their own name, so a program can build a uint8 mask or an int32
// target and meet PyTorch's own complaint about it.
import type { DType as CoreDType } from '../../loss/index';
import {
  PyException,
  PyObject,
  pyBool,
  type CompareOp,
  type PyValue,
  type Runtime,
} from '../values';

export type TorchDType = 'float32' | 'float64' | 'int64' | 'int32' | 'uint8' | 'bool';

/** PyTorch's scalar-type names, as its error messages spell them ("expected scalar type Long but found Byte"). */
export const SCALAR_NAMES: Record<TorchDType, string> = {
  float32: 'Float',
  float64: 'Double',
  int64: 'Long',
  int32: 'Int',
  uint8: 'Byte',
  bool: 'Bool',
};

/** Whether a dtype is floating point (only those can require grad). */
export function isFloating(dtype: TorchDType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

/** The core dtype a tensor of this dtype is stored as. */
export function storageOf(dtype: TorchDType): CoreDType {
  return isFloating(dtype) ? (dtype as CoreDType) : 'int64';
}

/** Rounding of one arithmetic result to the dtype (integers wrap as PyTorch's do). */
export function roundTo(dtype: TorchDType): (v: number) => number {
  switch (dtype) {
    case 'float32':
      return Math.fround;
    case 'float64':
      return (v) => v;
    case 'int64':
      return (v) => (Number.isFinite(v) ? Math.trunc(v) : 0);
    case 'int32':
      return (v) => (Number.isFinite(v) ? Math.trunc(v) | 0 : 0);
    case 'uint8':
      return (v) => (Number.isFinite(v) ? Math.trunc(v) & 255 : 0);
    case 'bool':
      return (v) => (v !== 0 ? 1 : 0);
  }
}

/** Type promotion's category: bool < integer < floating point. */
export function categoryOf(dtype: TorchDType): number {
  return dtype === 'bool' ? 0 : isFloating(dtype) ? 2 : 1;
}

const ORDER: readonly TorchDType[] = ['bool', 'uint8', 'int32', 'int64', 'float32', 'float64'];

/** torch.promote_types for two dtypes. */
export function promoteTypes(a: TorchDType, b: TorchDType): TorchDType {
  return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
}

/** A dtype object: `torch.float32` prints as itself and compares by identity. */
export class PyDType extends PyObject {
  readonly typeName = 'dtype';
  readonly dtype: TorchDType;
  constructor(dtype: TorchDType) {
    super();
    this.dtype = dtype;
  }
  repr(_rt: Runtime): string {
    return `torch.${this.dtype}`;
  }
  override getAttr(name: string): PyValue | undefined {
    if (name === 'is_floating_point') return pyBool(isFloating(this.dtype));
    return undefined;
  }
  override compare(op: CompareOp, other: PyValue): PyValue | undefined {
    if (op !== '==' && op !== '!=') return undefined;
    const same = other instanceof PyDType && other.dtype === this.dtype;
    return pyBool(op === '==' ? same : !same);
  }
}

/** One object per dtype per run, so `x.dtype is torch.float32` holds. */
export type DTypeTable = Record<TorchDType, PyDType>;

/** The dtype objects of one torch module. */
export function makeDTypes(): DTypeTable {
  return {
    float32: new PyDType('float32'),
    float64: new PyDType('float64'),
    int64: new PyDType('int64'),
    int32: new PyDType('int32'),
    uint8: new PyDType('uint8'),
    bool: new PyDType('bool'),
  };
}

/** Raise PyTorch's TypeError for a value where a dtype was expected. */
export function expectDType(value: unknown, fn: string, name: string): TorchDType {
  if (value instanceof PyDType) return value.dtype;
  throw new PyException(
    'TypeError',
    `${fn}(): argument '${name}' must be torch.dtype, not ${describeKind(value)}`,
  );
}

/** Python's type name of a value, as error messages name it. */
export function describeKind(value: unknown): string {
  const v = value as { kind?: string; typeName?: string };
  switch (v.kind) {
    case 'none':
      return 'NoneType';
    case 'object':
      return v.typeName ?? 'object';
    case undefined:
      return 'object';
    default:
      return v.kind;
  }
}
