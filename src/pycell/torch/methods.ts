// torch.Tensor's attributes and methods, and the torch functions that are the same call with
// the tensor first (torch.sum(x) is x.sum()). Each binds its arguments with Python's rules and
// PyTorch's parameter names, then calls an op.
import { formatSpec } from '../format-spec';
import {
  NONE,
  PyException,
  PyObject,
  pyBool,
  pyFloat,
  pyInt,
  pyList,
  type PyCall,
  type PyKwargs,
  type PyValue,
  type Runtime,
} from '../values';
import { bindArgs, bindBuiltin, params, PyFunction, type Args, type ParamSpec } from './args';
import { runBackward } from './autograd';
import { cast, dense, numel, wrapDim, type Dense } from './dense';
import { expectDType, isFloating, roundTo, SCALAR_NAMES, type TorchDType } from './dtype';
import { checkInPlace, commitInPlace, getItem, setItem } from './indexing';
import {
  argExtreme,
  arithmetic,
  comparison,
  dimsOf,
  elementwise,
  entr,
  extremeAll,
  extremeDim,
  logsumexp,
  mean,
  operand,
  reshaped,
  result,
  softmaxFamily,
  sum,
  transposeDims,
  transposeOf,
  viewShape,
  xlogy,
  constant,
} from './ops';
import { PyReturnTypes, PySize } from './size';
import { PyTensor, type TensorHooks, type TorchContext } from './tensor';
import { pyraise } from './raise';

/** A method: its parameters after self, and what it does. */
export interface Method {
  readonly spec: ParamSpec;
  readonly run: (self: PyTensor, a: Args, rt: Runtime) => PyValue;
  /** Also a function of the torch module, with the tensor as `input`. */
  readonly torch?: boolean;
}

/** A tensor argument, or PyTorch's TypeError. */
export function tensorArg(v: PyValue, fn: string, name: string): PyTensor {
  if (v instanceof PyTensor) return v;
  const kind = v.kind === 'object' ? v.typeName : v.kind === 'none' ? 'NoneType' : v.kind;
  return pyraise(
    'TypeError',
    `${fn}(): argument '${name}' (position 1) must be Tensor, not ${kind}`,
  );
}

/** The Python value of one element. */
export function itemOf(t: PyTensor, i = 0): PyValue {
  const v = t.value.data[i] as number;
  if (t.dtype === 'bool') return pyBool(v !== 0);
  return isFloating(t.dtype) ? pyFloat(v) : pyInt(v);
}

/** tolist(): nested Python lists. */
function toList(t: PyTensor): PyValue {
  const build = (depth: number, offset: number): PyValue => {
    if (depth === t.shape.length) return itemOf(t, offset);
    const stride = numel(t.shape.slice(depth + 1));
    return pyList(
      Array.from({ length: t.shape[depth] as number }, (_, i) =>
        build(depth + 1, offset + i * stride),
      ),
    );
  };
  return build(0, 0);
}

/** A dim argument (an int), wrapped later by the op. */
const dimArg = (a: Args, name = 'dim'): number | null => a.optionalInt(name);

/** x.to(dtype) / x.double(): ToCopyBackward0 (no node when the dtype is already right). */
export function convert(ctx: TorchContext, x: PyTensor, dtype: TorchDType, rt: Runtime): PyTensor {
  if (dtype === x.dtype) return x;
  return result(
    ctx,
    cast(x.value, dtype),
    rt,
    'ToCopyBackward0',
    [x],
    (g) => [cast(g, x.dtype)],
    false,
  );
}

/** Shape arguments given as view(2, 3) or view((2, 3)). */
function shapeArgs(args: readonly PyValue[], fn: string): number[] {
  const list =
    args.length === 1 && (args[0]?.kind === 'tuple' || args[0]?.kind === 'list')
      ? args[0].items
      : args;
  return list.map((v) =>
    v.kind === 'int'
      ? v.value
      : pyraise(
          'TypeError',
          `${fn}(): argument 'size' must be tuple of ints, but found element of type ${v.kind === 'object' ? v.typeName : v.kind}`,
        ),
  );
}

function unaryMethod(fn: string): Method {
  return { spec: [], torch: true, run: (self, _a, rt) => elementwise(self.ctx, fn, self, rt) };
}

