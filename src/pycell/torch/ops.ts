// The differentiable ops of a cell's tensors: arithmetic with broadcasting and PyTorch's type
// promotion, elementwise math, reductions, the softmax family (the loss core's row kernels),
// matrix products, shape ops and indexing. Each records its backward under the name PyTorch
// 1.13 prints (recorded from PyTorch in the fixtures), unless grad mode is off.
import {
  LossError,
  logSoftmax as coreLogSoftmax,
  logSumExp as coreLogSumExp,
  softmax as coreSoftmax,
  softmaxBackward as coreSoftmaxBackward,
  sumDims as coreSumDims,
} from '../../loss/index';
import { PyException, type PyValue, type Runtime } from '../values';
import { makeNode, savedByNode } from './autograd';
import {
  broadcastShapes,
  cast,
  dense,
  fromCore,
  layout,
  map,
  numel,
  reduceDim,
  reducedShape,
  sumToShape,
  sumValues,
  toCore,
  wrapDim,
  zipWith,
  type Dense,
} from './dense';
import {
  categoryOf,
  isFloating,
  promoteTypes,
  roundTo,
  SCALAR_NAMES,
  type TorchDType,
} from './dtype';
import { expf } from './expf';
import {
  contiguousStrides,
  elementIndex,
  PyTensor,
  type Layout,
  type TorchContext,
} from './tensor';

/** Run a loss-core call, turning its LossError into the Python exception PyTorch raises. */
export function core<T>(f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (error instanceof LossError) throw new PyException(error.pyType, error.message);
    throw error;
  }
}

/**
 * A result tensor, with a grad node when grad mode is on and an input requires grad. `saved`
 * names the tensors PyTorch's node keeps ('output' for the result itself), whose versions
 * backward checks; by default those PyTorch's node of that name keeps (savedByNode).
 */
export function result(
  ctx: TorchContext,
  out: Dense,
  rt: Runtime,
  name: string,
  inputs: readonly PyTensor[],
  backward: (g: Dense) => readonly (Dense | null)[],
  saves = true,
  saved?: readonly (PyTensor | 'output' | null | undefined)[],
): PyTensor {
  rt.checkElements(out.data.length);
  // The budget counts what an op reads as well as what it writes, so a loop of reductions or
  // losses over a large tensor is refused as quickly as one of elementwise ops.
  rt.tick(out.data.length + inputs.reduce((n, i) => n + i.value.data.length, 0) + 1);
  const t = new PyTensor(ctx, out);
  if (rt.gradEnabled && isFloating(out.dtype) && inputs.some((i) => i.requiresGrad)) {
    const keep = saved ?? savedByNode(name, inputs, saves);
    const node = makeNode(
      name,
      inputs,
      backward,
      saves,
      keep.filter((k): k is PyTensor => k instanceof PyTensor),
    );
    if (keep.includes('output'))
      node.saved = [...node.saved, { tensor: t, version: 0, output: true }];
    t.gradFn = node;
    t.requiresGrad = true;
  }
  return t;
}

/** A result no gradient flows through (comparisons, argmax, integer results); `read` is the elements it read. */
export function constant(ctx: TorchContext, out: Dense, rt: Runtime, read = 0): PyTensor {
  rt.checkElements(out.data.length);
  rt.tick(out.data.length + read + 1);
  return new PyTensor(ctx, out);
}

// ---------------------------------------------------------------------------------------------
// Operands and type promotion

/** An operand of arithmetic: a tensor, or a Python number wrapped as a 0-d tensor. */
export interface Operand {
  readonly t: PyTensor;
  readonly wrapped: boolean;
}

/** A Python number or tensor as an operand; undefined for anything else (NotImplemented). */
export function operand(ctx: TorchContext, v: PyValue): Operand | undefined {
  if (v instanceof PyTensor) return { t: v, wrapped: false };
  if (v.kind === 'int')
    return { t: new PyTensor(ctx, dense([], 'int64', [v.value])), wrapped: true };
  if (v.kind === 'float')
    return { t: new PyTensor(ctx, dense([], 'float64', [v.value])), wrapped: true };
  if (v.kind === 'bool')
    return { t: new PyTensor(ctx, dense([], 'bool', [v.value ? 1 : 0])), wrapped: true };
  return undefined;
}

const DEFAULT_OF_CATEGORY: readonly TorchDType[] = ['bool', 'int64', 'float32'];

/** torch.result_type: dimensioned tensors first, then 0-d tensors and Python numbers only if of a higher category. */
export function resultType(operands: readonly Operand[]): TorchDType {
  let dims: TorchDType | null = null;
  let zeros: TorchDType | null = null;
  let wrapped: TorchDType | null = null;
  for (const o of operands) {
    const d = o.t.dtype;
    if (o.wrapped) wrapped = wrapped === null ? d : promoteTypes(wrapped, d);
    else if (o.t.shape.length === 0) zeros = zeros === null ? d : promoteTypes(zeros, d);
    else dims = dims === null ? d : promoteTypes(dims, d);
  }
  let r = dims;
  if (zeros !== null && (r === null || categoryOf(zeros) > categoryOf(r))) r = zeros;
  if (wrapped !== null && (r === null || categoryOf(wrapped) > categoryOf(r))) {
    r = DEFAULT_OF_CATEGORY[categoryOf(wrapped)] as TorchDType;
  }
  return r ?? 'float32';
}

/** The dtype of a true division or a transcendental function: integers give the default float32. */
export function floatResult(dtype: TorchDType): TorchDType {
  return isFloating(dtype) ? dtype : 'float32';
}

// ---------------------------------------------------------------------------------------------
// Arithmetic

const neg = (g: Dense): Dense => map(g, g.dtype, (v) => -v);

