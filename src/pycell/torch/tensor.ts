// torch.Tensor as a cell's program sees it: a dense array with requires_grad, grad and
// grad_fn, printed exactly as PyTorch 1.13 prints it (the core's formatTensor for the numbers,
// then _tensor_str.py's suffixes: dtype, grad_fn=<…> or requires_grad=True).
import { formatTensor } from '../../loss/index';
import {
  PyException,
  PyObject,
  type BinaryOp,
  type CompareOp,
  type PyValue,
  type Runtime,
} from '../values';
import { asStridedNode, type GradNode } from './autograd';
import { dense, toCore, type Dense } from './dense';
import { isFloating, type DTypeTable } from './dtype';

/** What every tensor of one run shares: its torch module's dtype objects and method table. */
export interface TorchContext {
  readonly dtypes: DTypeTable;
  /** `x.name` for a tensor: a property value or a bound method; undefined if none. */
  attribute(self: PyTensor, name: string, rt: Runtime): PyValue | undefined;
  /** The tensor hooks the language calls (operators, indexing, formatting). */
  readonly hooks: TensorHooks;
}

/** Operators and protocol methods, implemented in ops.ts. */
export interface TensorHooks {
  binary(
    self: PyTensor,
    op: string,
    other: PyValue,
    reflected: boolean,
    rt: Runtime,
  ): PyValue | undefined;
  inplace(self: PyTensor, op: string, other: PyValue, rt: Runtime): PyValue | undefined;
  compare(
    self: PyTensor,
    op: string,
    other: PyValue,
    reflected: boolean,
    rt: Runtime,
  ): PyValue | undefined;
  unary(self: PyTensor, op: '-' | '+', rt: Runtime): PyValue;
  getItem(self: PyTensor, key: PyValue, rt: Runtime): PyValue;
  setItem(self: PyTensor, key: PyValue, value: PyValue, rt: Runtime): void;
  setAttr(self: PyTensor, name: string, value: PyValue, rt: Runtime): boolean;
  format(self: PyTensor, spec: string, rt: Runtime): string;
}

const LINE_WIDTH = 80;

/** _add_suffixes of torch/_tensor_str.py: each suffix on the last line if it fits in 80 columns. */
function addSuffixes(text: string, suffixes: readonly string[], indent: number): string {
  let out = text;
  // PyTorch's own count: len − rfind('\n') + 1, with rfind = −1 on a one-line tensor.
  let last = text.length - text.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (last + suffix.length + 2 > LINE_WIDTH) {
      out += `,\n${' '.repeat(indent)}${suffix}`;
      last = indent + suffix.length;
    } else {
      out += `, ${suffix}`;
      last += suffix.length + 2;
    }
  }
  return `${out})`;
}

/** The numbers' part of a repr, `tensor([...]` without the closing parenthesis. */
function body(value: Dense): string {
  const { dtype } = value;
  if (dtype === 'bool') {
    // Five and four digits stand in for False and True, so widths and line breaks come out as
    // PyTorch's formatter (str() of each bool, right-justified) lays them out.
    const stand = dense(value.shape, 'int64');
    value.data.forEach((v, i) => (stand.data[i] = v !== 0 ? 1000 : 10000));
    const text = formatTensor(toCore(stand)).slice(0, -1);
    return text.replace(/10000/g, 'False').replace(/1000/g, 'True');
  }
  const defaultDtype = dtype === 'float64' ? 'float64' : 'float32';
  const text = formatTensor(toCore(value), { defaultDtype }).slice(0, -1);
  if (value.data.length === 0) {
    // An empty tensor names its dtype unless it is the default float32.
    return text.replace(/, dtype=torch\.\w+$/, '').replace(/,\n\s*dtype=torch\.\w+$/, '');
  }
  return text;
}

/** The memory a tensor and its views share: its values and a count of writes into them. */
export interface Storage {
  readonly data: Float64Array | Float32Array;
  /** Bumped by every write, so a view's gathered copy knows when it is stale. */
  writes: number;
}

/** torch's version counter: shared by a tensor, its views and detach(), bumped by in-place ops. */
export interface VersionCounter {
  version: number;
}