/** backward(): the implicit gradient of a scalar, or the one given. */
function backward(self: PyTensor, a: Args, rt: Runtime): PyValue {
  if (!self.requiresGrad) {
    throw new PyException(
      'RuntimeError',
      'element 0 of tensors does not require grad and does not have a grad_fn',
    );
  }
  let gradient: Dense;
  if (a.isNone('gradient')) {
    if (self.value.data.length !== 1) {
      throw new PyException(
        'RuntimeError',
        'grad can be implicitly created only for scalar outputs',
      );
    }
    gradient = dense(self.shape, self.dtype, [1]);
  } else {
    const g = tensorArg(a.get('gradient'), 'backward', 'gradient');
    if (g.shape.join() !== self.shape.join()) {
      throw new PyException(
        'RuntimeError',
        `Mismatch in shape: grad_output[0] has a shape of torch.Size([${g.shape.join(', ')}]) and output[0] has a shape of torch.Size([${self.shape.join(', ')}]).`,
      );
    }
    gradient = cast(g.value, self.dtype);
  }
  const retain = a.isNone('retain_graph') ? false : a.bool('retain_graph');
  runBackward(self, gradient, retain, rt);
  return NONE;
}

/** The reductions' `dim` as a list of dims, or null for all. */
function reductionDims(self: PyTensor, a: Args, fn: string): number[] | null {
  return a.isNone('dim') ? null : dimsOf(a.get('dim'), self.shape.length, fn);
}

/** x.clone(): a copy of the values whose gradient passes straight back (CloneBackward0). */
function cloned(self: PyTensor, rt: Runtime): PyTensor {
  const copy = dense(self.shape, self.dtype, self.value.data);
  return result(self.ctx, copy, rt, 'CloneBackward0', [self], (g) => [g], false);
}

/** max, min, argmax and argmin's parameters. */
const DIM_KEEPDIM: ParamSpec = [
  ['dim', NONE],
  ['keepdim', pyBool(false)],
];

/** x.max() / x.min(): the value over all, or values and indices along a dim. */
function extreme(largest: boolean): Method {
  const fn = largest ? 'max' : 'min';
  return {
    spec: DIM_KEEPDIM,
    torch: true,
    run: (self, a, rt) => {
      if (a.isNone('dim')) return extremeAll(self.ctx, self, largest, rt);
      const dim = a.int('dim');
      const r = extremeDim(
        self.ctx,
        self,
        wrapDim(dim, self.shape.length),
        a.bool('keepdim'),
        largest,
        rt,
      );
      return new PyReturnTypes(fn, r.values, r.indices);
    },
  };
}

/** x.argmax() / x.argmin(): the index over the flattened tensor, or along a dim. */
function argExtremeMethod(largest: boolean): Method {
  return {
    spec: DIM_KEEPDIM,
    torch: true,
    run: (self, a, rt) => argExtreme(self.ctx, self, dimArg(a), a.bool('keepdim'), largest, rt),
  };
}

