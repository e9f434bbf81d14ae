// torch.nn.functional's losses over the loss core: each checks its arguments as PyTorch's
// Python wrapper does, computes with the core's forward, and records a node whose backward is
// the core's backward, named after the last op of PyTorch 1.13's own implementation
// (cross_entropy with index targets ends in nll_loss: NllLossBackward0; with probabilities and
// 'mean' in a division: DivBackward1; label smoothing in an addition: AddBackward0; …).
import {
  binaryCrossEntropy,
  binaryCrossEntropyBackward,
  binaryCrossEntropyWithLogits,
  binaryCrossEntropyWithLogitsBackward,
  crossEntropy,
  crossEntropyBackward,
  klDiv,
  klDivBackward,
  mseLoss,
  mseLossBackward,
  nllLoss,
  nllLossBackward,
  oneHot,
  type Tensor as CoreTensor,
} from '../../loss/index';
import {
  NONE,
  PyException,
  pyFloat,
  pyInt,
  pyStr,
  type PyCall,
  type PyKwargs,
  type PyValue,
  type Runtime,
} from '../values';
import { truthy } from '../operators';
import { str, typeName } from '../python-repr';
import { bindArgs, params, type Args, type ParamSpec } from './args';
import {
  broadcastIndex,
  broadcastShapes,
  cast,
  dense,
  fromCore,
  numel,
  sumToShape,
  toCore,
  type Dense,
} from './dense';
import { expectDType, isFloating, promoteTypes, roundTo, SCALAR_NAMES } from './dtype';
import { expf } from './expf';
import { convert, tensorArg } from './methods';
import { constant, core, result, softmaxFamily } from './ops';
import { PyTensor } from './tensor';

type Reduction = 'none' | 'mean' | 'sum';

/**
 * nll_loss_nd's node: 1-d and 2-d inputs use nll_loss (NllLossBackward0); from 3 dims it calls
 * nll_loss2d (NllLoss2DBackward0), viewing a 3-d or 5-d+ input to 4-d and, for 'none', the
 * result back (ViewBackward0).
 */
function nllNodeName(ndim: number, reduction: string): string {
  if (ndim < 3) return 'NllLossBackward0';
  return reduction === 'none' && ndim !== 4 ? 'ViewBackward0' : 'NllLoss2DBackward0';
}

/** The kernel nll_loss_nd reaches, as its not-differentiable error names it. */
const nllKernel = (ndim: number): string => (ndim < 3 ? 'nll_loss_forward' : 'nll_loss2d_forward');

/**
 * The C++ op each Python loss hands its arguments to, and their positions there, as the
 * TypeError for a wrong argument names them (`cross_entropy_loss(): argument 'weight'
 * (position 3) must be Tensor, not list`).
 */
const CPP: Record<string, { op: string; positions: Record<string, number> }> = {
  cross_entropy: {
    op: 'cross_entropy_loss',
    positions: { input: 1, target: 2, weight: 3, ignore_index: 5, label_smoothing: 6 },
  },
  nll_loss: { op: 'nll_loss_nd', positions: { input: 1, target: 2, weight: 3, ignore_index: 5 } },
  kl_div: { op: 'kl_div', positions: { input: 1, target: 2 } },
  binary_cross_entropy: {
    op: 'binary_cross_entropy',
    positions: { input: 1, target: 2, weight: 3 },
  },
  binary_cross_entropy_with_logits: {
    op: 'binary_cross_entropy_with_logits',
    positions: { input: 1, target: 2, weight: 3, pos_weight: 4 },
  },
  mse_loss: { op: 'mse_loss', positions: { input: 1, target: 2 } },
};

/** The C++ op's TypeError for an argument of the wrong type. */
function wrongType(a: Args, name: string, expected: string): never {
  const { op, positions } = CPP[a.fn] as { op: string; positions: Record<string, number> };
  throw new PyException(
    'TypeError',
    `${op}(): argument '${name}' (position ${positions[name]}) must be ${expected}, not ${typeName(a.get(name))}`,
  );
}

/** A tensor argument as the C++ op checks it. */
function cppTensor(a: Args, name: string): PyTensor {
  const v = a.get(name);
  return v instanceof PyTensor ? v : wrongType(a, name, 'Tensor');
}