/** Row-major strides of a shape. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= shape[i] as number;
  }
  return strides;
}

/** Where a view sits in its storage: PyTorch's sizes, strides and storage offset. */
export interface Layout {
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

/** The storage index of each element of a layout, in row-major order (an odometer walk). */
export function elementIndex(layout: Layout): Int32Array {
  const { shape, strides, offset } = layout;
  let size = 1;
  for (const s of shape) size *= s;
  const index = new Int32Array(size);
  const rank = shape.length;
  const counter = new Array<number>(rank).fill(0);
  let source = offset;
  for (let flat = 0; flat < size; flat++) {
    index[flat] = source;
    for (let d = rank - 1; d >= 0; d--) {
      counter[d] = (counter[d] as number) + 1;
      source += strides[d] as number;
      if ((counter[d] as number) < (shape[d] as number)) break;
      source -= (strides[d] as number) * (shape[d] as number);
      counter[d] = 0;
    }
  }
  return index;
}

/** Whether a layout's elements lie in row-major order with no gaps (size-1 dims may stride anyhow). */
function isContiguous(shape: readonly number[], strides: readonly number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const s = shape[i] as number;
    if (s === 1) continue;
    if (strides[i] !== expected) return false;
    expected *= s;
  }
  return true;
}

/** A torch.Tensor: a strided window on a storage, which views share with their base. */
export class PyTensor extends PyObject {
  readonly typeName = 'Tensor';
  readonly ctx: TorchContext;
  storage: Storage;
  counter: VersionCounter;
  shape: readonly number[];
  strides: readonly number[];
  offset: number;
  private dtypeOf: Dense['dtype'];
  /** The tensor whose storage this one views (always a non-view), or null for a base. */
  base: PyTensor | null = null;
  /** Whether this view was made with grad mode on (an in-place op through a no-grad view is refused). */
  viewMadeWithGrad = true;
  requiresGrad = false;
  grad: PyTensor | null = null;
  private fn: GradNode | null = null;
  /** The version at which a view's grad_fn was recorded: a later in-place write regenerates it. */
  private fnVersion = 0;
  private cache: { writes: number; dense: Dense } | null = null;
  private indexCache: Int32Array | null = null;

  /** A tensor over `value`'s array, which it takes as its own storage (no copy). */
  constructor(ctx: TorchContext, value: Dense) {
    super();
    this.ctx = ctx;
    this.storage = { data: value.data, writes: 0 };
    this.counter = { version: 0 };
    this.shape = value.shape;
    this.strides = contiguousStrides(value.shape);
    this.offset = 0;
    this.dtypeOf = value.dtype;
  }

  /** A view of this tensor's storage with another layout, sharing its version counter. */
  viewAs(layout: Layout, gradMode: boolean): PyTensor {
    const t = new PyTensor(this.ctx, { shape: [], dtype: this.dtypeOf, data: this.storage.data });
    t.storage = this.storage;
    t.counter = this.counter;
    t.shape = [...layout.shape];
    t.strides = [...layout.strides];
    t.offset = layout.offset;
    t.base = this.base ?? this;
    t.viewMadeWithGrad = gradMode;
    return t;
  }

  /** Contiguous row-major values: the storage itself for a contiguous tensor, else a gathered copy. */
  get value(): Dense {
    const c = this.cache;
    if (c !== null && c.writes === this.storage.writes) return c.dense;
    const n = this.numel;
    const data = this.storage.data;
    let values: Float64Array | Float32Array;
    if (isContiguous(this.shape, this.strides)) {
      values =
        this.offset === 0 && n === data.length ? data : data.subarray(this.offset, this.offset + n);
    } else {
      const index = this.elementIndex();
      values = data instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = data[index[i] as number] as number;
    }
    const dense = { shape: this.shape, dtype: this.dtypeOf, data: values };
    this.cache = { writes: this.storage.writes, dense };
    return dense;
  }

  /** `x.data = y`: x takes y's storage and layout (a fresh version counter, as PyTorch's .data). */
  set value(v: Dense) {
    this.storage = { data: v.data, writes: 0 };
    this.counter = { version: 0 };
    this.shape = v.shape;
    this.strides = contiguousStrides(v.shape);
    this.offset = 0;
    this.dtypeOf = v.dtype;
    this.base = null;
    this.cache = null;
    this.indexCache = null;
  }

  get numel(): number {
    let n = 1;
    for (const s of this.shape) n *= s;
    return n;
  }

  get contiguous(): boolean {
    return isContiguous(this.shape, this.strides);
  }

  /** The storage index of each element, row-major. */
  elementIndex(): Int32Array {
    this.indexCache ??= elementIndex(this);
    return this.indexCache;
  }

  /** Write row-major `values` (one per element) through this tensor into its storage, as an in-place op does. */
  assign(values: ArrayLike<number>): void {
    const data = this.storage.data;
    if (this.contiguous) {
      data.set(values, this.offset);
    } else {
      const index = this.elementIndex();
      for (let i = 0; i < index.length; i++) data[index[i] as number] = values[i] as number;
    }
    this.storage.writes++;
    this.counter.version++;
  }

  get version(): number {
    return this.counter.version;
  }