/** `a op b` for tensors and numbers, with broadcasting, promotion and its backward. */
export function arithmetic(
  ctx: TorchContext,
  op: string,
  a: Operand,
  b: Operand,
  rt: Runtime,
): PyTensor | undefined {
  const common = resultType([a, b]);
  if (op === '@') return a.wrapped || b.wrapped ? undefined : matmul(ctx, a.t, b.t, rt);
  // Refuse an oversized broadcast before allocating it.
  rt.checkElements(numel(broadcastShapes(a.t.shape, b.t.shape)));
  // The kernel reads both operands in the op's dtype: a Python number or a 0-d tensor of a wider
  // dtype is rounded to it first (x / 1e-3 divides by float32's 0.001, 1.00000005e-3), and the
  // backward multiplies or divides by that same rounded value, as PyTorch's saved operand is.
  const opType = op === '/' ? floatResult(common) : common;
  const x = a.t.dtype === opType ? a.t.value : cast(a.t.value, opType);
  const y = b.t.dtype === opType ? b.t.value : cast(b.t.value, opType);
  const xs = x.shape;
  const ys = y.shape;
  const back = (g: Dense, shape: readonly number[]) => sumToShape(g, shape);
  const inputs = [a.t, b.t];
  const r = roundTo(common);
  switch (op) {
    case '+':
      return result(
        ctx,
        zipWith(x, y, common, (p, q) => r(p) + r(q)),
        rt,
        'AddBackward0',
        inputs,
        (g) => [back(g, xs), back(g, ys)],
        false,
      );
    case '-': {
      if (common === 'bool') {
        throw new PyException(
          'RuntimeError',
          'Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.',
        );
      }
      const name = a.wrapped ? 'RsubBackward1' : 'SubBackward0';
      return result(
        ctx,
        zipWith(x, y, common, (p, q) => r(p) - r(q)),
        rt,
        name,
        inputs,
        (g) => [back(g, xs), back(neg(g), ys)],
        false,
      );
    }
    case '*':
      return result(
        ctx,
        zipWith(x, y, common, (p, q) => r(p) * r(q)),
        rt,
        'MulBackward0',
        inputs,
        (g) => [
          back(
            zipWith(g, y, g.dtype, (p, q) => p * q),
            xs,
          ),
          back(
            zipWith(g, x, g.dtype, (p, q) => p * q),
            ys,
          ),
        ],
      );
    case '/': {
      const rd = roundTo(opType);
      if (a.wrapped) {
        // A number divided by a tensor is PyTorch's reciprocal-then-multiply, each step rounded:
        // MulBackward0 over ReciprocalBackward0 (−g·s · (1/y)²).
        const s = x.data[0] as number;
        const reciprocal = map(y, opType, (q) => 1 / q);
        return result(
          ctx,
          map(reciprocal, opType, (q) => q * s),
          rt,
          'MulBackward0',
          inputs,
          (g) => [
            null,
            back(
              zipWith(g, reciprocal, g.dtype, (p, q) => -rd(p * s) * rd(q * q)),
              ys,
            ),
          ],
        );
      }
      return result(
        ctx,
        zipWith(x, y, opType, (p, q) => p / q),
        rt,
        'DivBackward0',
        inputs,
        (g) => [
          back(
            zipWith(g, y, g.dtype, (p, q) => p / q),
            xs,
          ),
          // PyTorch: −g · ((a / b) / b).
          back(
            zipWith(
              g,
              zipWith(
                zipWith(x, y, g.dtype, (p, q) => p / q),
                y,
                g.dtype,
                (p, q) => p / q,
              ),
              g.dtype,
              (p, q) => -p * q,
            ),
            ys,
          ),
        ],
      );
    }
    case '**':
      return power(ctx, a, b, common, rt);
    case '//':
    case '%': {
      const f =
        op === '//'
          ? (p: number, q: number) => Math.floor(r(p) / r(q))
          : (p: number, q: number) => {
              const m = r(p) % r(q);
              return m !== 0 && m < 0 !== r(q) < 0 ? m + r(q) : m;
            };
      if (common === 'bool') {
        const kernel = op === '//' ? 'div_floor_cpu' : 'remainder_cpu';
        throw new PyException('RuntimeError', `"${kernel}" not implemented for 'Bool'`);
      }
      if (!isFloating(common) && y.data.some((v) => v === 0)) {
        throw new PyException('RuntimeError', 'ZeroDivisionError');
      }
      return constant(ctx, zipWith(x, y, common, f), rt, x.data.length + y.data.length);
    }
    default:
      return undefined;
  }
}

/**
 * x ** e for a floating x and a number e, as PyTorch 1.13's pow kernel specialises it: e = 0.5
 * is sqrt, −0.5 rsqrt (1 / sqrt, two roundings), −1 reciprocal, 2 and 3 products in the dtype,
 * −2 one over x·x; anything else is pow rounded once.
 */
export function powScalar(x: number, e: number, r: (v: number) => number): number {
  if (e === 0.5) return r(Math.sqrt(x));
  if (e === -0.5) return r(1 / r(Math.sqrt(x)));
  if (e === -1) return r(1 / x);
  if (e === 2) return r(x * x);
  if (e === 3) return r(r(x * x) * x);
  if (e === -2) return r(1 / r(x * x));
  return r(Math.pow(x, e));
}