export const METHODS: Record<string, Method> = {
  sum: {
    spec: [['dim', NONE], ['keepdim', pyBool(false)], '*', ['dtype', NONE]],
    torch: true,
    run: (self, a, rt) =>
      sum(self.ctx, withDType(self, a, rt), reductionDims(self, a, 'sum'), a.bool('keepdim'), rt),
  },
  mean: {
    spec: [['dim', NONE], ['keepdim', pyBool(false)], '*', ['dtype', NONE]],
    torch: true,
    run: (self, a, rt) =>
      mean(self.ctx, withDType(self, a, rt), reductionDims(self, a, 'mean'), a.bool('keepdim'), rt),
  },
  max: extreme(true),
  min: extreme(false),
  argmax: argExtremeMethod(true),
  argmin: argExtremeMethod(false),
  exp: unaryMethod('exp'),
  log: unaryMethod('log'),
  log2: unaryMethod('log2'),
  sqrt: unaryMethod('sqrt'),
  sigmoid: unaryMethod('sigmoid'),
  tanh: unaryMethod('tanh'),
  abs: unaryMethod('abs'),
  neg: unaryMethod('neg'),
  relu: unaryMethod('relu'),
  softmax: {
    spec: ['dim', ['dtype', NONE]],
    torch: true,
    run: (self, a, rt) => softmaxFamily(self.ctx, withDType(self, a, rt), a.int('dim'), false, rt),
  },
  log_softmax: {
    spec: ['dim', ['dtype', NONE]],
    torch: true,
    run: (self, a, rt) => softmaxFamily(self.ctx, withDType(self, a, rt), a.int('dim'), true, rt),
  },
  logsumexp: {
    spec: ['dim', ['keepdim', pyBool(false)]],
    torch: true,
    run: (self, a, rt) => {
      // PyTorch also reduces a tuple of dims at once; the core's logSumExp reduces one.
      const dim = a.get('dim');
      if (dim.kind === 'tuple' || dim.kind === 'list') {
        const [only] = dim.items;
        if (dim.items.length !== 1 || only?.kind !== 'int') {
          throw new PyException(
            'NotImplementedError',
            'logsumexp over several dims at once is not supported in this cell',
          );
        }
        return logsumexp(self.ctx, self, only.value, a.bool('keepdim'), rt);
      }
      return logsumexp(self.ctx, self, a.int('dim'), a.bool('keepdim'), rt);
    },
  },
  xlogy: {
    spec: ['other'],
    torch: true,
    run: (self, a, rt) =>
      xlogy(self.ctx, { t: self, wrapped: false }, operandArg(self, a.get('other'), 'xlogy'), rt),
  },
  matmul: {
    spec: ['other'],
    torch: true,
    run: (self, a, rt) =>
      arithmetic(
        self.ctx,
        '@',
        { t: self, wrapped: false },
        { t: tensorArg(a.get('other'), 'matmul', 'other'), wrapped: false },
        rt,
      ) as PyTensor,
  },
  add: binaryMethod('+'),
  sub: binaryMethod('-'),
  mul: binaryMethod('*'),
  div: binaryMethod('/'),
  pow: binaryMethod('**', 'exponent'),
  isnan: {
    spec: [],
    torch: true,
    run: (self, _a, rt) =>
      constant(
        self.ctx,
        mapBool(self.value, (v) => v !== v),
        rt,
      ),
  },
  isinf: {
    spec: [],
    torch: true,
    run: (self, _a, rt) =>
      constant(
        self.ctx,
        mapBool(self.value, (v) => v === Infinity || v === -Infinity),
        rt,
      ),
  },
  clamp: {
    spec: [
      ['min', NONE],
      ['max', NONE],
    ],
    torch: true,
    run: (self, a, rt) => {
      const lo = a.isNone('min') ? -Infinity : a.number('min');
      const hi = a.isNone('max') ? Infinity : a.number('max');
      const out = dense(
        self.shape,
        self.dtype,
        Array.from(self.value.data, (v) => (v !== v ? v : Math.min(Math.max(v, lo), hi))).map(
          roundTo(self.dtype),
        ),
      );
      return result(self.ctx, out, rt, 'ClampBackward1', [self], (g) => [
        dense(
          self.shape,
          g.dtype,
          Array.from(g.data, (gv, i) => {
            const v = self.value.data[i] as number;
            return v >= lo && v <= hi ? gv : 0;
          }),
        ),
      ]);
    },
  },
  gather: {
    spec: ['dim', 'index'],
    torch: true,
    run: (self, a, rt) =>
      gather(self, a.int('dim'), tensorArg(a.get('index'), 'gather', 'index'), rt),
  },
  item: {
    spec: [],
    run: (self) => {
      if (self.value.data.length !== 1)
        throw new PyException(
          'ValueError',
          'only one element tensors can be converted to Python scalars',
        );
      return itemOf(self);
    },
  },
  tolist: { spec: [], run: (self) => toList(self) },
  numel: { spec: [], torch: true, run: (self) => pyInt(self.value.data.length) },
  dim: { spec: [], run: (self) => pyInt(self.shape.length) },
  size: {
    spec: [['dim', NONE]],
    run: (self, a) => {
      if (a.isNone('dim')) return new PySize(self.shape);
      const d = wrapDim(a.int('dim'), self.shape.length);
      return pyInt(self.shape[d] ?? 1);
    },
  },
  float: { spec: [], run: (self, _a, rt) => convert(self.ctx, self, 'float32', rt) },
  double: { spec: [], run: (self, _a, rt) => convert(self.ctx, self, 'float64', rt) },
  long: { spec: [], run: (self, _a, rt) => convert(self.ctx, self, 'int64', rt) },
  int: { spec: [], run: (self, _a, rt) => convert(self.ctx, self, 'int32', rt) },
  bool: { spec: [], run: (self, _a, rt) => convert(self.ctx, self, 'bool', rt) },
  detach: { spec: [], run: (self) => detached(self, true) },
  clone: { spec: [], run: (self, _a, rt) => cloned(self, rt) },
  requires_grad_: {
    spec: [['requires_grad', pyBool(true)]],
    run: (self, a) => {
      setRequiresGrad(self, a.bool('requires_grad'), true);
      return self;
    },
  },
  zero_: { spec: [], run: (self, _a, rt) => fillInPlace(self, 0, rt) },
  fill_: { spec: ['value'], run: (self, a, rt) => fillInPlace(self, a.number('value'), rt) },
  backward: {
    spec: [
      ['gradient', NONE],
      ['retain_graph', NONE],
      ['create_graph', pyBool(false)],
      ['inputs', NONE],
    ],
    run: backward,
  },
  view: { spec: [], run: () => NONE },
  reshape: { spec: [], run: () => NONE },
  unsqueeze: {
    spec: ['dim'],
    torch: true,
    run: (self, a, rt) => {
      const d = wrapDim(a.int('dim'), self.shape.length + 1);
      const shape = [...self.shape];
      shape.splice(d, 0, 1);
      return reshaped(self.ctx, self, shape, 'UnsqueezeBackward0', rt);
    },
  },
  squeeze: {
    spec: [['dim', NONE]],
    torch: true,
    run: (self, a, rt) => {
      if (a.isNone('dim'))
        return reshaped(
          self.ctx,
          self,
          self.shape.filter((s) => s !== 1),
          'SqueezeBackward0',
          rt,
        );
      const d = wrapDim(a.int('dim'), self.shape.length);
      const shape = self.shape.filter((s, i) => !(i === d && s === 1));
      return reshaped(self.ctx, self, shape, 'SqueezeBackward1', rt);
    },
  },
  flatten: {
    spec: [],
    torch: true,
    // A 1-d tensor flattens to itself; wider ones are reshaped (ReshapeAliasBackward0 in 1.13).
    run: (self, _a, rt) =>
      self.shape.length === 1
        ? self
        : reshaped(self.ctx, self, [self.numel], 'ReshapeAliasBackward0', rt),
  },
  transpose: {
    spec: ['dim0', 'dim1'],
    torch: true,
    run: (self, a, rt) => {
      const n = self.shape.length;
      return transposeDims(
        self,
        wrapDim(a.int('dim0'), n),
        wrapDim(a.int('dim1'), n),
        'TransposeBackward0',
        rt,
      );
    },
  },
  is_contiguous: { spec: [], run: (self) => pyBool(self.contiguous) },
  contiguous: {
    spec: [],
    // A non-contiguous tensor's contiguous() is a copy, as clone() makes it.
    run: (self, _a, rt) => (self.contiguous ? self : cloned(self, rt)),
  },
  t: {
    spec: [],
    torch: true,
    run: (self, _a, rt) => transposeOf(self, 'TBackward0', rt),
  },
  to: {
    spec: [['dtype', NONE]],
    run: (self, a, rt) => {
      const v = a.get('dtype');
      if (v.kind === 'str') {
        if (v.value === 'cpu') return self;
        if (v.value.startsWith('cuda'))
          throw new PyException('AssertionError', 'Torch not compiled with CUDA enabled');
        throw new PyException(
          'RuntimeError',
          `Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, ort, xla, lazy, vulkan, mps, meta, hpu, privateuseone device type at start of device string: ${v.value}`,
        );
      }
      return convert(self.ctx, self, expectDType(v, 'to', 'dtype'), rt);
    },
  },
};

