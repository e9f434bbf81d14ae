// F.cross_entropy and its closed-form gradient (pytorch-semantics §0, §3, §4). One fused pass
// per row: an online max and sum of exponentials (Milakov & Gimelshein, "Online normalizer
// calculation for softmax", 2018), so no N×C temporary is ever built.
import {
  checkIndexWeight,
  checkTargetRange,
  classLayout,
  indexTargets,
  rowStart,
  type ClassLayout,
} from './class-layout';
import { sameShape, shapeList } from './broadcast';
import { promoteFloat, requireTensor } from './dtype';
import { LossError } from './errors';
import { fastExp } from './fast-exp';
import { checkOptionKeys, integerOption, numberOption, tensorOption } from './options';
import { checkReduction, compensatedSum, REDUCTIONS, type Reduction } from './reduction';
import { requireFloat } from './shape';
import { makeTensor, numel, type FloatDType, type Tensor } from './tensor';

export interface CrossEntropyOptions {
  /** A manual rescaling weight per class, shape (C). */
  readonly weight?: Tensor | undefined;
  /** A target value that is ignored (index targets only). @default -100 */
  readonly ignoreIndex?: number;
  /** How per-row losses combine. @default 'mean' */
  readonly reduction?: Reduction;
  /** Mix the target with the uniform distribution by this much, in [0, 1]. @default 0 */
  readonly labelSmoothing?: number;
}

const OPTION_KEYS = ['weight', 'ignoreIndex', 'reduction', 'labelSmoothing'] as const;

interface Problem {
  readonly input: Tensor;
  readonly layout: ClassLayout;
  readonly reduction: Reduction;
  readonly weight: Tensor | undefined;
  /** ε if ε > 0, else 0: negative smoothing behaves exactly as none. */
  readonly smoothing: number;
  readonly ignoreIndex: number;
  /** Index path: one target class per row. Probability path: undefined. */
  readonly targets: Float64Array | undefined;
  readonly target: Tensor;
}

/** Validate arguments and pick the path as PyTorch does: same shape → probabilities. */
function prepare(input: unknown, target: unknown, options: CrossEntropyOptions): Problem {
  requireTensor(input, 'crossEntropy', 'input');
  requireTensor(target, 'crossEntropy', 'target');
  checkOptionKeys('crossEntropy', options, OPTION_KEYS);
  const reduction = checkReduction(options.reduction ?? 'mean', REDUCTIONS);
  const ignoreIndex = integerOption('crossEntropy', 'ignoreIndex', options.ignoreIndex ?? -100);
  const labelSmoothing = numberOption(
    'crossEntropy',
    'labelSmoothing',
    options.labelSmoothing ?? 0,
  );
  const weight = tensorOption('crossEntropy', 'weight', options.weight);
  const smoothing = labelSmoothing > 0 ? labelSmoothing : 0;
  const checkSmoothing = () => {
    if (smoothing > 1) {
      throw new LossError(`label_smoothing must be between 0.0 and 1.0. Got: ${labelSmoothing}`);
    }
  };
  if (sameShape(input.shape, target.shape)) {
    if (target.dtype === 'int64') {
      throw new LossError(
        'Expected floating point type for target with class probabilities, got Long',
      );
    }
    if (ignoreIndex >= 0)
      throw new LossError('ignore_index is not supported for floating point target');
    const layout = layoutOf(input);
    if (weight !== undefined && (weight.shape.length !== 1 || weight.shape[0] !== layout.classes)) {
      throw new LossError(
        `cross_entropy: weight tensor should be defined either for all ${layout.classes} classes or no classes but got weight tensor of shape: ${shapeList(weight.shape)}`,
      );
    }
    requireFloat(input, 'log_softmax_lastdim_kernel_impl');
    checkSmoothing();
    return { input, layout, reduction, weight, smoothing, ignoreIndex, targets: undefined, target };
  }
  checkSmoothing();
  const layout = layoutOf(input);
  requireFloat(
    input,
    input.shape.length <= 2 ? 'log_softmax_lastdim_kernel_impl' : 'softmax_kernel_impl',
  );
  const targets = indexTargets(input, target);
  checkIndexWeight(weight, input, layout.classes);
  checkTargetRange(targets, layout.classes, ignoreIndex);
  return { input, layout, reduction, weight, smoothing, ignoreIndex, targets, target };
}