/** An optional tensor argument (weight, pos_weight): None or a tensor. */
function cppOptionalTensor(a: Args, name: string): PyTensor | undefined {
  return a.isNone(name) ? undefined : cppTensor(a, name);
}

/** An int argument as the C++ op checks it (a bool is an int to Python). */
function cppInt(a: Args, name: string): number {
  const v = a.get(name);
  if (v.kind === 'int') return v.value;
  if (v.kind === 'bool') return v.value ? 1 : 0;
  return wrongType(a, name, 'int');
}

/** A float argument as the C++ op checks it (ints and bools accepted). */
function cppFloat(a: Args, name: string): number {
  const v = a.get(name);
  if (v.kind === 'int' || v.kind === 'float') return v.value;
  if (v.kind === 'bool') return v.value ? 1 : 0;
  return wrongType(a, name, 'float');
}

/** `target.size()` in a loss's Python body: anything but a tensor has no attribute 'size'. */
function pythonTensor(a: Args, name: string): PyTensor {
  const v = a.get(name);
  if (v instanceof PyTensor) return v;
  throw new PyException('AttributeError', `'${typeName(v)}' object has no attribute 'size'`);
}

/**
 * torch.nn._reduction.legacy_get_string: the deprecated size_average/reduce pair as a reduction
 * when either is given (a value other than a bool counts as True), else null. Both the
 * functionals and the loss modules' constructors read it.
 */
export function legacyReduction(sizeAverage: PyValue, reduce: PyValue, rt: Runtime): string | null {
  if (sizeAverage.kind === 'none' && reduce.kind === 'none') return null;
  // torch.nn._reduction.legacy_get_string: None counts as True, anything else by Python truth
  // (size_average=0 means 'sum').
  const avg = sizeAverage.kind === 'none' || truthy(sizeAverage, rt);
  const red = reduce.kind === 'none' || truthy(reduce, rt);
  return !red ? 'none' : avg ? 'mean' : 'sum';
}

/**
 * The reduction, as torch.nn._reduction reads it: the legacy size_average/reduce pair when
 * either is given, else `reduction`, whose value must be one PyTorch knows (ValueError:
 * `None is not a valid value for reduction`, with Python's str of whatever was passed).
 */
function reductionOf(a: Args, rt: Runtime, extra: readonly string[] = []): string {
  const legacy = legacyReduction(a.get('size_average'), a.get('reduce'), rt);
  if (legacy !== null) return legacy;
  const r = a.get('reduction');
  if (r.kind === 'str' && ['none', 'mean', 'sum', ...extra].includes(r.value)) return r.value;
  // 'elementwise_mean' is the deprecated spelling of 'mean'.
  if (r.kind === 'str' && r.value === 'elementwise_mean') return 'mean';
  throw new PyException('ValueError', `${str(r, rt)} is not a valid value for reduction`);
}

/** PyTorch's refusal of a tensor requiring grad where its kernel has no derivative (grad mode only). */
function notDifferentiable(
  kernel: string,
  name: string,
  t: PyTensor | undefined,
  rt: Runtime,
): void {
  if (rt.gradEnabled && t?.requiresGrad === true) {
    throw new PyException(
      'RuntimeError',
      `The function '${kernel}' is not differentiable with respect to argument '${name}'. This input cannot have requires_grad True.`,
    );
  }
}

/** A gradient PyTorch computes but this cell does not: refused rather than silently left None. */
function unsupportedGrad(fn: string, what: string, t: PyTensor | undefined, rt: Runtime): void {
  if (rt.gradEnabled && t?.requiresGrad === true) {
    throw new PyException(
      'RuntimeError',
      `${fn}: gradients with respect to the ${what} are not supported in this cell; detach the ${what}`,
    );
  }
}

const coreOf = (t: PyTensor | undefined): CoreTensor | undefined =>
  t === undefined ? undefined : toCore(t.value);
const upstream = (g: Dense, dtype: Dense['dtype']): CoreTensor => toCore(cast(g, dtype));

/**
 * A class-index target for a core call: Long as it is (and Byte where `readsByte`: PyTorch
 * 1.13's nll_loss reads it as indices, cross_entropy refuses it); any other dtype reaches the core as a float32 copy, so its shape checks come first as in
 * PyTorch, and the refusal that follows names the target's own dtype.
 */