/** x ** y: PowBackward0 for a number exponent, PowBackward1 for a tensor one. */
function power(
  ctx: TorchContext,
  a: Operand,
  b: Operand,
  common: TorchDType,
  rt: Runtime,
): PyTensor {
  const x = a.t.value;
  const y = b.t.value;
  const r = roundTo(common);
  if (!isFloating(common) && !a.wrapped) {
    if (b.wrapped && b.t.dtype !== 'float64' && (y.data[0] as number) < 0) {
      throw new PyException('RuntimeError', 'Integers to negative integer powers are not allowed.');
    }
    if (a.t.dtype === 'bool' && b.t.dtype === 'bool' && !b.wrapped) {
      throw new PyException('RuntimeError', `"pow" not implemented for 'Bool'`);
    }
  }
  if (b.wrapped) {
    // The exponent is a double in PyTorch's kernel; a float tensor takes the specialised paths.
    const e = y.data[0] as number;
    const out = isFloating(common)
      ? map(x, common, (p) => powScalar(r(p), e, r))
      : map(x, common, (p) => Math.pow(r(p), r(e)));
    return result(ctx, out, rt, 'PowBackward0', [a.t, b.t], (g) => {
      const rg = roundTo(g.dtype);
      // PyTorch: g · (e · x^(e−1)), e rounded to the dtype as a scalar operand, x^(e−1) by the
      // same specialised kernel; zero for e = 0.
      return [
        e === 0
          ? map(g, g.dtype, () => 0)
          : zipWith(g, x, g.dtype, (p, q) => p * rg(rg(e) * powScalar(rg(q), e - 1, rg))),
        null,
      ];
    });
  }
  const out = zipWith(x, y, common, (p, q) => Math.pow(r(p), r(q)));
  return result(ctx, out, rt, 'PowBackward1', [a.t, b.t], (g) => {
    const rg = roundTo(g.dtype);
    const shape = broadcastShapes(x.shape, y.shape);
    const gx = dense(shape, g.dtype);
    const gy = dense(shape, g.dtype);
    const xv = zipWith(x, y, 'float64', (p) => p);
    const yv = zipWith(y, x, 'float64', (p) => p);
    for (let i = 0; i < gx.data.length; i++) {
      const p = rg(xv.data[i] as number);
      const q = rg(yv.data[i] as number);
      const gi = g.data[i] as number;
      gx.data[i] = q === 0 ? 0 : rg(gi * rg(q * rg(Math.pow(p, q - 1))));
      gy.data[i] = p === 0 && q >= 0 ? 0 : rg(gi * rg(rg(Math.pow(p, q)) * rg(Math.log(p))));
    }
    return [sumToShape(gx, x.shape), sumToShape(gy, y.shape)];
  });
}

/** A comparison, elementwise, to a bool tensor. */
export function comparison(
  ctx: TorchContext,
  op: string,
  a: Operand,
  b: Operand,
  rt: Runtime,
): PyTensor {
  rt.checkElements(numel(broadcastShapes(a.t.shape, b.t.shape)));
  const common = resultType([a, b]);
  const r = roundTo(common);
  const tests: Record<string, (p: number, q: number) => boolean> = {
    '==': (p, q) => p === q,
    '!=': (p, q) => p !== q,
    '<': (p, q) => p < q,
    '<=': (p, q) => p <= q,
    '>': (p, q) => p > q,
    '>=': (p, q) => p >= q,
  };
  const test = tests[op] as (p: number, q: number) => boolean;
  return constant(
    ctx,
    zipWith(a.t.value, b.t.value, 'bool', (p, q) => (test(r(p), r(q)) ? 1 : 0)),
    rt,
    a.t.value.data.length + b.t.value.data.length,
  );
}

// ---------------------------------------------------------------------------------------------
// Elementwise math

/** An elementwise function: its dtype rule, forward and backward (given x, its output and g). */
interface Elementwise {
  readonly name: string;
  /** Integers give float32 (transcendental functions) or stay (abs, neg). */
  readonly toFloat: boolean;
  readonly forward: (x: number) => number;
  readonly backward: (g: number, x: number, out: number, r: (v: number) => number) => number;
}

const LN2 = Math.LN2;

export const ELEMENTWISE: Record<string, Elementwise> = {
  exp: {
    name: 'ExpBackward0',
    toFloat: true,
    forward: Math.exp,
    backward: (g, _x, y, r) => r(g * y),
  },
  log: {
    name: 'LogBackward0',
    toFloat: true,
    forward: Math.log,
    backward: (g, x, _y, r) => r(g / x),
  },
  log2: {
    name: 'Log2Backward0',
    toFloat: true,
    forward: Math.log2,
    backward: (g, x, _y, r) => r(g / r(x * r(LN2))),
  },
  sqrt: {
    name: 'SqrtBackward0',
    toFloat: true,
    forward: Math.sqrt,
    backward: (g, _x, y, r) => r(g / r(2 * y)),
  },
  sigmoid: {
    name: 'SigmoidBackward0',
    toFloat: true,
    forward: (x) => 1 / (1 + Math.exp(-x)),
    // PyTorch's sigmoid_backward: g · (1 − y) · y.
    backward: (g, _x, y, r) => r(r(g * r(1 - y)) * y),
  },
  tanh: {
    name: 'TanhBackward0',
    toFloat: true,
    forward: Math.tanh,
    backward: (g, _x, y, r) => r(g * r(1 - r(y * y))),
  },
  abs: {
    name: 'AbsBackward0',
    toFloat: false,
    forward: Math.abs,
    backward: (g, x, _y, r) => r(g * Math.sign(x)),
  },
  neg: { name: 'NegBackward0', toFloat: false, forward: (x) => -x, backward: (g) => -g },
  relu: {
    name: 'ReluBackward0',
    toFloat: false,
    forward: (x) => (x > 0 ? x : x === x ? 0 : x),
    backward: (g, _x, y) => (y > 0 ? g : 0),
  },
};