  get dtype(): Dense['dtype'] {
    return this.dtypeOf;
  }
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /**
   * The node that made this tensor. A view whose storage was written in place since its node was
   * recorded gets a fresh AsStridedBackward0 from its base's current node, as PyTorch regenerates it.
   */
  get gradFn(): GradNode | null {
    const base = this.base;
    if (base !== null && this.fn !== null && this.fnVersion !== this.counter.version) {
      this.fnVersion = this.counter.version;
      const baseFn = base.gradFn;
      if (baseFn !== null || base.requiresGrad) this.fn = asStridedNode(this, base);
    }
    return this.fn;
  }
  set gradFn(node: GradNode | null) {
    this.fn = node;
    this.fnVersion = this.counter.version;
  }

  repr(_rt?: Runtime): string {
    const suffixes: string[] = [];
    const { dtype } = this.value;
    const empty = this.numel === 0;
    if (
      empty ? dtype !== 'float32' : dtype !== 'float32' && dtype !== 'int64' && dtype !== 'bool'
    ) {
      suffixes.push(`dtype=torch.${dtype}`);
    }
    if (this.gradFn !== null) suffixes.push(`grad_fn=<${this.gradFn.name}>`);
    else if (this.requiresGrad) suffixes.push('requires_grad=True');
    return addSuffixes(body(this.value), suffixes, 'tensor('.length);
  }

  /** Add a gradient into `.grad` (a fresh tensor the first time, in place afterwards). */
  accumulateGrad(g: Dense): void {
    if (this.grad === null) {
      this.grad = new PyTensor(this.ctx, dense(g.shape, g.dtype, g.data));
      return;
    }
    const round = this.grad.dtype === 'float32' ? Math.fround : (v: number) => v;
    const data = this.grad.value.data;
    for (let i = 0; i < data.length; i++)
      data[i] = round((data[i] as number) + (g.data[i] as number));
  }

  override getAttr(name: string, rt: Runtime): PyValue | undefined {
    return this.ctx.attribute(this, name, rt);
  }
  override setAttr(name: string, value: PyValue, rt: Runtime): boolean {
    return this.ctx.hooks.setAttr(this, name, value, rt);
  }
  override binary(
    op: BinaryOp,
    other: PyValue,
    reflected: boolean,
    rt: Runtime,
  ): PyValue | undefined {
    return this.ctx.hooks.binary(this, op, other, reflected, rt);
  }
  override inplace(op: BinaryOp, other: PyValue, rt: Runtime): PyValue | undefined {
    return this.ctx.hooks.inplace(this, op, other, rt);
  }
  override compare(
    op: CompareOp,
    other: PyValue,
    reflected: boolean,
    rt: Runtime,
  ): PyValue | undefined {
    return this.ctx.hooks.compare(this, op, other, reflected, rt);
  }
  override unary(op: '-' | '+', rt: Runtime): PyValue {
    return this.ctx.hooks.unary(this, op, rt);
  }
  override getItem(key: PyValue, rt: Runtime): PyValue {
    return this.ctx.hooks.getItem(this, key, rt);
  }
  override setItem(key: PyValue, value: PyValue, rt: Runtime): void {
    this.ctx.hooks.setItem(this, key, value, rt);
  }
  override iterate(rt: Runtime): PyValue[] {
    if (this.shape.length === 0) throw new PyException('TypeError', 'iteration over a 0-d tensor');
    const out: PyValue[] = [];
    for (let i = 0; i < (this.shape[0] as number); i++)
      out.push(this.getItem({ kind: 'int', value: i }, rt));
    return out;
  }
  override len(): number {
    if (this.shape.length === 0) throw new PyException('TypeError', 'len() of a 0-d tensor');
    return this.shape[0] as number;
  }
  override truthy(): boolean {
    const n = this.value.data.length;
    if (n === 0) {
      throw new PyException('RuntimeError', 'Boolean value of Tensor with no values is ambiguous');
    }
    if (n > 1) {
      throw new PyException(
        'RuntimeError',
        'Boolean value of Tensor with more than one value is ambiguous',
      );
    }
    return (this.value.data[0] as number) !== 0;
  }
  override toNumber(): { kind: 'int'; value: number } | { kind: 'float'; value: number } {
    if (this.value.data.length !== 1) {
      throw new PyException(
        'ValueError',
        'only one element tensors can be converted to Python scalars',
      );
    }
    const v = this.value.data[0] as number;
    return isFloating(this.dtype) ? { kind: 'float', value: v } : { kind: 'int', value: v };
  }
  override format(spec: string, rt: Runtime): string {
    return this.ctx.hooks.format(this, spec, rt);
  }
}