/** The class layout, after PyTorch's own complaint about a 0-d input (its class dim is 1). */
function layoutOf(input: Tensor): ClassLayout {
  if (input.shape.length === 0) {
    throw new LossError('Dimension out of range (expected to be in range of [-1, 0], but got 1)');
  }
  return classLayout(input);
}

/**
 * log Σ_c exp(x_c) of one row in a single pass: the running max m and the sum s of
 * exp(x − m) are updated together, rescaling s whenever a new max appears.
 */
function rowLogSumExp(
  x: ArrayLike<number>,
  start: number,
  stride: number,
  classes: number,
): { max: number; logSum: number } {
  let max = -Infinity;
  let sum = 0;
  for (let c = 0, i = start; c < classes; c++, i += stride) {
    const v = x[i] as number;
    if (v > max) {
      // New max: earlier terms were scaled by exp(−old max); rescale them to the new one.
      sum = sum * fastExp(max - v) + 1;
      max = v;
    } else if (max !== -Infinity) {
      sum += fastExp(v - max);
    } else if (v !== v) {
      sum = Number.NaN; // NaN before any finite entry still poisons the row
    }
  }
  // All −∞ (or no class), or a +∞ entry: PyTorch forms ∞ − ∞ there, so the row is NaN.
  if (max === -Infinity || max === Infinity) return { max: Number.NaN, logSum: Number.NaN };
  return { max, logSum: Math.log(sum) };
}

/** weight[c], or 1 without weights. */
const weightAt = (weight: Tensor | undefined, c: number): number =>
  weight === undefined ? 1 : (weight.data[c] as number);

/** Σ_c w_c, the smoothing term's total weight. */
function totalWeight(weight: Tensor | undefined, classes: number): number {
  return weight === undefined ? classes : compensatedSum(weight.data);
}

/**
 * Cross-entropy between logits and class indices or class probabilities, exactly as
 * torch.nn.functional.cross_entropy computes it (float32 in, float32 out).
 * @example crossEntropy(tensor([[1, 2, 3]]), tensor([2], 'int64')) // tensor(0.4076)
 */
export function crossEntropy(
  input: Tensor,
  target: Tensor,
  options: CrossEntropyOptions = {},
): Tensor {
  const problem = prepare(input, target, options);
  return problem.targets === undefined
    ? probabilityLoss(problem)
    : indexLoss(problem, problem.targets);
}

/** Index path: loss_m = (1−ε)·w[y]·(−lp_y) + (ε/C)·Σ_c w_c·(−lp_c), mean divides by Σ w[y_m]. */
function indexLoss(problem: Problem, targets: Float64Array): Tensor {
  const { input, layout, reduction, weight, smoothing, ignoreIndex } = problem;
  const { classes, rows, stride } = layout;
  const x = input.data;
  const perRow = reduction === 'none' ? makeTensor(layout.rowShape, input.dtype) : undefined;
  // Compensated accumulation of the loss and of the mean's denominator W.
  let total = 0;
  let totalCompensation = 0;
  let denominator = 0;
  for (let m = 0; m < rows; m++) {
    const y = targets[m] as number;
    if (y === ignoreIndex) continue; // ignored rows add +0 to the sum and nothing to W
    const start = rowStart(layout, m);
    const { max, logSum } = rowLogSumExp(x, start, stride, classes);
    const wy = weightAt(weight, y);
    // −lp_y = −((x_y − max) − log s): subtracting the max first keeps 1e4-sized logits exact.
    let loss = -wy * ((x[start + y * stride] as number) - max - logSum);
    if (smoothing > 0) {
      let smooth = 0;
      for (let c = 0, i = start; c < classes; c++, i += stride) {
        smooth -= weightAt(weight, c) * ((x[i] as number) - max - logSum);
      }
      loss = (1 - smoothing) * loss + (smoothing / classes) * smooth;
    }
    denominator += wy;
    if (perRow !== undefined) {
      perRow.data[m] = loss;
    } else {
      const t = total + loss;
      totalCompensation += Math.abs(total) >= Math.abs(loss) ? total - t + loss : loss - t + total;
      total = t;
    }
  }
  if (perRow !== undefined) return perRow;
  const sum =
    totalCompensation === 0 || !Number.isFinite(total) ? total : total + totalCompensation;
  // 'mean' over zero total weight (all rows ignored, or an empty batch) is 0/0 = NaN, as in PyTorch.
  return makeTensor([], input.dtype, [reduction === 'sum' ? sum : sum / denominator]);
}