function indexTarget(
  target: PyTensor,
  check: (t: CoreTensor) => unknown,
  readsByte = false,
): CoreTensor {
  if (target.dtype === 'int64') return toCore(target.value);
  if (readsByte && target.dtype === 'uint8')
    return { ...toCore(target.value), dtype: 'int64' as const };
  const refusal = 'expected scalar type Long but found Float';
  try {
    core(() => check(toCore(cast(target.value, 'float32'))));
  } catch (error) {
    if (!(error instanceof PyException) || error.pyMessage !== refusal) throw error;
  }
  throw new PyException(
    'RuntimeError',
    `expected scalar type Long but found ${SCALAR_NAMES[target.dtype]}`,
  );
}

/**
 * A loss the core computes, differentiable in its input: the node's backward is the core's
 * backward at the same arguments, given the upstream gradient in the loss's dtype. `saved` are
 * the tensors PyTorch's graph keeps, whose in-place change makes backward raise.
 */
function coreLoss<O>(
  input: PyTensor,
  target: () => CoreTensor,
  options: O,
  forward: (x: CoreTensor, t: CoreTensor, o: O) => CoreTensor,
  backward: (x: CoreTensor, t: CoreTensor, o: O, g: CoreTensor) => CoreTensor,
  name: string,
  saved: readonly (PyTensor | undefined)[],
  rt: Runtime,
): PyTensor {
  const out = fromCore(core(() => forward(toCore(input.value), target(), options)));
  const backwardOf = (g: Dense) => [
    fromCore(core(() => backward(toCore(input.value), target(), options, upstream(g, out.dtype)))),
  ];
  return result(input.ctx, out, rt, name, [input], backwardOf, true, saved);
}

const CROSS_ENTROPY: ParamSpec = [
  'input',
  'target',
  ['weight', NONE],
  ['size_average', NONE],
  ['ignore_index', pyInt(-100)],
  ['reduce', NONE],
  ['reduction', pyStr('mean')],
  ['label_smoothing', pyFloat(0)],
];

function crossEntropyCall(args: readonly PyValue[], kwargs: PyKwargs, rt: Runtime): PyValue {
  const a = bindArgs('cross_entropy', params(CROSS_ENTROPY), args, kwargs);
  // F.cross_entropy reads the reduction in Python, then torch._C._nn.cross_entropy_loss parses
  // its arguments in order.
  const reduction = reductionOf(a, rt) as Reduction;
  const input = cppTensor(a, 'input');
  const target = cppTensor(a, 'target');
  const weight = cppOptionalTensor(a, 'weight');
  const ignoreIndex = cppInt(a, 'ignore_index');
  const labelSmoothing = cppFloat(a, 'label_smoothing');
  const sameShape = input.shape.join() === target.shape.join();
  if (sameShape && !isFloating(target.dtype)) {
    throw new PyException(
      'RuntimeError',
      `Expected floating point type for target with class probabilities, got ${SCALAR_NAMES[target.dtype]}`,
    );
  }
  const options = { weight: coreOf(weight), ignoreIndex, reduction, labelSmoothing };
  const x = toCore(input.value);
  const t = sameShape
    ? toCore(target.value)
    : indexTarget(target, (c) => crossEntropy(x, c, { ignoreIndex, labelSmoothing }));
  if (sameShape) unsupportedGrad('cross_entropy', 'weight', weight, rt);
  else notDifferentiable(nllKernel(input.shape.length), 'weight', weight, rt);
  unsupportedGrad('cross_entropy', 'target', target, rt);
  const name = !sameShape
    ? labelSmoothing > 0
      ? 'AddBackward0'
      : nllNodeName(input.shape.length, reduction)
    : reduction === 'mean'
      ? 'DivBackward1'
      : 'NegBackward0';
  // log_softmax keeps its own output, not the input; nll_loss (or the product with a probability
  // target) keeps the target and the weight.
  const saved = [target, weight];
  return coreLoss(input, () => t, options, crossEntropy, crossEntropyBackward, name, saved, rt);
}