/** Apply one of ELEMENTWISE to a tensor. */
export function elementwise(ctx: TorchContext, fn: string, x: PyTensor, rt: Runtime): PyTensor {
  const spec = ELEMENTWISE[fn] as Elementwise;
  if (fn === 'neg' && x.dtype === 'bool') {
    throw new PyException(
      'RuntimeError',
      'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.',
    );
  }
  const dtype = spec.toFloat ? floatResult(x.dtype) : x.dtype;
  const r = roundTo(dtype);
  // float32 exp is SLEEF's (as PyTorch's AVX2 kernel); sigmoid is 1 / (1 + exp(−x)), each step rounded.
  const e = dtype === 'float32' ? expf : Math.exp;
  const f =
    fn === 'sigmoid' ? (v: number) => r(1 / r(1 + r(e(r(-v))))) : fn === 'exp' ? e : spec.forward;
  const out = map(x.value, dtype, (v) => f(r(v)));
  return result(ctx, out, rt, spec.name, [x], (g) => {
    const rg = roundTo(g.dtype);
    const gx = dense(g.shape, g.dtype);
    for (let i = 0; i < gx.data.length; i++) {
      gx.data[i] = rg(
        spec.backward(g.data[i] as number, x.value.data[i] as number, out.data[i] as number, rg),
      );
    }
    return [gx];
  });
}

/**
 * torch.xlogy(x, y) = x·log y, 0 where x = 0 (unless y is NaN). The node is XlogyBackward0 for
 * two tensors, 1 for a number x, 2 for a number y. PyTorch's backward: ∂x = g·xlogy(x ≠ 0, y)
 * (g·log y for a number y > 0), ∂y = g·x / y with no special case, so x = y = 0 gives NaN.
 */
export function xlogy(ctx: TorchContext, a: Operand, b: Operand, rt: Runtime): PyTensor {
  rt.checkElements(numel(broadcastShapes(a.t.shape, b.t.shape)));
  const dtype = floatResult(resultType([a, b]));
  const r = roundTo(dtype);
  // Both operands in the op's dtype, a Python number rounded to it as a scalar operand.
  const x = cast(a.t.value, dtype);
  const y = cast(b.t.value, dtype);
  const f = (p: number, q: number) => (p === 0 && q === q ? 0 : r(p * r(Math.log(q))));
  const name = a.wrapped ? 'XlogyBackward1' : b.wrapped ? 'XlogyBackward2' : 'XlogyBackward0';
  return result(ctx, zipWith(x, y, dtype, f), rt, name, [a.t, b.t], (g) => {
    const rg = roundTo(g.dtype);
    const other = b.t.value.data[0] as number;
    const gx =
      b.wrapped && other > 0
        ? map(g, g.dtype, (p) => p * rg(Math.log(other)))
        : zipWith(
            g,
            zipWith(x, y, g.dtype, (p, q) => f(p !== 0 ? 1 : 0, q)),
            g.dtype,
            (p, q) => p * q,
          );
    const gy = zipWith(
      zipWith(g, x, g.dtype, (p, q) => p * q),
      y,
      g.dtype,
      (p, q) => p / q,
    );
    return [sumToShape(gx, x.shape), sumToShape(gy, y.shape)];
  });
}

/** torch.special.entr(x) = −x·log x, 0 at 0, −∞ below 0. */
export function entr(ctx: TorchContext, x: PyTensor, rt: Runtime): PyTensor {
  const dtype = floatResult(x.dtype);
  const r = roundTo(dtype);
  const f = (v: number) => (v > 0 ? r(-v * r(Math.log(v))) : v === 0 ? 0 : v < 0 ? -Infinity : v);
  return result(
    ctx,
    map(x.value, dtype, (v) => f(r(v))),
    rt,
    'SpecialEntrBackward0',
    [x],
    (g) => [
      // d/dx (−x log x) = −(1 + log x).
      zipWith(g, x.value, g.dtype, (p, q) => p * -(1 + Math.log(q))),
    ],
  );
}

// ---------------------------------------------------------------------------------------------
// Reductions

/** The dims a reduction's `dim` argument names (an int or a tuple/list of ints), wrapped. */
export function dimsOf(v: PyValue, ndim: number, fn: string): number[] {
  if (v.kind === 'int') return [wrapDim(v.value, ndim)];
  if (v.kind === 'tuple' || v.kind === 'list') {
    return v.items.map((d) => {
      if (d.kind !== 'int') {
        throw new PyException(
          'TypeError',
          `${fn}(): argument 'dim' must be tuple of ints, not ${d.kind}`,
        );
      }
      return wrapDim(d.value, ndim);
    });
  }
  throw new PyException(
    'TypeError',
    `${fn}(): argument 'dim' must be tuple of ints, not ${v.kind === 'object' ? v.typeName : v.kind}`,
  );
}

/**
 * x.sum(dims, keepdim=True) in the dtype, all dims in one pass as PyTorch reduces them (the
 * core's sum: its order of register lanes and cascades is what gives PyTorch's last bits).
 */
function sumDims(x: Dense, dims: readonly number[]): Dense {
  return fromCore(coreSumDims(toCore(x), { dim: dims, keepdim: true }));
}