/** Smoothed probability target t' = (1−ε)·t + ε/C, or t itself when ε = 0. */
const smoothed = (t: number, smoothing: number, classes: number): number =>
  smoothing > 0 ? t * (1 - smoothing) + smoothing / classes : t;

/** Probability path: loss_m = −Σ_c w_c·t'_c·lp_c; mean divides by N·d1···dk, never by weights. */
function probabilityLoss(problem: Problem): Tensor {
  const { input, target, layout, reduction, weight, smoothing } = problem;
  const { classes, rows, stride } = layout;
  const dtype: FloatDType = promoteFloat(
    promoteFloat(input.dtype, target.dtype),
    weight?.dtype ?? input.dtype,
  );
  const x = input.data;
  const t = target.data;
  const rowSums = new Float64Array(rows);
  for (let m = 0; m < rows; m++) {
    const start = rowStart(layout, m);
    const { max, logSum } = rowLogSumExp(x, start, stride, classes);
    let sum = 0;
    for (let c = 0, i = start; c < classes; c++, i += stride) {
      // The product is formed for every class, so t = 0 against lp = −∞ gives NaN, as in PyTorch.
      sum +=
        ((x[i] as number) - max - logSum) *
        smoothed(t[i] as number, smoothing, classes) *
        weightAt(weight, c);
    }
    rowSums[m] = sum;
  }
  if (reduction === 'none')
    return makeTensor(
      layout.rowShape,
      dtype,
      rowSums.map((v) => -v),
    );
  const sum = -compensatedSum(rowSums);
  // Mean divides by numel/C; an empty input gives NaN.
  return makeTensor([], dtype, [reduction === 'sum' ? sum : rows === 0 ? Number.NaN : sum / rows]);
}

/**
 * ∂ crossEntropy / ∂ input in closed form: w[y]·(softmax − onehot) per row, plus the
 * smoothing term, scaled by the upstream gradient; no autograd needed.
 * @example crossEntropyBackward(tensor([[0, 0]]), tensor([0], 'int64')) // tensor([[-0.5000,  0.5000]])
 */
export function crossEntropyBackward(
  input: Tensor,
  target: Tensor,
  options: CrossEntropyOptions = {},
  gradOutput?: Tensor,
): Tensor {
  const problem = prepare(input, target, options);
  const upstream = upstreamGradient(problem, gradOutput);
  const out = makeTensor(input.shape, input.dtype);
  if (problem.targets === undefined) probabilityGrad(problem, upstream, out);
  else indexGrad(problem, problem.targets, upstream, out);
  return out;
}

/** The upstream gradient per row: gradOutput's entries for 'none', its single value otherwise. */
function upstreamGradient(problem: Problem, gradOutput: Tensor | undefined): (m: number) => number {
  if (gradOutput === undefined) return () => 1;
  requireTensor(gradOutput, 'crossEntropyBackward', 'gradOutput');
  const expected = problem.reduction === 'none' ? problem.layout.rowShape : [];
  if (
    !sameShape(gradOutput.shape, expected) &&
    !(expected.length === 0 && numel(gradOutput.shape) === 1)
  ) {
    throw new LossError(
      `crossEntropyBackward(): gradOutput must have the loss's shape ${shapeList(expected)}, got ${shapeList(gradOutput.shape)}`,
    );
  }
  const g = gradOutput.data;
  return problem.reduction === 'none' ? (m) => g[m] as number : () => g[0] as number;
}