function binaryMethod(op: string, name = 'other'): Method {
  return {
    spec: [name],
    torch: true,
    run: (self, a, rt) =>
      arithmetic(
        self.ctx,
        op,
        { t: self, wrapped: false },
        operandArg(self, a.get(name), op),
        rt,
      ) as PyTensor,
  };
}

function operandArg(self: PyTensor, v: PyValue, fn: string) {
  return (
    operand(self.ctx, v) ??
    pyraise(
      'TypeError',
      `${fn}(): argument 'other' must be Tensor, not ${v.kind === 'object' ? v.typeName : v.kind}`,
    )
  );
}

function mapBool(x: Dense, test: (v: number) => boolean): Dense {
  return dense(
    x.shape,
    'bool',
    Array.from(x.data, (v) => (test(v) ? 1 : 0)),
  );
}

/** sum/mean/softmax's dtype= keyword: a cast first. */
function withDType(self: PyTensor, a: Args, rt: Runtime): PyTensor {
  if (a.isNone('dtype')) return self;
  return convert(self.ctx, self, expectDType(a.get('dtype'), a.fn, 'dtype'), rt);
}

/** zero_() / fill_(): in place, through views too (ZeroBackward0 / FillBackward2 with grad). */
function fillInPlace(self: PyTensor, value: number, rt: Runtime): PyTensor {
  checkInPlace(self, rt);
  const out = constant(
    self.ctx,
    dense(self.shape, self.dtype, new Array<number>(self.numel).fill(roundTo(self.dtype)(value))),
    rt,
  );
  commitInPlace(self, out, rt, value === 0 ? 'ZeroBackward0' : 'FillBackward2');
  return self;
}