/** x.sum(dim=None, keepdim=False): SumBackward0 over everything, SumBackward1 along dims. */
export function sum(
  ctx: TorchContext,
  x: PyTensor,
  dims: number[] | null,
  keepdim: boolean,
  rt: Runtime,
): PyTensor {
  const dtype = isFloating(x.dtype) ? x.dtype : 'int64';
  const v = dtype === x.dtype ? x.value : cast(x.value, dtype);
  if (dims === null) {
    const out = dense([], dtype, [sumValues(v.data, dtype)]);
    return result(
      ctx,
      out,
      rt,
      'SumBackward0',
      [x],
      (g) => [dense(x.shape, g.dtype, new Array(v.data.length).fill(g.data[0]))],
      false,
    );
  }
  const sorted = [...new Set(dims)].sort((p, q) => q - p);
  const out = sumDims(v, sorted);
  const shape = keepdim ? out.shape : x.shape.filter((_, i) => !sorted.includes(i));
  const final = dense(shape, dtype, out.data);
  return result(
    ctx,
    final,
    rt,
    'SumBackward1',
    [x],
    (g) => [broadcastTo(g, out.shape, x.shape)],
    false,
  );
}

/** Repeat a keepdim-shaped gradient over the input's shape. */
function broadcastTo(g: Dense, keptShape: readonly number[], shape: readonly number[]): Dense {
  const kept = dense(keptShape, g.dtype, g.data);
  return zipWith(dense(shape, g.dtype), kept, g.dtype, (_p, q) => q);
}

/** x.mean(dim=None, keepdim=False): the sum divided by the count, in the dtype. */
export function mean(
  ctx: TorchContext,
  x: PyTensor,
  dims: number[] | null,
  keepdim: boolean,
  rt: Runtime,
): PyTensor {
  if (!isFloating(x.dtype)) {
    throw new PyException(
      'RuntimeError',
      `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${SCALAR_NAMES[x.dtype]}`,
    );
  }
  const dtype = x.dtype;
  const r = roundTo(dtype);
  if (dims === null) {
    const n = x.value.data.length;
    const out = dense([], dtype, [r(sumValues(x.value.data, dtype) / n)]);
    return result(
      ctx,
      out,
      rt,
      'MeanBackward0',
      [x],
      (g) => [
        dense(x.shape, g.dtype, new Array(n).fill(roundTo(g.dtype)((g.data[0] as number) / n))),
      ],
      false,
    );
  }
  const sorted = [...new Set(dims)].sort((p, q) => q - p);
  const out = sumDims(x.value, sorted);
  let count = 1;
  for (const d of sorted) count *= x.shape[d] as number;
  const shape = keepdim ? out.shape : x.shape.filter((_, i) => !sorted.includes(i));
  const final = map(dense(shape, dtype, out.data), dtype, (v) => v / count);
  return result(
    ctx,
    final,
    rt,
    'MeanBackward1',
    [x],
    (g) => [map(broadcastTo(g, out.shape, x.shape), g.dtype, (v) => v / count)],
    false,
  );
}

/** The first index of the row's max (or min); a NaN wins, as in PyTorch. */
function extremeIndex(row: readonly number[], largest: boolean): number {
  let best = 0;
  for (let k = 0; k < row.length; k++) {
    const v = row[k] as number;
    const b = row[best] as number;
    if (v !== v) return k;
    if (largest ? v > b : v < b) best = k;
  }
  return best;
}

/** x.max() / x.min(): the extreme of all elements, its gradient shared among ties (MaxBackward1). */
export function extremeAll(
  ctx: TorchContext,
  x: PyTensor,
  largest: boolean,
  rt: Runtime,
): PyTensor {
  const n = x.value.data.length;
  if (n === 0) {
    throw new PyException(
      'RuntimeError',
      `${largest ? 'max' : 'min'}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`,
    );
  }
  const values = Array.from(x.value.data);
  const value = values[extremeIndex(values, largest)] as number;
  const out = dense([], x.dtype, [value]);
  return result(ctx, out, rt, largest ? 'MaxBackward1' : 'MinBackward1', [x], (g) => {
    const ties = values.filter((v) => v === value || (v !== v && value !== value)).length;
    const share = roundTo(g.dtype)((g.data[0] as number) / ties);
    return [
      dense(
        x.shape,
        g.dtype,
        values.map((v) => (v === value || (v !== v && value !== value) ? share : 0)),
      ),
    ];
  });
}

/** x.max(dim) / x.min(dim): values and indices (MaxBackward0 scatters to the indices). */
export function extremeDim(
  ctx: TorchContext,
  x: PyTensor,
  dim: number,
  keepdim: boolean,
  largest: boolean,
  rt: Runtime,
): { values: PyTensor; indices: PyTensor } {
  const indices = reduceDim(x.value, dim, keepdim, 'int64', (row) => extremeIndex(row, largest));
  const { outer, size, inner } = layout(x.shape, dim);
  if (size === 0) {
    throw new PyException(
      'IndexError',
      `${largest ? 'max' : 'min'}(): Expected reduction dim ${dim} to have non-zero size.`,
    );
  }
  const values = dense(indices.shape, x.dtype);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const k = indices.data[o * inner + i] as number;
      values.data[o * inner + i] = x.value.data[o * size * inner + k * inner + i] as number;
    }
  }
  const v = result(ctx, values, rt, largest ? 'MaxBackward0' : 'MinBackward0', [x], (g) => {
    const gx = dense(x.shape, g.dtype);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const k = indices.data[o * inner + i] as number;
        gx.data[o * size * inner + k * inner + i] = g.data[o * inner + i] as number;
      }
    }
    return [gx];
  });
  return { values: v, indices: constant(ctx, indices, rt) };
}

