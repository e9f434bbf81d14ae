// F.binary_cross_entropy_with_logits (pytorch-semantics §7), PyTorch 1.13's formula:
// (1−t)·x + lw·(log(exp(−m) + exp(−x−m)) + m) with m = max(−x, 0) and lw = 1 + (pw − 1)·t.
import { broadcastShapes, sameShape, torchSize } from './broadcast';
import { promoteFloat, requireTensor, roundingOf } from './dtype';
import { broadcastReader, reduceElementwise, upstreamReader } from './elementwise';
import { LossError } from './errors';
import { checkOptionKeys, tensorOption } from './options';
import { checkReduction, REDUCTIONS, type Reduction } from './reduction';
import { makeTensor, type FloatDType, type Tensor } from './tensor';

export interface BinaryCrossEntropyWithLogitsOptions {
  /** A weight per element, broadcast to the target's shape. */
  readonly weight?: Tensor | undefined;
  /** A weight on positive examples, usually one per class (last dim). */
  readonly posWeight?: Tensor | undefined;
  /** @default 'mean' */
  readonly reduction?: Reduction;
}

function prepare(input: unknown, target: unknown, options: BinaryCrossEntropyWithLogitsOptions) {
  const fn = 'binaryCrossEntropyWithLogits';
  requireTensor(input, fn, 'input');
  requireTensor(target, fn, 'target');
  checkOptionKeys(fn, options, ['weight', 'posWeight', 'reduction']);
  const reduction = checkReduction(options.reduction ?? 'mean', REDUCTIONS);
  const weight = tensorOption(fn, 'weight', options.weight);
  const posWeight = tensorOption(fn, 'posWeight', options.posWeight);
  if (!sameShape(input.shape, target.shape)) {
    throw new LossError(
      `Target size (${torchSize(target.shape)}) must be the same as input size (${torchSize(input.shape)})`,
      'ValueError',
    );
  }
  if (target.dtype === 'int64') {
    throw new LossError(
      `result type ${input.dtype === 'float32' ? 'Float' : 'Double'} can't be cast to the desired output type Long`,
    );
  }
  // Operand order as in torch's expressions, so mismatch messages name a and b the same way.
  if (posWeight !== undefined) broadcastShapes(posWeight.shape, target.shape);
  if (weight !== undefined) broadcastShapes(target.shape, weight.shape);
  return {
    input,
    target,
    reduction,
    posWeightType: posWeight?.dtype,
    w: weight === undefined ? () => 1 : broadcastReader(weight, target.shape),
    pw: posWeight === undefined ? undefined : broadcastReader(posWeight, target.shape),
  };
}

/**
 * Binary cross-entropy straight from logits, stable for any x: the sigmoid is never formed.
 * @example binaryCrossEntropyWithLogits(tensor([2, -1]), tensor([1, 0])) // tensor(0.2201)
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  options: BinaryCrossEntropyWithLogitsOptions = {},
): Tensor {
  const { reduction, w, pw, posWeightType } = prepare(input, target, options);
  const x = input.data;
  const t = target.data;
  // The result accumulates in place on 1 − target, so it has the target's dtype (PyTorch 1.13);
  // the softplus pieces are computed in the input's, log_weight in pos_weight's and target's.
  const rIn = roundingOf(input.dtype);
  const r = roundingOf(target.dtype);
  const rLw = roundingOf(promoteFloat(posWeightType ?? target.dtype, target.dtype));
  const values = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number;
    const ti = t[i] as number;
    // m = max(−x, 0) keeps both exponentials ≤ 1: log(exp(−m) + exp(−x−m)) + m = log(1 + exp(−x)).
    const m = Math.max(-xi, 0);
    const log = rIn(Math.log(rIn(rIn(Math.exp(-m)) + rIn(Math.exp(rIn(-xi - m))))));
    const linear = r(r(1 - ti) * xi);
    const loss =
      pw === undefined
        ? r(r(linear + m) + log)
        : r(linear + rLw(rLw(rLw(rLw(pw(i) - 1) * ti) + 1) * rIn(log + m)));
    values[i] = r(loss * w(i));
  }
  if (reduction === 'none') return makeTensor(input.shape, target.dtype, values);
  return makeTensor([], target.dtype, [
    reduceElementwise(values, reduction, target.dtype as FloatDType),
  ]);
}

/** σ(x) = 1/(1 + exp(−x)), exact at ±∞, each step rounded by the dtype's `round`. */
const sigmoid = (x: number, round: (v: number) => number): number =>
  round(1 / round(1 + round(Math.exp(-x))));

/**
 * ∂ binaryCrossEntropyWithLogits / ∂ input = w·(lw·σ(x) − pw·t): finite even where the loss is NaN.
 * @example binaryCrossEntropyWithLogitsBackward(tensor([0]), tensor([1]), { reduction: 'sum' }) // tensor([-0.5000])
 */
export function binaryCrossEntropyWithLogitsBackward(
  input: Tensor,
  target: Tensor,
  options: BinaryCrossEntropyWithLogitsOptions = {},
  gradOutput?: Tensor,
): Tensor {
  const { reduction, w, pw, posWeightType } = prepare(input, target, options);
  const x = input.data;
  const t = target.data;
  const g = upstreamReader(
    'binaryCrossEntropyWithLogitsBackward',
    gradOutput,
    reduction,
    input.shape,
  );
  const rIn = roundingOf(input.dtype);
  const r = roundingOf(
    promoteFloat(posWeightType ?? input.dtype, promoteFloat(input.dtype, target.dtype)),
  );
  const out = makeTensor(input.shape, input.dtype);
  for (let i = 0; i < x.length; i++) {
    const ti = t[i] as number;
    const s = sigmoid(x[i] as number, rIn);
    // PyTorch's order: (σ − t)·g, or ((pw·t + 1 − t)·σ − pw·t)·g; then w, then 1/numel for 'mean'.
    let grad: number;
    if (pw === undefined) {
      grad = r(r(s - ti) * g(i));
    } else {
      const pt = r(pw(i) * ti);
      grad = r(r(r(r(r(pt + 1) - ti) * s) - pt) * g(i));
    }
    grad = r(grad * w(i));
    out.data[i] = rIn(reduction === 'mean' ? r(grad / x.length) : grad);
  }
  return out;
}