const NLL: ParamSpec = [
  'input',
  'target',
  ['weight', NONE],
  ['size_average', NONE],
  ['ignore_index', pyInt(-100)],
  ['reduce', NONE],
  ['reduction', pyStr('mean')],
];

function nllLossCall(args: readonly PyValue[], kwargs: PyKwargs, rt: Runtime): PyValue {
  const a = bindArgs('nll_loss', params(NLL), args, kwargs);
  const reduction = reductionOf(a, rt) as Reduction;
  const input = cppTensor(a, 'input');
  const target = cppTensor(a, 'target');
  const weight = cppOptionalTensor(a, 'weight');
  const ignoreIndex = cppInt(a, 'ignore_index');
  const options = { weight: coreOf(weight), ignoreIndex, reduction };
  // Autograd refuses a weight requiring grad before the kernel checks the target.
  notDifferentiable(nllKernel(input.shape.length), 'weight', weight, rt);
  const t = indexTarget(target, (c) => nllLoss(toCore(input.value), c, options), true);
  const name = nllNodeName(input.shape.length, reduction);
  const saved = [input, target, weight];
  return coreLoss(input, () => t, options, nllLoss, nllLossBackward, name, saved, rt);
}

const KL: ParamSpec = [
  'input',
  'target',
  ['size_average', NONE],
  ['reduce', NONE],
  ['reduction', pyStr('mean')],
  ['log_target', { kind: 'bool', value: false }],
];

function klDivCall(args: readonly PyValue[], kwargs: PyKwargs, rt: Runtime): PyValue {
  const a = bindArgs('kl_div', params(KL), args, kwargs);
  const reduction = reductionOf(a, rt, ['batchmean']);
  const input = cppTensor(a, 'input');
  const target = cppTensor(a, 'target');
  const logTarget = a.bool('log_target');
  const options = { reduction: reduction as Reduction | 'batchmean', logTarget };
  const out = fromCore(core(() => klDiv(toCore(input.value), toCore(target.value), options)));
  const name = {
    mean: 'MeanBackward0',
    batchmean: 'DivBackward0',
    sum: 'SumBackward0',
    none: logTarget ? 'MulBackward0' : 'SubBackward0',
  }[reduction] as string;
  return result(input.ctx, out, rt, name, [input, target], (g) => [
    input.requiresGrad
      ? fromCore(
          core(() =>
            klDivBackward(
              toCore(input.value),
              toCore(target.value),
              options,
              upstream(g, out.dtype),
            ),
          ),
        )
      : null,
    target.requiresGrad
      ? klDivTargetGrad(input.value, target.value, reduction, logTarget, g)
      : null,
  ]);
}

/**
 * ∂ kl_div / ∂ target through PyTorch 1.13's own graph, each step rounded to the dtype and the
 * parts accumulated in the order its engine adds them. Without log_target the loss is
 * xlogy(t, t) − t·x: (g·xlogy(t ≠ 0, t) + g·t / t) − g·x (xlogy's two parts arrive first, as
 * checked against PyTorch on random inputs), so a zero target gets NaN (0 / 0).
 * With log_target it is exp(t)·(t − x): g·exp(t) + g·(t − x)·exp(t). g is the upstream gradient
 * divided as the reduction divides (numel for 'mean', the batch for 'batchmean'); the result
 * is summed back onto the target's shape where it was broadcast.
 */
function klDivTargetGrad(
  x: Dense,
  t: Dense,
  reduction: string,
  logTarget: boolean,
  g: Dense,
): Dense {
  const shape = broadcastShapes(t.shape, x.shape);
  const dtype = promoteTypes(x.dtype, t.dtype);
  const r = roundTo(dtype);
  const exp = dtype === 'float32' ? expf : Math.exp;
  const count = numel(shape);
  const divisor = reduction === 'mean' ? count : reduction === 'batchmean' ? (x.shape[0] ?? 1) : 1;
  const xi = broadcastIndex(shape, x.shape);
  const ti = broadcastIndex(shape, t.shape);
  const out = dense(shape, dtype);
  for (let i = 0; i < count; i++) {
    const xv = x.data[xi[i] as number] as number;
    const tv = t.data[ti[i] as number] as number;
    const up = r((reduction === 'none' ? (g.data[i] as number) : (g.data[0] as number)) / divisor);
    if (logTarget) {
      const e = r(exp(tv));
      out.data[i] = r(r(up * e) + r(r(up * r(tv - xv)) * e));
    } else {
      const xlogy = tv !== 0 ? r(Math.log(tv)) : 0;
      out.data[i] = r(r(r(up * xlogy) + r(r(up * tv) / tv)) + r(-up * xv));
    }
  }
  return sumToShape(out, t.shape);
}