/**
 * detach() and `.data`: the same storage without grad. detach() shares the version counter (an
 * in-place op through it is seen by saved tensors); `.data` gets its own, as in PyTorch.
 */
function detached(self: PyTensor, shareVersion: boolean): PyTensor {
  const t = self.viewAs(self, true);
  t.base = null;
  if (!shareVersion) t.counter = { version: 0 };
  return t;
}

/** requires_grad_() and `x.requires_grad = …`, with PyTorch's refusals. */
export function setRequiresGrad(self: PyTensor, flag: boolean, method: boolean): void {
  if (!self.isLeaf) {
    if (flag) return;
    throw new PyException(
      'RuntimeError',
      "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().",
    );
  }
  if (flag && !isFloating(self.dtype)) {
    throw new PyException(
      'RuntimeError',
      method
        ? 'only Tensors of floating point dtype can require gradients'
        : 'only Tensors of floating point and complex dtype can require gradients',
    );
  }
  self.requiresGrad = flag;
}

/** x.gather(dim, index): out[..i..] = x[..index[..i..]..] along dim (GatherBackward0). */
function gather(self: PyTensor, dim: number, index: PyTensor, rt: Runtime): PyTensor {
  const d = wrapDim(dim, self.shape.length);
  if (index.dtype !== 'int64')
    throw new PyException('RuntimeError', 'gather(): Expected dtype int64 for index');
  if (index.shape.length !== self.shape.length) {
    throw new PyException(
      'RuntimeError',
      'Index tensor must have the same number of dimensions as input tensor',
    );
  }
  const shape = index.shape;
  const out = dense(shape, self.dtype);
  const source = new Int32Array(out.data.length);
  const inStrides = self.shape.map((_, i) => numel(self.shape.slice(i + 1)));
  const outStrides = shape.map((_, i) => numel(shape.slice(i + 1)));
  for (let flat = 0; flat < out.data.length; flat++) {
    let offset = 0;
    for (let k = 0; k < shape.length; k++) {
      const coord = Math.floor(flat / (outStrides[k] as number)) % (shape[k] as number);
      const c = k === d ? (index.value.data[flat] as number) : coord;
      const size = self.shape[k] as number;
      if (k === d && (c < 0 || c >= size)) {
        throw new PyException(
          'RuntimeError',
          `index ${c} is out of bounds for dimension ${d} with size ${size}`,
        );
      }
      offset += c * (inStrides[k] as number);
    }
    source[flat] = offset;
    out.data[flat] = self.value.data[offset] as number;
  }
  return result(self.ctx, out, rt, 'GatherBackward0', [self], (g) => {
    const gx = dense(self.shape, g.dtype);
    const r = roundTo(g.dtype);
    source.forEach((k, i) => (gx.data[k] = r((gx.data[k] as number) + (g.data[i] as number))));
    return [gx];
  });
}