/** Whether a row holds NaN or +∞, which makes PyTorch's gradient NaN even for an ignored row. */
function rowIsPoisoned(
  x: ArrayLike<number>,
  start: number,
  stride: number,
  classes: number,
): boolean {
  for (let c = 0, i = start; c < classes; c++, i += stride) {
    const v = x[i] as number;
    if (v !== v || v === Infinity) return true;
  }
  return false;
}

/** Index-path gradient, one row at a time: exp written straight into the output, then scaled. */
function indexGrad(
  problem: Problem,
  targets: Float64Array,
  upstream: (m: number) => number,
  out: Tensor,
): void {
  const { input, layout, reduction, weight, smoothing, ignoreIndex } = problem;
  const { classes, rows, stride } = layout;
  const x = input.data;
  const g = out.data;
  let denominator = 1;
  if (reduction === 'mean') {
    denominator = 0;
    for (let m = 0; m < rows; m++) {
      const y = targets[m] as number;
      if (y !== ignoreIndex) denominator += weightAt(weight, y);
    }
  }
  const weightSum = smoothing > 0 ? totalWeight(weight, classes) : 0;
  for (let m = 0; m < rows; m++) {
    const start = rowStart(layout, m);
    const y = targets[m] as number;
    if (y === ignoreIndex) {
      // Ignored rows get exactly 0, except that NaN/+∞ logits still leak NaN through log_softmax's backward.
      if (rowIsPoisoned(x, start, stride, classes)) {
        for (let c = 0, i = start; c < classes; c++, i += stride) g[i] = Number.NaN;
      }
      continue;
    }
    // Pass 1: the row max (comparisons only). NaN never wins, and then poisons the exp pass below.
    let max = -Infinity;
    for (let c = 0, i = start; c < classes; c++, i += stride) {
      const v = x[i] as number;
      if (v > max) max = v;
    }
    // Pass 2: e_c = exp(x_c − max) straight into the output; with max = ±∞ this forms ∞ − ∞ = NaN, as PyTorch does.
    let sum = 0;
    for (let c = 0, i = start; c < classes; c++, i += stride) {
      const e = fastExp((x[i] as number) - max);
      g[i] = e;
      sum += e;
    }
    // Pass 3: softmax = e/sum, scaled; the target class loses the same scale once.
    const scale = upstream(m) / denominator;
    const hard = scale * (1 - smoothing) * weightAt(weight, y);
    const inverse = 1 / sum;
    if (smoothing > 0) {
      const soft = (scale * smoothing) / classes;
      for (let c = 0, i = start; c < classes; c++, i += stride) {
        const p = (g[i] as number) * inverse;
        g[i] = hard * p + soft * (weightSum * p - weightAt(weight, c));
      }
    } else {
      const factor = hard * inverse;
      for (let c = 0, i = start; c < classes; c++, i += stride) g[i] = (g[i] as number) * factor;
    }
    const at = start + y * stride;
    g[at] = (g[at] as number) - hard;
  }
}

/** Probability-path gradient: (Σ_c w_c t'_c)·p − w ⊙ t', scaled; mean divides by the row count. */
function probabilityGrad(problem: Problem, upstream: (m: number) => number, out: Tensor): void {
  const { input, target, layout, reduction, weight, smoothing } = problem;
  const { classes, rows, stride } = layout;
  const x = input.data;
  const t = target.data;
  const g = out.data;
  for (let m = 0; m < rows; m++) {
    const start = rowStart(layout, m);
    const { max, logSum } = rowLogSumExp(x, start, stride, classes);
    let mass = 0;
    for (let c = 0, i = start; c < classes; c++, i += stride) {
      mass += weightAt(weight, c) * smoothed(t[i] as number, smoothing, classes);
    }
    const scale = reduction === 'mean' ? upstream(m) / rows : upstream(m);
    for (let c = 0, i = start; c < classes; c++, i += stride) {
      const p = Math.exp((x[i] as number) - max - logSum);
      g[i] =
        scale * (mass * p - weightAt(weight, c) * smoothed(t[i] as number, smoothing, classes));
    }
  }
}