/** argmax/argmin over everything (flat index) or along a dim. */
export function argExtreme(
  ctx: TorchContext,
  x: PyTensor,
  dim: number | null,
  keepdim: boolean,
  largest: boolean,
  rt: Runtime,
): PyTensor {
  if (dim === null) {
    if (x.value.data.length === 0) {
      // IndexError here, where max()/min() of an empty tensor raise RuntimeError (as 1.13 does).
      throw new PyException(
        'IndexError',
        `${largest ? 'argmax' : 'argmin'}(): Expected reduction dim to be specified for input.numel() == 0.`,
      );
    }
    const index = extremeIndex(Array.from(x.value.data), largest);
    const shape = keepdim ? x.shape.map(() => 1) : [];
    return constant(ctx, dense(shape, 'int64', [index]), rt, x.value.data.length);
  }
  const d = wrapDim(dim, x.shape.length);
  if (x.shape.length > 0 && x.shape[d] === 0) {
    throw new PyException(
      'IndexError',
      `${largest ? 'argmax' : 'argmin'}(): Expected reduction dim ${d} to have non-zero size.`,
    );
  }
  return constant(
    ctx,
    reduceDim(x.value, d, keepdim, 'int64', (row) => extremeIndex(row, largest)),
    rt,
    x.value.data.length,
  );
}

// ---------------------------------------------------------------------------------------------
// The softmax family (the loss core's row kernels)

/** softmax / log_softmax along a dim, with the core's numerics and PyTorch's backward. */
export function softmaxFamily(
  ctx: TorchContext,
  x: PyTensor,
  dim: number,
  log: boolean,
  rt: Runtime,
): PyTensor {
  if (!isFloating(x.dtype) && x.value.data.length === 0) {
    // An empty input returns before the kernel's dtype dispatch: an empty tensor of x's dtype.
    return constant(ctx, dense(x.shape, x.dtype), rt);
  }
  if (!isFloating(x.dtype)) {
    const d = wrapDim(dim, x.shape.length);
    const lastDim = d === Math.max(x.shape.length - 1, 0);
    const kernel = lastDim
      ? `${log ? 'log_softmax' : 'softmax'}_lastdim_kernel_impl`
      : 'softmax_kernel_impl';
    throw new PyException(
      'RuntimeError',
      `"${kernel}" not implemented for '${SCALAR_NAMES[x.dtype]}'`,
    );
  }
  const input = toCore(x.value);
  const out = fromCore(
    core(() => (log ? coreLogSoftmax(input, { dim }) : coreSoftmax(input, { dim }))),
  );
  const d = wrapDim(dim, x.shape.length);
  if (!log) {
    return result(ctx, out, rt, 'SoftmaxBackward0', [x], (g) => [
      fromCore(
        core(() => coreSoftmaxBackward(toCore(out), toCore(cast(g, out.dtype)), { dim: d })),
      ),
    ]);
  }
  return result(ctx, out, rt, 'LogSoftmaxBackward0', [x], (g) => [
    logSoftmaxBackward(out, cast(g, out.dtype), d),
  ]);
}

/** log_softmax's backward: g − exp(y)·Σ g along the dim, each step in the dtype. */
function logSoftmaxBackward(y: Dense, g: Dense, dim: number): Dense {
  const r = roundTo(y.dtype);
  // PyTorch's vectorised backward takes exp(y) with the same float32 kernel as torch.exp.
  const exp = y.dtype === 'float32' ? expf : Math.exp;
  const { outer, size, inner } = layout(y.shape, dim);
  const out = dense(y.shape, y.dtype);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      const row = new Array<number>(size);
      for (let k = 0; k < size; k++) row[k] = g.data[base + k * inner] as number;
      const total = sumValues(row, y.dtype);
      for (let k = 0; k < size; k++) {
        const at = base + k * inner;
        out.data[at] = r((g.data[at] as number) - r(r(exp(y.data[at] as number)) * total));
      }
    }
  }
  return out;
}

/** torch.logsumexp(x, dim, keepdim): LogsumexpBackward0 is g·exp(x − out). */
export function logsumexp(
  ctx: TorchContext,
  x: PyTensor,
  dim: number,
  keepdim: boolean,
  rt: Runtime,
): PyTensor {
  // An integer input is promoted to the default dtype, float32 in a cell (the core's default is
  // float64), each integer rounded to float32 first as torch.logsumexp's `self.to(...)` does.
  const input = isFloating(x.dtype) ? x.value : cast(x.value, 'float32');
  const out = fromCore(core(() => coreLogSumExp(toCore(input), { dim, keepdim })));
  const d = wrapDim(dim, x.shape.length);
  return result(ctx, out, rt, 'LogsumexpBackward0', [x], (g) => {
    const kept = reducedShape(x.shape, d, true);
    const gx = broadcastTo(g, kept, x.shape);
    const o = broadcastTo(out, kept, x.shape);
    const r = roundTo(out.dtype);
    return [
      dense(
        x.shape,
        out.dtype,
        Array.from(gx.data, (gv, i) =>
          r(gv * r(Math.exp(r((x.value.data[i] as number) - (o.data[i] as number))))),
        ),
      ),
    ];
  });
}

// ---------------------------------------------------------------------------------------------
// Matrix products

/**
 * A dot product in the dtype, term by term: this PyTorch 1.13 hands float32 and float64 matmul
 * to the reference BLAS (sdot/sgemv/sgemm), whose loops add each rounded product to a running
 * sum rounded to the dtype, in index order (checked bit for bit against PyTorch on random
 * matrices of many shapes; a sum kept in double and rounded once differs in most of them).
 */
function dot(
  a: ArrayLike<number>,
  ai: number,
  as: number,
  b: ArrayLike<number>,
  bi: number,
  bs: number,
  n: number,
  r: (v: number) => number,
): number {
  let s = 0;
  for (let k = 0; k < n; k++) s = r(s + r((a[ai + k * as] as number) * (b[bi + k * bs] as number)));
  return s;
}

