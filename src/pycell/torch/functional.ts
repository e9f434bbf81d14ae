// torch.nn.functional's losses over the loss core: each checks its arguments as PyTorch's
// Python wrapper does, computes with the core's forward, and records a node whose backward is
// the core's backward, named after the last op of PyTorch 1.13's own implementation
// (cross_entropy with index targets ends in nll_loss: NllLossBackward0; with probabilities and
// 'mean' in a division: DivBackward1; label smoothing in an addition: AddBackward0; …).
import {
  LossError,
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
  type PyKwargs,
  type PyValue,
  type Runtime,
} from '../values';
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

/** The C++ op each Python loss hands its integer arguments to, as its TypeError names it. */
const CPP_NAMES: Record<string, string> = {
  cross_entropy: 'cross_entropy_loss',
  nll_loss: 'nll_loss_nd',
};

/** An int argument checked by the C++ op: `nll_loss_nd(): argument 'ignore_index' (position 5) must be int, not float`. */
function cppInt(a: Args, name: string, op: string, position: number): number {
  const v = a.get(name);
  if (v.kind === 'int') return v.value;
  if (v.kind === 'bool') return v.value ? 1 : 0;
  const kind = v.kind === 'object' ? v.typeName : v.kind === 'none' ? 'NoneType' : v.kind;
  throw new PyException(
    'TypeError',
    `${op}(): argument '${name}' (position ${position}) must be int, not ${kind}`,
  );
}

/** The reduction after PyTorch's legacy size_average/reduce arguments. */
function reductionOf(a: Args): string {
  const sizeAverage = a.get('size_average');
  const reduce = a.get('reduce');
  if (sizeAverage.kind !== 'none' || reduce.kind !== 'none') {
    // torch.nn._reduction.legacy_get_string.
    const avg =
      sizeAverage.kind === 'none' ? true : sizeAverage.kind === 'bool' ? sizeAverage.value : true;
    const red = reduce.kind === 'none' ? true : reduce.kind === 'bool' ? reduce.value : true;
    return !red ? 'none' : avg ? 'mean' : 'sum';
  }
  const r = a.get('reduction');
  if (r.kind !== 'str')
    throw new PyException(
      'TypeError',
      `${a.fn}(): argument 'reduction' must be str, not ${r.kind === 'object' ? r.typeName : r.kind}`,
    );
  return r.value;
}

/** Reject a reduction PyTorch rejects (ValueError), before the core sees it. */
function checkReduction(reduction: string, allowed: readonly string[]): void {
  if (!allowed.includes(reduction))
    throw new PyException('ValueError', `${reduction} is not a valid value for reduction`);
}

const optionalTensor = (a: Args, name: string): PyTensor | undefined =>
  a.isNone(name) ? undefined : tensorArg(a.get(name), a.fn, name);
const coreOf = (t: PyTensor | undefined): CoreTensor | undefined =>
  t === undefined ? undefined : toCore(t.value);
const upstream = (g: Dense, dtype: Dense['dtype']): CoreTensor => toCore(cast(g, dtype));