/** view/reshape take their shape as *args: handled outside the table's binding. */
function viewMethod(
  self: PyTensor,
  args: readonly PyValue[],
  kwargs: PyKwargs,
  name: 'view' | 'reshape',
  rt: Runtime,
): PyValue {
  if (kwargs.size > 0) {
    const [key] = kwargs.keys();
    throw new PyException(
      'TypeError',
      `${name}() got an unexpected keyword argument '${key as string}'`,
    );
  }
  const shape = viewShape(shapeArgs(args, name), self.numel);
  return reshaped(
    self.ctx,
    self,
    shape,
    name === 'view' ? 'ViewBackward0' : 'ReshapeAliasBackward0',
    rt,
  );
}

/** `x.name`: a property or a bound method. */
export function attribute(self: PyTensor, name: string, rt: Runtime): PyValue | undefined {
  switch (name) {
    case 'shape':
      return new PySize(self.shape);
    case 'dtype':
      return self.ctx.dtypes[self.dtype];
    case 'grad':
      return self.grad ?? NONE;
    case 'requires_grad':
      return pyBool(self.requiresGrad);
    case 'is_leaf':
      return pyBool(self.isLeaf);
    case 'grad_fn':
      return self.gradFn === null ? NONE : new GradFnObject(self.gradFn.name);
    case 'ndim':
      return pyInt(self.shape.length);
    case 'T':
      return self.shape.length < 2 ? self : transposeOf(self, 'PermuteBackward0', rt);
    case 'data':
      return detached(self, false);
    case 'device':
      return new DeviceObject();
  }
  if (name === 'view' || name === 'reshape') {
    return new PyFunction(name, (args, kwargs, r) => viewMethod(self, args, kwargs, name, r));
  }
  const method = METHODS[name];
  if (method === undefined) return undefined;
  const spec = params(method.spec);
  return new PyFunction(
    name,
    (args, kwargs, r) =>
      method.run(self, bindBuiltin(`Tensor.${name}`, name, spec, args, kwargs), r),
    {
      repr: `<built-in method ${name} of Tensor object>`,
    },
  );
}

/** `x.grad_fn`: prints as `<NllLossBackward0 object at 0x…>`. */
class GradFnObject extends PyObject {
  readonly typeName: string;
  constructor(name: string) {
    super();
    this.typeName = name;
  }
  repr(): string {
    return `<${this.typeName} object at 0x7f0000000000>`;
  }
  override getAttr(name: string): PyValue | undefined {
    if (name === 'name')
      return new PyFunction('name', () => ({ kind: 'str', value: this.typeName }));
    return undefined;
  }
}

class DeviceObject extends PyObject {
  readonly typeName = 'device';
  repr(): string {
    return "device(type='cpu')";
  }
  override str(): string {
    return 'cpu';
  }
  override getAttr(name: string): PyValue | undefined {
    return name === 'type' ? { kind: 'str', value: 'cpu' } : undefined;
  }
}