/** Plain 2-D product of (n×k) and (k×m) arrays. */
function mm(a: Dense, b: Dense, dtype: TorchDType): Dense {
  const [n = 0, k = 0] = a.shape;
  const m = b.shape[1] ?? 0;
  const out = dense([n, m], dtype);
  const r = roundTo(dtype);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) out.data[i * m + j] = dot(a.data, i * k, 1, b.data, j, m, k, r);
  return out;
}

/** The transpose of a 2-D array. */
export function transpose2d(a: Dense): Dense {
  const [n = 1, m = 1] = a.shape;
  const out = dense([m, n], a.dtype);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) out.data[j * n + i] = a.data[i * m + j] as number;
  return out;
}

/** torch.matmul for 1-D and 2-D operands (Dot, Mv, Mm backward nodes). */
export function matmul(ctx: TorchContext, a: PyTensor, b: PyTensor, rt: Runtime): PyTensor {
  const x = a.value;
  const y = b.value;
  if (x.dtype !== y.dtype) {
    throw new PyException(
      'RuntimeError',
      `expected scalar type ${SCALAR_NAMES[x.dtype]} but found ${SCALAR_NAMES[y.dtype]}`,
    );
  }
  const dtype = x.dtype;
  if (x.shape.length === 0 || y.shape.length === 0) {
    throw new PyException(
      'RuntimeError',
      `both arguments to matmul need to be at least 1D, but they are ${x.shape.length}D and ${y.shape.length}D`,
    );
  }
  if (x.shape.length > 2 || y.shape.length > 2) {
    throw new PyException(
      'NotImplementedError',
      'matmul of tensors with more than 2 dims is not supported in this cell',
    );
  }
  rt.checkElements(
    (x.shape.length === 2 ? (x.shape[0] as number) : 1) *
      (y.shape.length === 2 ? (y.shape[1] as number) : 1),
  );
  rt.tick(numel(x.shape) * (y.shape.at(-1) ?? 1));
  const as2 = x.shape.length === 1 ? dense([1, x.shape[0] as number], dtype, x.data) : x;
  const bs2 = y.shape.length === 1 ? dense([y.shape[0] as number, 1], dtype, y.data) : y;
  if (as2.shape[1] !== bs2.shape[0]) {
    if (x.shape.length === 1 && y.shape.length === 1) {
      throw new PyException(
        'RuntimeError',
        `inconsistent tensor size, expected tensor [${x.shape[0]}] and src [${y.shape[0]}] to have the same number of elements, but got ${x.shape[0]} and ${y.shape[0]} elements respectively`,
      );
    }
    if (y.shape.length === 1) {
      throw new PyException(
        'RuntimeError',
        `size mismatch, got ${as2.shape[0]}, ${as2.shape[0]}x${as2.shape[1]},${y.shape[0]}`,
      );
    }
    throw new PyException(
      'RuntimeError',
      `mat1 and mat2 shapes cannot be multiplied (${as2.shape[0]}x${as2.shape[1]} and ${bs2.shape[0]}x${bs2.shape[1]})`,
    );
  }
  const full = mm(as2, bs2, dtype);
  const shape = [
    ...(x.shape.length === 2 ? [x.shape[0] as number] : []),
    ...(y.shape.length === 2 ? [y.shape[1] as number] : []),
  ];
  const out = dense(shape, dtype, full.data);
  const name =
    x.shape.length === 1
      ? y.shape.length === 1
        ? 'DotBackward0'
        : 'SqueezeBackward3'
      : y.shape.length === 1
        ? 'MvBackward0'
        : 'MmBackward0';
  return result(ctx, out, rt, name, [a, b], (g) => {
    const g2 = dense([as2.shape[0] as number, bs2.shape[1] as number], g.dtype, g.data);
    const ga = mm(g2, transpose2d(bs2), g.dtype);
    const gb = mm(transpose2d(as2), g2, g.dtype);
    return [dense(x.shape, g.dtype, ga.data), dense(y.shape, g.dtype, gb.data)];
  });
}

// ---------------------------------------------------------------------------------------------
// Shape ops

/** A view of x's storage with another layout, recording `name` when x requires grad. */
export function viewOf(
  x: PyTensor,
  layout: Layout,
  name: string,
  rt: Runtime,
  backward: (g: Dense) => readonly (Dense | null)[],
): PyTensor {
  rt.tick(1);
  const t = x.viewAs(layout, rt.gradEnabled);
  if (rt.gradEnabled && x.requiresGrad) {
    t.gradFn = makeNode(name, [x], backward, false);
    t.requiresGrad = true;
  }
  return t;
}

/**
 * The strides that let x's elements be read as `shape` without a copy, or null where a new
 * dim would span two non-adjacent stretches of memory (PyTorch's computeStride).
 */
