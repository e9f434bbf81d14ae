// F.binary_cross_entropy_with_logits (pytorch-semantics §7), PyTorch 1.13's formula:
// (1−t)·x + lw·(log(exp(−m) + exp(−x−m)) + m) with m = max(−x, 0) and lw = 1 + (pw − 1)·t.
import { broadcastShapes, sameShape, torchSize } from './broadcast';
import { requireTensor } from './dtype';
import { broadcastReader, reduceElementwise, upstreamReader } from './elementwise';
import { LossError } from './errors';
import { checkOptionKeys, tensorOption } from './options';
import { checkReduction, REDUCTIONS, type Reduction } from './reduction';
import { makeTensor, type Tensor } from './tensor';

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
  const { reduction, w, pw } = prepare(input, target, options);
  const x = input.data;
  const t = target.data;
  const values = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number;
    const ti = t[i] as number;
    // m = max(−x, 0) keeps both exponentials ≤ 1: log(exp(−m) + exp(−x−m)) + m = log(1 + exp(−x)).
    const m = Math.max(-xi, 0);
    const softplus = Math.log(Math.exp(-m) + Math.exp(-xi - m)) + m;
    const lw = pw === undefined ? 1 : 1 + (pw(i) - 1) * ti;
    values[i] = w(i) * ((1 - ti) * xi + lw * softplus);
  }
  // The output dtype follows the target (PyTorch 1.13 computes in place on 1 − target).
  if (reduction === 'none') return makeTensor(input.shape, target.dtype, values);
  return makeTensor([], target.dtype, [reduceElementwise(values, reduction)]);
}

/** σ(x) = 1/(1 + exp(−x)), exact at ±∞. */
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

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
  const { reduction, w, pw } = prepare(input, target, options);
  const x = input.data;
  const t = target.data;
  const g = upstreamReader(
    'binaryCrossEntropyWithLogitsBackward',
    gradOutput,
    reduction,
    input.shape,
  );
  const scale = reduction === 'mean' ? 1 / x.length : 1;
  const out = makeTensor(input.shape, input.dtype);
  for (let i = 0; i < x.length; i++) {
    const ti = t[i] as number;
    const p = pw === undefined ? 1 : pw(i);
    const lw = pw === undefined ? 1 : 1 + (p - 1) * ti;
    out.data[i] = w(i) * (lw * sigmoid(x[i] as number) - p * ti) * g(i) * scale;
  }
  return out;
}