const BCE: ParamSpec = [
  'input',
  'target',
  ['weight', NONE],
  ['size_average', NONE],
  ['reduce', NONE],
  ['reduction', pyStr('mean')],
];

function bceCall(args: readonly PyValue[], kwargs: PyKwargs, rt: Runtime): PyValue {
  const fn = 'binary_cross_entropy';
  const a = bindArgs(fn, params(BCE), args, kwargs);
  // F.binary_cross_entropy's Python body: the reduction, target.size() against input.size(),
  // weight.size() when given; then the C++ op.
  const reduction = reductionOf(a, rt) as Reduction;
  const target = pythonTensor(a, 'target');
  const input = pythonTensor(a, 'input');
  const weight = a.isNone('weight') ? undefined : pythonTensor(a, 'weight');
  notDifferentiable(fn, 'weight', weight, rt);
  unsupportedGrad(fn, 'target', target, rt);
  const options = { weight: coreOf(weight), reduction };
  const t = () => toCore(target.value);
  return coreLoss(
    input,
    t,
    options,
    binaryCrossEntropy,
    binaryCrossEntropyBackward,
    'BinaryCrossEntropyBackward0',
    [input, target, weight],
    rt,
  );
}

const BCE_LOGITS: ParamSpec = [
  'input',
  'target',
  ['weight', NONE],
  ['size_average', NONE],
  ['reduce', NONE],
  ['reduction', pyStr('mean')],
  ['pos_weight', NONE],
];

function bceLogitsCall(args: readonly PyValue[], kwargs: PyKwargs, rt: Runtime): PyValue {
  const fn = 'binary_cross_entropy_with_logits';
  const a = bindArgs(fn, params(BCE_LOGITS), args, kwargs);
  // The reduction and target.size() == input.size() in Python, then the C++ op's arguments.
  const reduction = reductionOf(a, rt) as Reduction;
  const target = pythonTensor(a, 'target');
  const input = pythonTensor(a, 'input');
  const weight = cppOptionalTensor(a, 'weight');
  const posWeight = cppOptionalTensor(a, 'pos_weight');
  notDifferentiable(fn, 'weight', weight, rt);
  notDifferentiable(fn, 'pos_weight', posWeight, rt);
  unsupportedGrad(fn, 'target', target, rt);
  const options = { weight: coreOf(weight), posWeight: coreOf(posWeight), reduction };
  return coreLoss(
    input,
    () => toCore(target.value),
    options,
    binaryCrossEntropyWithLogits,
    binaryCrossEntropyWithLogitsBackward,
    'BinaryCrossEntropyWithLogitsBackward0',
    [input, target, weight, posWeight],
    rt,
  );
}

const MSE: ParamSpec = [
  'input',
  'target',
  ['size_average', NONE],
  ['reduce', NONE],
  ['reduction', pyStr('mean')],
];

