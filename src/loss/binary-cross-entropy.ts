// F.binary_cross_entropy (pytorch-semantics §6): probabilities in, each log clamped at −100
// so p = 0 or 1 gives a large finite loss instead of ∞.
import { broadcastShapes, sameShape, shapeList, torchSize } from './broadcast';
import { requireTensor, roundingOf, scalarTypeName } from './dtype';
import { broadcastReader, reduceElementwise, upstreamReader } from './elementwise';
import { LossError } from './errors';
import { checkOptionKeys, tensorOption } from './options';
import { checkReduction, REDUCTIONS, type Reduction } from './reduction';
import { makeTensor, type FloatDType, type Tensor } from './tensor';

export interface BinaryCrossEntropyOptions {
  /** A weight per element, broadcast to the target's shape. */
  readonly weight?: Tensor | undefined;
  /** @default 'mean' */
  readonly reduction?: Reduction;
}

/** PyTorch clamps p(1 − p) at float32's 1e-12 even for float64 inputs. */
const BCE_EPSILON = Math.fround(1e-12);

function prepare(input: unknown, target: unknown, options: BinaryCrossEntropyOptions) {
  requireTensor(input, 'binaryCrossEntropy', 'input');
  requireTensor(target, 'binaryCrossEntropy', 'target');
  checkOptionKeys('binaryCrossEntropy', options, ['weight', 'reduction']);
  const reduction = checkReduction(options.reduction ?? 'mean', REDUCTIONS);
  const weight = tensorOption('binaryCrossEntropy', 'weight', options.weight);
  if (!sameShape(input.shape, target.shape)) {
    throw new LossError(
      `Using a target size (${torchSize(target.shape)}) that is different to the input size (${torchSize(input.shape)}) is deprecated. Please ensure they have the same size.`,
      'ValueError',
    );
  }
  if (target.dtype !== input.dtype) {
    throw new LossError(
      `Found dtype ${scalarTypeName(target.dtype)} but expected ${scalarTypeName(input.dtype)}`,
    );
  }
  if (weight !== undefined) {
    // F.binary_cross_entropy expands the weight to the target's shape, never the other way.
    const expanded = broadcastShapes(target.shape, weight.shape);
    if (!sameShape(expanded, target.shape)) {
      throw new LossError(
        `output with shape ${shapeList(target.shape)} doesn't match the broadcast shape ${shapeList(expanded)}`,
      );
    }
  }
  const w = weight === undefined ? () => 1 : broadcastReader(weight, target.shape);
  return { reduction, w };
}

/**
 * Binary cross-entropy of probabilities against targets, with PyTorch's log clamp.
 * @example binaryCrossEntropy(tensor([0.8, 0.3]), tensor([1, 0])) // tensor(0.2899)
 */
export function binaryCrossEntropy(
  input: Tensor,
  target: Tensor,
  options: BinaryCrossEntropyOptions = {},
): Tensor {
  const { reduction, w } = prepare(input, target, options);
  const p = input.data;
  const t = target.data;
  const r = roundingOf(input.dtype);
  const values = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] as number;
    if (!(pi >= 0 && pi <= 1))
      throw new LossError('all elements of input should be between 0 and 1');
    const ti = t[i] as number;
    // PyTorch clamps each log at −100, so log 0 costs 100 rather than ∞.
    const logP = Math.max(r(Math.log(pi)), -100);
    const log1mP = Math.max(r(Math.log(r(1 - pi))), -100);
    // PyTorch's (t − 1)·log(1 − p) − t·log p, then the weight, each step in the dtype (this
    // form, not −(t·log p + …), is why p = 0 with t = 0 gives +0 rather than −0).
    const loss = r(r(r(ti - 1) * log1mP) - r(ti * logP));
    values[i] = r(loss * w(i));
  }
  if (reduction === 'none') return makeTensor(input.shape, input.dtype, values);
  return makeTensor([], input.dtype, [
    reduceElementwise(values, reduction, input.dtype as FloatDType),
  ]);
}

/**
 * ∂ binaryCrossEntropy / ∂ input = w·(p − t) / max(p(1 − p), ε) with PyTorch's float32 ε,
 * kept for the fixtures (the widgets differentiate through logits instead).
 * @example binaryCrossEntropyBackward(tensor([0.5]), tensor([1]), { reduction: 'sum' }) // tensor([-2.])
 */
export function binaryCrossEntropyBackward(
  input: Tensor,
  target: Tensor,
  options: BinaryCrossEntropyOptions = {},
  gradOutput?: Tensor,
): Tensor {
  const { reduction, w } = prepare(input, target, options);
  const g = upstreamReader('binaryCrossEntropyBackward', gradOutput, reduction, input.shape);
  const count = input.data.length;
  const r = roundingOf(input.dtype);
  const out = makeTensor(input.shape, input.dtype);
  input.data.forEach((p, i) => {
    const t = target.data[i] as number;
    // g·(p − t) / max((1 − p)·p, ε), then the weight, then 1/numel for 'mean', as PyTorch orders them.
    const raw = r(r(g(i) * r(p - t)) / Math.max(r(r(1 - p) * p), BCE_EPSILON));
    const weighted = r(raw * w(i));
    out.data[i] = reduction === 'mean' ? r(weighted / count) : weighted;
  });
  return out;
}
