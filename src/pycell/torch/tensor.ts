// torch.Tensor as a cell's program sees it: a dense array with requires_grad, grad and
// grad_fn, printed exactly as PyTorch 1.13 prints it (the core's formatTensor for the numbers,
// then _tensor_str.py's suffixes: dtype, grad_fn=<…> or requires_grad=True).
import { formatTensor } from '../../loss/index';
import { PyException, PyObject, type PyValue, type Runtime } from '../values';
import type { GradNode } from './autograd';
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

/** A torch.Tensor. */
export class PyTensor extends PyObject {
  readonly typeName = 'Tensor';
  readonly ctx: TorchContext;
  /** The values; replaced by in-place ops (which keep this object, as PyTorch keeps its identity). */
  value: Dense;
  requiresGrad = false;
  grad: PyTensor | null = null;
  gradFn: GradNode | null = null;

  constructor(ctx: TorchContext, value: Dense) {
    super();
    this.ctx = ctx;
    this.value = value;
  }

  get dtype(): Dense['dtype'] {
    return this.value.dtype;
  }
  get shape(): readonly number[] {
    return this.value.shape;
  }
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  repr(_rt?: Runtime): string {
    const suffixes: string[] = [];
    const { dtype } = this.value;
    const empty = this.value.data.length === 0;
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
    op: Parameters<NonNullable<PyObject['binary']>>[0],
    other: PyValue,
    reflected: boolean,
    rt: Runtime,
  ): PyValue | undefined {
    return this.ctx.hooks.binary(this, op, other, reflected, rt);
  }
  override inplace(
    op: Parameters<NonNullable<PyObject['inplace']>>[0],
    other: PyValue,
    rt: Runtime,
  ): PyValue | undefined {
    return this.ctx.hooks.inplace(this, op, other, rt);
  }
  override compare(
    op: Parameters<NonNullable<PyObject['compare']>>[0],
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