function mseCall(args: readonly PyValue[], kwargs: PyKwargs, rt: Runtime): PyValue {
  const a = bindArgs('mse_loss', params(MSE), args, kwargs);
  // F.mse_loss compares target.size() with input.size() first, then reads the reduction.
  const target = pythonTensor(a, 'target');
  const input = pythonTensor(a, 'input');
  const reduction = reductionOf(a, rt) as Reduction;
  const options = { reduction };
  // An integer operand beside a float one is promoted to its dtype (two integers stay refused).
  if (isFloating(input.dtype) !== isFloating(target.dtype)) {
    const dtype = isFloating(input.dtype) ? input.dtype : target.dtype;
    return mseCall(
      [convert(input.ctx, input, dtype, rt), convert(target.ctx, target, dtype, rt)],
      new Map([['reduction', pyStr(reduction)]]),
      rt,
    );
  }
  const out = fromCore(core(() => mseLoss(toCore(input.value), toCore(target.value), options)));
  // (x − y)² is symmetric: the target's gradient is the input's backward with the roles swapped.
  // PyTorch 1.13's mse_loss backward refuses an input whose dtype is not the result's.
  const side = (self: PyTensor, other: PyTensor, g: Dense): Dense | null => {
    if (!self.requiresGrad) return null;
    if (self.dtype !== out.dtype) {
      throw new PyException(
        'RuntimeError',
        `Found dtype ${SCALAR_NAMES[out.dtype]} but expected ${SCALAR_NAMES[self.dtype]}`,
      );
    }
    return fromCore(
      core(() =>
        mseLossBackward(toCore(self.value), toCore(other.value), options, upstream(g, out.dtype)),
      ),
    );
  };
  return result(input.ctx, out, rt, 'MseLossBackward0', [input, target], (g) => [
    side(input, target, g),
    side(target, input, g),
  ]);
}

function oneHotCall(args: readonly PyValue[], kwargs: PyKwargs, rt: Runtime): PyValue {
  const a = bindArgs('one_hot', params(['tensor', ['num_classes', pyInt(-1)]]), args, kwargs);
  const t = tensorArg(a.get('tensor'), 'one_hot', 'tensor');
  const classes = a.int('num_classes');
  if (t.dtype !== 'int64')
    throw new PyException('RuntimeError', 'one_hot is only applicable to index tensor.');
  // Refuse an oversized result before the core allocates it.
  const widest =
    classes >= 0 ? classes : Array.from(t.value.data).reduce((m, v) => Math.max(m, v + 1), 0);
  rt.checkElements(t.value.data.length * widest);
  const out = fromCore(core(() => oneHot(toCore(t.value), { numClasses: classes })));
  return constant(t.ctx, out, rt);
}

/** F.softmax's implicit dim (deprecated in PyTorch, still honoured): 0 for 0-, 1- and 3-d inputs, else 1. */
function implicitDim(ndim: number): number {
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

function softmaxCall(log: boolean) {
  const fn = log ? 'log_softmax' : 'softmax';
  return (args: readonly PyValue[], kwargs: PyKwargs, rt: Runtime): PyValue => {
    const a = bindArgs(
      fn,
      params(['input', ['dim', NONE], ['_stacklevel', pyInt(3)], ['dtype', NONE]]),
      args,
      kwargs,
    );
    let input = tensorArg(a.get('input'), fn, 'input');
    if (!a.isNone('dtype')) {
      const d = a.get('dtype');
      input = convert(input.ctx, input, expectDType(d, fn, 'dtype'), rt);
    }
    const dim = a.isNone('dim') ? implicitDim(input.shape.length) : a.int('dim');
    return softmaxFamily(input.ctx, input, dim, log, rt);
  };
}

/** torch.nn.functional's members, each a Python function as in PyTorch. */
export const FUNCTIONAL: Record<string, PyCall> = {
  cross_entropy: crossEntropyCall,
  nll_loss: nllLossCall,
  kl_div: klDivCall,
  binary_cross_entropy: bceCall,
  binary_cross_entropy_with_logits: bceLogitsCall,
  mse_loss: mseCall,
  one_hot: oneHotCall,
  softmax: softmaxCall(false),
  log_softmax: softmaxCall(true),
};

/**
 * The loss modules, each with its functional: the constructor takes the functional's parameters
 * after input and target, names and defaults alike (torch/nn/modules/loss.py).
 */
export const LOSS_MODULES: Record<string, { functional: string; spec: ParamSpec }> = {
  CrossEntropyLoss: { functional: 'cross_entropy', spec: CROSS_ENTROPY.slice(2) },
  NLLLoss: { functional: 'nll_loss', spec: NLL.slice(2) },
  KLDivLoss: { functional: 'kl_div', spec: KL.slice(2) },
  BCELoss: { functional: 'binary_cross_entropy', spec: BCE.slice(2) },
  BCEWithLogitsLoss: { functional: 'binary_cross_entropy_with_logits', spec: BCE_LOGITS.slice(2) },
  MSELoss: { functional: 'mse_loss', spec: MSE.slice(2) },
};
