// torch.Size and torch.return_types.max: the small tuple-like objects tensors hand back.
import { pyraise } from './raise';
import {
  PyObject,
  pyBool,
  pyInt,
  pyTuple,
  type CompareOp,
  type PyValue,
  type Runtime,
} from '../values';

/** torch.Size: a tuple of ints that prints as `torch.Size([2, 3])`. */
export class PySize extends PyObject {
  readonly typeName = 'Size';
  readonly dims: readonly number[];
  constructor(dims: readonly number[]) {
    super();
    this.dims = [...dims];
  }
  repr(): string {
    return `torch.Size([${this.dims.join(', ')}])`;
  }
  override len(): number {
    return this.dims.length;
  }
  override iterate(): PyValue[] {
    return this.dims.map(pyInt);
  }
  override getItem(key: PyValue): PyValue {
    if (key.kind === 'int') {
      const i = key.value < 0 ? key.value + this.dims.length : key.value;
      if (i < 0 || i >= this.dims.length) pyraise('IndexError', 'tuple index out of range');
      return pyInt(this.dims[i] as number);
    }
    if (key.kind === 'slice') {
      const step = key.step ?? 1;
      const n = this.dims.length;
      const norm = (v: number | null, fallback: number) =>
        v === null ? fallback : Math.min(Math.max(v < 0 ? v + n : v, 0), n);
      const out: number[] = [];
      if (step > 0)
        for (let i = norm(key.start, 0); i < norm(key.stop, n); i += step)
          out.push(this.dims[i] as number);
      return new PySize(out);
    }
    return pyraise(
      'TypeError',
      `tuple indices must be integers or slices, not ${key.kind === 'object' ? key.typeName : key.kind}`,
    );
  }
  override compare(op: CompareOp, other: PyValue): PyValue | undefined {
    if (op !== '==' && op !== '!=') return undefined;
    const items =
      other instanceof PySize
        ? other.dims
        : other.kind === 'tuple'
          ? other.items.map((v) => (v.kind === 'int' ? v.value : Number.NaN))
          : null;
    if (items === null) return pyBool(op === '!=');
    const same = items.length === this.dims.length && items.every((v, i) => v === this.dims[i]);
    return pyBool(op === '==' ? same : !same);
  }
  /** Python-side tuple, for `tuple(x.shape)`-like conversions. */
  asTuple(): PyValue {
    return pyTuple(this.dims.map(pyInt));
  }
}

/** torch.return_types.max(values=…, indices=…): unpacks as a pair, names its fields. */
export class PyReturnTypes extends PyObject {
  readonly typeName: string;
  readonly fn: string;
  readonly values: PyObject;
  readonly indices: PyObject;
  constructor(fn: string, values: PyObject, indices: PyObject) {
    super();
    this.fn = fn;
    this.typeName = fn;
    this.values = values;
    this.indices = indices;
  }
  repr(rt: Runtime): string {
    return `torch.return_types.${this.fn}(\nvalues=${this.values.repr(rt)},\nindices=${this.indices.repr(rt)})`;
  }
  override len(): number {
    return 2;
  }
  override iterate(): PyValue[] {
    return [this.values, this.indices];
  }
  override getItem(key: PyValue): PyValue {
    if (key.kind === 'int' && (key.value === 0 || key.value === -2)) return this.values;
    if (key.kind === 'int' && (key.value === 1 || key.value === -1)) return this.indices;
    return pyraise('IndexError', 'tuple index out of range');
  }
  override getAttr(name: string): PyValue | undefined {
    if (name === 'values') return this.values;
    if (name === 'indices') return this.indices;
    return undefined;
  }
}