/** A differentiable loss only in its input: the target needing grad is refused rather than silently given none. */
function refuseTargetGrad(fn: string, target: PyTensor, rt: Runtime): void {
  if (rt.gradEnabled && target.requiresGrad) {
    throw new PyException(
      'RuntimeError',
      `${fn}: gradients with respect to the target are not supported in this cell; detach the target`,
    );
  }
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
  const input = tensorArg(a.get('input'), 'cross_entropy', 'input');
  const target = tensorArg(a.get('target'), 'cross_entropy', 'target');
  const weight = optionalTensor(a, 'weight');
  const reduction = reductionOf(a);
  const ignoreIndex = cppInt(a, 'ignore_index', CPP_NAMES[a.fn] ?? a.fn, 5);
  const labelSmoothing = a.number('label_smoothing');
  checkReduction(reduction, ['none', 'mean', 'sum']);
  const sameShape = input.shape.join() === target.shape.join();
  if (sameShape && !isFloating(target.dtype)) {
    throw new PyException(
      'RuntimeError',
      `Expected floating point type for target with class probabilities, got ${SCALAR_NAMES[target.dtype]}`,
    );
  }
  if (!sameShape && !isFloating(target.dtype) && target.dtype !== 'int64') {
    // The core checks the shapes first, then refuses a non-Long target: hand it a float copy
    // and name the target's own dtype in that refusal, as PyTorch does.
    const asFloat = toCore(cast(target.value, 'float32'));
    try {
      crossEntropy(toCore(input.value), asFloat, { ignoreIndex, labelSmoothing });
    } catch (error) {
      const dtypeRefusal = 'expected scalar type Long but found Float';
      if (!(error instanceof LossError) || error.message !== dtypeRefusal)
        core(() => {
          throw error;
        });
    }
    throw new PyException(
      'RuntimeError',
      `expected scalar type Long but found ${SCALAR_NAMES[target.dtype]}`,
    );
  }
  refuseTargetGrad('cross_entropy', target, rt);
  const options = {
    weight: coreOf(weight),
    ignoreIndex,
    reduction: reduction as Reduction,
    labelSmoothing,
  };
  // PyTorch's node keeps log_softmax's output, which no program can reach: a copy of the input
  // stands in for it, so an in-place op on the input afterwards changes nothing here.
  const logits = dense(input.shape, input.dtype, input.value.data);
  const out = fromCore(core(() => crossEntropy(toCore(logits), toCore(target.value), options)));
  const name = !sameShape
    ? labelSmoothing > 0
      ? 'AddBackward0'
      : nllNodeName(input.shape.length, reduction)
    : reduction === 'mean'
      ? 'DivBackward1'
      : 'NegBackward0';
  return result(
    input.ctx,
    out,
    rt,
    name,
    [input],
    (g) => [
      fromCore(
        core(() =>
          crossEntropyBackward(
            toCore(logits),
            toCore(target.value),
            options,
            upstream(g, out.dtype),
          ),
        ),
      ),
    ],
    true,
    [target, weight],
  );
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
  const input = tensorArg(a.get('input'), 'nll_loss', 'input');
  const target = tensorArg(a.get('target'), 'nll_loss', 'target');
  const weight = optionalTensor(a, 'weight');
  const reduction = reductionOf(a);
  checkReduction(reduction, ['none', 'mean', 'sum']);
  const ignoreIndex = cppInt(a, 'ignore_index', CPP_NAMES[a.fn] ?? a.fn, 5);
  // nll_loss reads Byte targets as indices too (PyTorch 1.13); other dtypes are refused.
  const targetCore =
    target.dtype === 'uint8'
      ? { ...toCore(target.value), dtype: 'int64' as const }
      : toCore(target.value);
  if (target.dtype !== 'int64' && target.dtype !== 'uint8') {
    throw new PyException(
      'RuntimeError',
      `expected scalar type Long but found ${SCALAR_NAMES[target.dtype]}`,
    );
  }
  const options = { weight: coreOf(weight), ignoreIndex, reduction: reduction as Reduction };
  const out = fromCore(core(() => nllLoss(toCore(input.value), targetCore, options)));
  return result(
    input.ctx,
    out,
    rt,
    nllNodeName(input.shape.length, reduction),
    [input],
    (g) => [
      fromCore(
        core(() =>
          nllLossBackward(toCore(input.value), targetCore, options, upstream(g, out.dtype)),
        ),
      ),
    ],
    true,
    [input, target, weight],
  );
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
  const input = tensorArg(a.get('input'), 'kl_div', 'input');
  const target = tensorArg(a.get('target'), 'kl_div', 'target');
  const reduction = reductionOf(a);
  const logTarget = a.bool('log_target');
  // PyTorch 1.13 checks the reduction only when it is not one of its four.
  checkReduction(reduction, ['none', 'mean', 'sum', 'batchmean']);
  const options = { reduction: reduction as Reduction | 'batchmean', logTarget };
  const out = fromCore(core(() => klDiv(toCore(input.value), toCore(target.value), options)));
  const name = {
    mean: 'MeanBackward0',
    batchmean: 'DivBackward0',
    sum: 'SumBackward0',
    none: logTarget ? 'MulBackward0' : 'SubBackward0',
  }[reduction] as string;
  return result(
    input.ctx,
    out,
    rt,
    name,
    [input, target],
    (g) => [
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
    ],
    true,
    [input, target],
  );
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
  const a = bindArgs('binary_cross_entropy', params(BCE), args, kwargs);
  const input = tensorArg(a.get('input'), 'binary_cross_entropy', 'input');
  const target = tensorArg(a.get('target'), 'binary_cross_entropy', 'target');
  const weight = optionalTensor(a, 'weight');
  const reduction = reductionOf(a);
  checkReduction(reduction, ['none', 'mean', 'sum']);
  refuseTargetGrad('binary_cross_entropy', target, rt);
  const options = { weight: coreOf(weight), reduction: reduction as Reduction };
  const out = fromCore(
    core(() => binaryCrossEntropy(toCore(input.value), toCore(target.value), options)),
  );
  return result(
    input.ctx,
    out,
    rt,
    'BinaryCrossEntropyBackward0',
    [input],
    (g) => [
      fromCore(
        core(() =>
          binaryCrossEntropyBackward(
            toCore(input.value),
            toCore(target.value),
            options,
            upstream(g, out.dtype),
          ),
        ),
      ),
    ],
    true,
    [input, target, weight],
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
  const input = tensorArg(a.get('input'), fn, 'input');
  const target = tensorArg(a.get('target'), fn, 'target');
  const weight = optionalTensor(a, 'weight');
  const posWeight = optionalTensor(a, 'pos_weight');
  const reduction = reductionOf(a);
  checkReduction(reduction, ['none', 'mean', 'sum']);
  refuseTargetGrad(fn, target, rt);
  const options = {
    weight: coreOf(weight),
    posWeight: coreOf(posWeight),
    reduction: reduction as Reduction,
  };
  const out = fromCore(
    core(() => binaryCrossEntropyWithLogits(toCore(input.value), toCore(target.value), options)),
  );
  return result(
    input.ctx,
    out,
    rt,
    'BinaryCrossEntropyWithLogitsBackward0',
    [input],
    (g) => [
      fromCore(
        core(() =>
          binaryCrossEntropyWithLogitsBackward(
            toCore(input.value),
            toCore(target.value),
            options,
            upstream(g, out.dtype),
          ),
        ),
      ),
    ],
    true,
    [input, target, weight, posWeight],
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
  const input = tensorArg(a.get('input'), 'mse_loss', 'input');
  const target = tensorArg(a.get('target'), 'mse_loss', 'target');
  const reduction = reductionOf(a);
  checkReduction(reduction, ['none', 'mean', 'sum']);
  const options = { reduction: reduction as Reduction };
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
  const mismatch = (t: PyTensor) => {
    if (t.dtype !== out.dtype) {
      throw new PyException(
        'RuntimeError',
        `Found dtype ${SCALAR_NAMES[out.dtype]} but expected ${SCALAR_NAMES[t.dtype]}`,
      );
    }
  };
  return result(
    input.ctx,
    out,
    rt,
    'MseLossBackward0',
    [input, target],
    (g) => {
      if (input.requiresGrad) mismatch(input);
      if (target.requiresGrad) mismatch(target);
      return [
        input.requiresGrad
          ? fromCore(
              core(() =>
                mseLossBackward(
                  toCore(input.value),
                  toCore(target.value),
                  options,
                  upstream(g, out.dtype),
                ),
              ),
            )
          : null,
        target.requiresGrad
          ? fromCore(
              core(() =>
                mseLossBackward(
                  toCore(target.value),
                  toCore(input.value),
                  options,
                  upstream(g, out.dtype),
                ),
              ),
            )
          : null,
      ];
    },
    true,
    [input, target],
  );
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
export const FUNCTIONAL: Record<
  string,
  (args: readonly PyValue[], kwargs: PyKwargs, rt: Runtime) => PyValue
> = {
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

/** The parameter lists of the loss modules' constructors, from torch/nn/modules/loss.py. */
export const LOSS_MODULES: Record<string, { functional: string; spec: ParamSpec }> = {
  CrossEntropyLoss: {
    functional: 'cross_entropy',
    spec: [
      ['weight', NONE],
      ['size_average', NONE],
      ['ignore_index', pyInt(-100)],
      ['reduce', NONE],
      ['reduction', pyStr('mean')],
      ['label_smoothing', pyFloat(0)],
    ],
  },
  NLLLoss: {
    functional: 'nll_loss',
    spec: [
      ['weight', NONE],
      ['size_average', NONE],
      ['ignore_index', pyInt(-100)],
      ['reduce', NONE],
      ['reduction', pyStr('mean')],
    ],
  },
  KLDivLoss: {
    functional: 'kl_div',
    spec: [
      ['size_average', NONE],
      ['reduce', NONE],
      ['reduction', pyStr('mean')],
      ['log_target', { kind: 'bool', value: false }],
    ],
  },
  BCELoss: {
    functional: 'binary_cross_entropy',
    spec: [
      ['weight', NONE],
      ['size_average', NONE],
      ['reduce', NONE],
      ['reduction', pyStr('mean')],
    ],
  },
  BCEWithLogitsLoss: {
    functional: 'binary_cross_entropy_with_logits',
    spec: [
      ['weight', NONE],
      ['size_average', NONE],
      ['reduce', NONE],
      ['reduction', pyStr('mean')],
      ['pos_weight', NONE],
    ],
  },
  MSELoss: {
    functional: 'mse_loss',
    spec: [
      ['size_average', NONE],
      ['reduce', NONE],
      ['reduction', pyStr('mean')],
    ],
  },
};
