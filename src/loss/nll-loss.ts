// F.nll_loss: the input is taken as log-probabilities as-is (pytorch-semantics §2).
import {
  checkIndexWeight,
  checkTargetRange,
  classLayout,
  indexTargets,
  rowStart,
  type ClassLayout,
} from './class-layout';
import { requireTensor, roundingOf } from './dtype';
import { upstreamAt, upstreamOf } from './grad-output';
import { checkOptionKeys, integerOption, tensorOption } from './options';
import { checkReduction, nllAccumulator, REDUCTIONS, type Reduction } from './reduction';
import { requireFloat } from './shape';
import { makeTensor, type Tensor } from './tensor';

export interface NllLossOptions {
  /** A manual rescaling weight per class, shape (C). */
  readonly weight?: Tensor | undefined;
  /** A target value that is ignored. @default -100 */
  readonly ignoreIndex?: number;
  /** How per-row losses combine. @default 'mean' */
  readonly reduction?: Reduction;
}

interface NllProblem {
  readonly input: Tensor;
  readonly layout: ClassLayout;
  readonly targets: Float64Array;
  readonly weight: Tensor | undefined;
  readonly ignoreIndex: number;
  readonly reduction: Reduction;
}

/** Validate in nll_loss_nd's order and collect one target per row. */
function prepare(input: unknown, target: unknown, options: NllLossOptions): NllProblem {
  requireTensor(input, 'nllLoss', 'input');
  requireTensor(target, 'nllLoss', 'target');
  checkOptionKeys('nllLoss', options, ['weight', 'ignoreIndex', 'reduction']);
  const reduction = checkReduction(options.reduction ?? 'mean', REDUCTIONS);
  const ignoreIndex = integerOption('nllLoss', 'ignoreIndex', options.ignoreIndex ?? -100);
  const weight = tensorOption('nllLoss', 'weight', options.weight);
  const targets = Float64Array.from(indexTargets(input, target));
  const layout = classLayout(input);
  requireFloat(input, 'nll_loss_out_frame');
  checkIndexWeight(weight, input, layout.classes);
  checkTargetRange(targets, layout.classes, ignoreIndex);
  return { input, layout, targets, weight, ignoreIndex, reduction };
}

/** Each row's target weight w[y_m], 0 for ignored rows; their sum is the mean's denominator. */
function targetWeights(problem: NllProblem): Float64Array {
  const { targets, weight, ignoreIndex } = problem;
  return targets.map((y) =>
    y === ignoreIndex ? 0 : weight === undefined ? 1 : (weight.data[y] as number),
  );
}

/**
 * W = Σ w[y] over the rows not ignored, summed as nll_loss sums it (NllCascade in float32);
 * without weights PyTorch counts the rows instead, which the cascade of ones reproduces.
 */
function totalWeight(problem: NllProblem, weights: Float64Array): number {
  const { targets, ignoreIndex, input } = problem;
  const total = nllAccumulator(input.dtype === 'float32', weights.length);
  weights.forEach((w, m) => {
    if (targets[m] !== ignoreIndex) total.add(m, w);
  });
  return roundingOf(input.dtype)(total.value);
}

/**
 * Negative log-likelihood of class indices under given log-probabilities; with logSoftmax
 * in front it is crossEntropy.
 * @example nllLoss(tensor([[-1.2, -0.4, -2.3]]), tensor([1], 'int64')) // tensor(0.4000)
 */
export function nllLoss(input: Tensor, target: Tensor, options: NllLossOptions = {}): Tensor {
  const problem = prepare(input, target, options);
  const { layout, targets, ignoreIndex, reduction } = problem;
  const r = roundingOf(problem.input.dtype);
  const weights = targetWeights(problem);
  const x = problem.input.data;
  // −w[y]·x[y] per row, rounded to the dtype; ignored rows are +0 (never −0).
  const losses = weights.map((w, m) =>
    targets[m] === ignoreIndex
      ? 0
      : r(-(x[rowStart(layout, m) + (targets[m] as number) * layout.stride] as number) * w),
  );
  if (reduction === 'none') return makeTensor(layout.rowShape, problem.input.dtype, losses);
  const sum = nllAccumulator(problem.input.dtype === 'float32', losses.length);
  losses.forEach((loss, m) => {
    if (targets[m] !== ignoreIndex) sum.add(m, loss);
  });
  return makeTensor([], problem.input.dtype, [
    reduction === 'sum' ? r(sum.value) : r(sum.value / totalWeight(problem, weights)),
  ]);
}

/**
 * ∂ nllLoss / ∂ input: −w[y]·g at each row's target entry, zero elsewhere.
 * @example nllLossBackward(tensor([[-1.2, -0.4]]), tensor([1], 'int64')) // tensor([[ 0., -1.]])
 */
export function nllLossBackward(
  input: Tensor,
  target: Tensor,
  options: NllLossOptions = {},
  gradOutput?: Tensor,
): Tensor {
  const problem = prepare(input, target, options);
  const { layout, targets, ignoreIndex, reduction } = problem;
  const r = roundingOf(problem.input.dtype);
  const weights = targetWeights(problem);
  const upstream = upstreamOf('nllLossBackward', gradOutput, reduction, layout.rowShape);
  const total = reduction === 'mean' ? totalWeight(problem, weights) : 1;
  const out = makeTensor(problem.input.shape, problem.input.dtype);
  weights.forEach((w, m) => {
    if (targets[m] === ignoreIndex) return;
    const g = upstreamAt(upstream, m);
    // PyTorch: −w·g per row for 'none'; w·(−(g / W)) for a reduction (it divides first).
    out.data[rowStart(layout, m) + (targets[m] as number) * layout.stride] =
      reduction === 'none' ? r(-w * g) : r(w * -r(g / total));
  });
  return out;
}