/** The operator hooks every tensor of a run shares. */
export const HOOKS: TensorHooks = {
  binary(self, op, other, reflected, rt) {
    const o = operand(self.ctx, other);
    if (o === undefined) return undefined;
    const me = { t: self, wrapped: false };
    return reflected ? arithmetic(self.ctx, op, o, me, rt) : arithmetic(self.ctx, op, me, o, rt);
  },
  inplace(self, op, other, rt) {
    const o = operand(self.ctx, other);
    if (o === undefined) return undefined;
    checkInPlace(self, rt);
    // The op reads self's values as they were (PyTorch's original_self); an operand that is self
    // itself stays the live tensor, so a node that saved it refuses backward as PyTorch's does.
    const before = new PyTensor(self.ctx, dense(self.shape, self.dtype, self.value.data));
    const edge = self.requiresGrad ? self.gradFn : null;
    if (edge !== null) {
      before.gradFn = edge;
      before.requiresGrad = true;
    }
    const out = arithmetic(self.ctx, op, { t: before, wrapped: false }, o, rt);
    if (out === undefined) return undefined;
    if (out.shape.join() !== self.shape.join()) {
      throw new PyException(
        'RuntimeError',
        `output with shape [${self.shape.join(', ')}] doesn't match the broadcast shape [${out.shape.join(', ')}]`,
      );
    }
    if (!isFloating(self.dtype) && isFloating(out.dtype)) {
      throw new PyException(
        'RuntimeError',
        `result type ${SCALAR_NAMES[out.dtype]} can't be cast to the desired output type ${SCALAR_NAMES[self.dtype]}`,
      );
    }
    commitInPlace(self, out, rt);
    return self;
  },
  compare(self, op, other, reflected, rt) {
    const o = operand(self.ctx, other);
    if (o === undefined) {
      if (op === '==' || op === '!=') return undefined;
      const kind =
        other.kind === 'object' ? other.typeName : other.kind === 'none' ? 'NoneType' : other.kind;
      throw new PyException(
        'TypeError',
        `'${op}' not supported between instances of '${reflected ? kind : 'Tensor'}' and '${reflected ? 'Tensor' : kind}'`,
      );
    }
    const me = { t: self, wrapped: false };
    return reflected ? comparison(self.ctx, op, o, me, rt) : comparison(self.ctx, op, me, o, rt);
  },
  unary(self, op, rt) {
    return op === '-' ? elementwise(self.ctx, 'neg', self, rt) : self;
  },
  getItem(self, key, rt) {
    return getItem(self.ctx, self, key, rt);
  },
  setItem(self, key, value, rt) {
    const v = value instanceof PyTensor ? value : operand(self.ctx, value)?.t;
    if (v === undefined) {
      throw new PyException(
        'TypeError',
        `can't assign a ${value.kind === 'object' ? value.typeName : value.kind} to a ${SCALAR_NAMES[self.dtype]}Tensor`,
      );
    }
    setItem(self.ctx, self, key, v, rt);
  },
  setAttr(self, name, value) {
    if (name === 'grad') {
      if (value.kind === 'none') self.grad = null;
      else if (value instanceof PyTensor) {
        if (value.shape.join() !== self.shape.join()) {
          throw new PyException('RuntimeError', 'assigned grad has data of a different size');
        }
        self.grad = value;
      } else {
        throw new PyException(
          'TypeError',
          `assigned grad expected to be a Tensor or None but got grad of type ${value.kind === 'object' ? value.typeName : value.kind}`,
        );
      }
      return true;
    }
    if (name === 'requires_grad') {
      if (value.kind !== 'bool') throw new PyException('TypeError', 'requires_grad must be a bool');
      setRequiresGrad(self, value.value, false);
      return true;
    }
    if (name === 'data' && value instanceof PyTensor) {
      self.value = value.value;
      self.storage = value.storage;
      self.shape = value.shape;
      self.strides = value.strides;
      self.offset = value.offset;
      return true;
    }
    return false;
  },
  format(self, spec, rt) {
    // Tensor.__format__: a 0-d tensor formats as its item(), even with an empty spec.
    if (self.shape.length === 0)
      return formatSpec(itemOf(self) as Parameters<typeof formatSpec>[0], spec);
    if (spec === '') return self.str(rt);
    throw new PyException('TypeError', 'unsupported format string passed to Tensor.__format__');
  },
};

/** The torch-module functions that are methods with the tensor first (`torch.sum(x, dim=1)`). */
export function torchFunctions(): Map<string, PyCall> {
  const out = new Map<string, PyCall>();
  for (const [name, method] of Object.entries(METHODS)) {
    if (method.torch !== true) continue;
    const spec = params(['input', ...method.spec]);
    out.set(name, (args, kwargs, rt) => {
      const a = bindBuiltin(`torch.${name}`, name, spec, args, kwargs);
      const input = a.get('input');
      const self =
        input instanceof PyTensor
          ? input
          : pyraise(
              'TypeError',
              `${name}(): argument 'input' (position 1) must be Tensor, not ${input.kind === 'object' ? input.typeName : input.kind === 'none' ? 'NoneType' : input.kind}`,
            );
      return method.run(self, a, rt);
    });
  }
  out.set('entr', (args, kwargs, rt) => {
    const a = bindArgs('special_entr', params(['input']), args, kwargs);
    return entr(
      tensorArg(a.get('input'), 'special_entr', 'input').ctx,
      tensorArg(a.get('input'), 'special_entr', 'input'),
      rt,
    );
  });
  return out;
}

export { numel };