export function viewStrides(
  oldShape: readonly number[],
  oldStrides: readonly number[],
  shape: readonly number[],
): number[] | null {
  if (oldShape.length === 0) return shape.map(() => 1);
  if (numel(oldShape) === 0) return contiguousStrides(shape);
  const strides = new Array<number>(shape.length).fill(0);
  let viewD = shape.length - 1;
  let chunkBase = oldStrides[oldStrides.length - 1] as number;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = oldShape.length - 1; d >= 0; d--) {
    tensorNumel *= oldShape[d] as number;
    // A chunk ends where the next dim out does not continue it in memory.
    if (d === 0 || (oldShape[d - 1] !== 1 && oldStrides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || shape[viewD] === 1)) {
        strides[viewD] = viewNumel * chunkBase;
        viewNumel *= shape[viewD] as number;
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = oldStrides[d - 1] as number;
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  return viewD === -1 ? strides : null;
}

const VIEW_INCOMPATIBLE =
  "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.";

/**
 * The same elements in a new shape (view, reshape, squeeze, unsqueeze, flatten): a view when the
 * strides allow it; otherwise view() raises PyTorch's error and reshape copies (UnsafeViewBackward0).
 */
export function reshaped(
  ctx: TorchContext,
  x: PyTensor,
  shape: readonly number[],
  name: string,
  rt: Runtime,
): PyTensor {
  const back = (g: Dense) => [dense(x.shape, g.dtype, g.data)];
  const strides = viewStrides(x.shape, x.strides, shape);
  if (strides !== null) return viewOf(x, { shape, strides, offset: x.offset }, name, rt, back);
  if (name === 'ViewBackward0') throw new PyException('RuntimeError', VIEW_INCOMPATIBLE);
  return result(
    ctx,
    dense(shape, x.dtype, x.value.data),
    rt,
    'UnsafeViewBackward0',
    [x],
    back,
    false,
  );
}

/** The shape a view/reshape asks for, with one −1 inferred, or PyTorch's error. */
export function viewShape(requested: readonly number[], size: number): number[] {
  const inferred = requested.indexOf(-1);
  const known = requested.reduce((p, s, i) => (i === inferred ? p : p * s), 1);
  if (requested.filter((s) => s === -1).length > 1)
    throw new PyException('RuntimeError', 'only one dimension can be inferred');
  const shape = requested.map((s) => (s === -1 ? (known === 0 ? 0 : size / known) : s));
  if (numel(shape) !== size || shape.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new PyException(
      'RuntimeError',
      `shape '[${requested.join(', ')}]' is invalid for input of size ${size}`,
    );
  }
  return shape;
}

/** x.t() / x.T for at most 2 dims (TBackward0 / PermuteBackward0): a view with its strides swapped. */
export function transposeOf(x: PyTensor, name: string, rt: Runtime): PyTensor {
  if (x.shape.length > 2)
    throw new PyException(
      'RuntimeError',
      `t() expects a tensor with <= 2 dimensions, but self is ${x.shape.length}D`,
    );
  return transposeDims(x, 0, x.shape.length - 1, name, rt);
}

/** x.transpose(d0, d1): a view with two dims' sizes and strides swapped. */
export function transposeDims(
  x: PyTensor,
  d0: number,
  d1: number,
  name: string,
  rt: Runtime,
): PyTensor {
  const swap = <T>(v: readonly T[]): T[] => {
    const out = [...v];
    if (out.length > 0) [out[d0], out[d1]] = [v[d1] as T, v[d0] as T];
    return out;
  };
  const layout = { shape: swap(x.shape), strides: swap(x.strides), offset: x.offset };
  return viewOf(x, layout, name, rt, (g) => {
    // The gradient, laid out as the view, read back in the input's order.
    const view = { shape: x.shape, strides: swap(contiguousStrides(layout.shape)), offset: 0 };
    const index = elementIndex(view);
    return [
      dense(
        x.shape,
        g.dtype,
        Array.from(index, (k) => g.data[k] as number),
      ),
    ];
  });
}

/** torch.cat / torch.stack: pieces joined along a dim (stack first gives each a new dim there). */
export function concatenate(
  ctx: TorchContext,
  pieces: readonly PyTensor[],
  dim: number,
  stack: boolean,
  rt: Runtime,
): PyTensor {
  const fn = stack ? 'stack' : 'cat';
  if (pieces.length === 0) {
    throw new PyException('RuntimeError', `${fn}(): expected a non-empty list of Tensors`);
  }
  const first = pieces[0] as PyTensor;
  const rank = first.shape.length + (stack ? 1 : 0);
  const d = wrapDim(dim, rank);
  const shapes = pieces.map((p) => {
    if (!stack) return p.shape;
    const s = [...p.shape];
    s.splice(d, 0, 1);
    return s;
  });
  const base = shapes[0] as readonly number[];
  shapes.forEach((s, i) => {
    const same = s.length === base.length && s.every((v, k) => k === d || v === base[k]);
    if (!same) {
      throw new PyException(
        'RuntimeError',
        stack
          ? `stack expects each tensor to be equal size, but got [${first.shape.join(', ')}] at entry 0 and [${(pieces[i] as PyTensor).shape.join(', ')}] at entry ${i}`
          : `Sizes of tensors must match except in dimension ${d}. Expected size ${base[s.findIndex((v, k) => k !== d && v !== base[k])] ?? 0} but got size ${s[s.findIndex((v, k) => k !== d && v !== base[k])] ?? 0} for tensor number ${i} in the list.`,
      );
    }
  });
  const dtype = pieces.map((p) => p.dtype).reduce(promoteTypes);
  const sizes = shapes.map((s) => s[d] as number);
  const outShape = base.map((v, k) => (k === d ? sizes.reduce((a, b) => a + b, 0) : v));
  const { outer, inner } = layout(outShape, d);
  const out = dense(outShape, dtype);
  const total = outShape[d] as number;
  let offset = 0;
  pieces.forEach((p, i) => {
    const size = sizes[i] as number;
    for (let o = 0; o < outer; o++) {
      for (let k = 0; k < size * inner; k++) {
        out.data[(o * total + offset) * inner + k] = p.value.data[o * size * inner + k] as number;
      }
    }
    offset += size;
  });
  return result(
    ctx,
    out,
    rt,
    stack ? 'StackBackward0' : 'CatBackward0',
    pieces,
    (g) => {
      let at = 0;
      return pieces.map((p, i) => {
        const size = sizes[i] as number;
        const gp = dense(p.shape, g.dtype);
        for (let o = 0; o < outer; o++) {
          for (let k = 0; k < size * inner; k++) {
            gp.data[o * size * inner + k] = g.data[(o * total + at) * inner + k] as number;
          }
        }
        at += size;
        return gp;
      });
    },
    false,
  );
}
