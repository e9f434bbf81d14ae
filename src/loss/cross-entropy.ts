// F.cross_entropy and its closed-form gradient (pytorch-semantics §0, §3, §4). Each row is
// read once for the loss (exp of every logit against the target's own logit, see
// row-kernels.ts) and twice for the gradient (exp into the output, then scale): no N×C
// temporary is ever built, and the only exp is the table-driven fastExp.
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
import { checkOptionKeys, integerOption, numberOption, tensorOption } from './options';
import { upstreamAt, upstreamOf, type Upstream } from './grad-output';
import { checkReduction, compensatedSum, REDUCTIONS, type Reduction } from './reduction';
import { recallRowLse, rememberRowLse } from './lse-memo';
import {
  RowReader,
  RowWriter,
  rowLogSumExp,
  rowSumExp,
  rowSoftmaxFromLseF32,
  rowSumExpF32,
  rowNegLogSoftmaxAt,
  rowScaledSoftmax,
  rowSoftmaxFromLse,
} from './row-kernels';
import { requireFloat } from './shape';
import { allocate, makeTensor, scalarTensor, type FloatDType, type Tensor } from './tensor';

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
  readonly targets: ArrayLike<number> | undefined;
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
function indexLoss(problem: Problem, targets: ArrayLike<number>): Tensor {
  const { input, layout, reduction, weight, smoothing, ignoreIndex } = problem;
  const { classes, rows, stride } = layout;
  const reader = new RowReader(input.data, classes, stride);
  // (N, C) logits without smoothing are read in place by the one-pass kernel of their dtype.
  const inPlace = stride === 1 && smoothing === 0;
  const f32 = inPlace && input.data instanceof Float32Array ? input.data : undefined;
  const f64 = inPlace && input.data instanceof Float64Array ? input.data : undefined;
  const perRow = reduction === 'none' ? makeTensor(layout.rowShape, input.dtype) : undefined;
  // Compensated (Neumaier) accumulation of the loss, and the mean's denominator W.
  let total = 0;
  let compensation = 0;
  let denominator = 0;
  const lse = (allocate('float64', rows) as Float64Array).fill(Number.NaN);
  for (let m = 0; m < rows; m++) {
    const y = targets[m] as number;
    if (y === ignoreIndex) continue; // ignored rows add +0 to the sum and nothing to W
    const first = rowStart(layout, m);
    const wy = weight === undefined ? 1 : (weight.data[y] as number);
    // One pass against x_y (exact unless it overflows, see rowNegLogSoftmaxAt), in place.
    let xy = Number.NaN;
    let negLogP = Infinity;
    if (f64 !== undefined) {
      xy = f64[first + y] as number;
      negLogP = Math.log(rowSumExp(f64, first, classes, xy));
    } else if (f32 !== undefined) {
      xy = f32[first + y] as number;
      negLogP = Math.log(rowSumExpF32(f32, first, classes, xy));
    }
    if (negLogP < Infinity) {
      negLogP = -(0 - negLogP); // as in rowNegLogSoftmaxAt: a one-class row gives −0
    } else {
      const x = reader.array;
      const start = reader.row(first);
      xy = x[start + y] as number;
      negLogP = rowNegLogSoftmaxAt(x, start, classes, y);
    }
    // −lp_y = lse − x_y, so the row's log-sum-exp comes for free for the backward pass.
    lse[m] = negLogP + xy;
    let loss = negLogP * wy;
    if (smoothing > 0) {
      // Σ_c w_c·(−lp_c) = Σ_c w_c·(lse − x_c); PyTorch forms each product, so 0·∞ stays NaN.
      const x = reader.array;
      const start = reader.row(first);
      const rowLse = rowLogSumExp(x, start, classes);
      let smooth = 0;
      for (let c = 0; c < classes; c++)
        smooth += weightAt(weight, c) * (rowLse - (x[start + c] as number));
      loss = (1 - smoothing) * loss + (smoothing / classes) * smooth;
    }
    denominator += wy;
    if (perRow !== undefined) {
      perRow.data[m] = loss;
    } else {
      const t = total + loss;
      compensation += Math.abs(total) >= Math.abs(loss) ? total - t + loss : loss - t + total;
      total = t;
    }
  }
  rememberRowLse(input.data, lse);
  if (perRow !== undefined) return perRow;
  const sum = compensation === 0 || !Number.isFinite(total) ? total : total + compensation;
  // 'mean' over zero total weight (all rows ignored, or an empty batch) is 0/0 = NaN, as in PyTorch.
  return scalarTensor(input.dtype, reduction === 'sum' ? sum : sum / denominator);
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
  const reader = new RowReader(input.data, classes, stride);
  const t = target.data;
  const rowSums = new Float64Array(rows);
  for (let m = 0; m < rows; m++) {
    const first = rowStart(layout, m);
    const x = reader.array;
    const start = reader.row(first);
    const lse = rowLogSumExp(x, start, classes);
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      // The product is formed for every class, so t = 0 against lp = −∞ gives NaN, as in PyTorch.
      const tc = smoothed(t[first + c * stride] as number, smoothing, classes);
      sum += ((x[start + c] as number) - lse) * tc * weightAt(weight, c);
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
  return scalarTensor(dtype, reduction === 'sum' ? sum : rows === 0 ? Number.NaN : sum / rows);
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
  const upstream = upstreamOf(
    'crossEntropyBackward',
    gradOutput,
    problem.reduction,
    problem.layout.rowShape,
  );
  const out = makeTensor(input.shape, input.dtype);
  if (problem.targets === undefined) probabilityGrad(problem, upstream, out);
  else indexGrad(problem, problem.targets, upstream, out);
  return out;
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

/** Index-path gradient, row by row: softmax written straight into the output, then the target's −1. */
function indexGrad(
  problem: Problem,
  targets: ArrayLike<number>,
  upstream: Upstream,
  out: Tensor,
): void {
  const { input, layout, reduction, weight, smoothing, ignoreIndex } = problem;
  const { classes, rows, stride } = layout;
  const reader = new RowReader(input.data, classes, stride);
  const writer = new RowWriter(out.data, classes, stride);
  let denominator = 1;
  if (reduction === 'mean') {
    denominator = 0;
    for (let m = 0; m < rows; m++) {
      const y = targets[m] as number;
      if (y !== ignoreIndex) denominator += weightAt(weight, y);
    }
  }
  const weightSum = smoothing > 0 ? totalWeight(weight, classes) : 0;
  const remembered = recallRowLse(input.data, rows);
  // (N, C) logits with a remembered lse: read and written in place, one pass per row.
  const inPlace = stride === 1 && smoothing === 0 && remembered !== undefined;
  const f32 =
    inPlace && input.data instanceof Float32Array && out.data instanceof Float32Array
      ? { x: input.data, out: out.data }
      : undefined;
  const f64 =
    inPlace && input.data instanceof Float64Array && out.data instanceof Float64Array
      ? { x: input.data, out: out.data }
      : undefined;
  for (let m = 0; m < rows; m++) {
    const first = rowStart(layout, m);
    const y = targets[m] as number;
    if (y === ignoreIndex) {
      // Ignored rows get exactly 0, except that NaN/+∞ logits still leak NaN through log_softmax's backward.
      if (rowIsPoisoned(input.data, first, stride, classes)) {
        for (let c = 0; c < classes; c++) out.data[first + c * stride] = Number.NaN;
      }
      continue;
    }
    const scale = upstreamAt(upstream, m) / denominator;
    const hard = scale * (1 - smoothing) * weightAt(weight, y);
    const rowLse = remembered?.[m] as number;
    if (
      f64 !== undefined &&
      rowSoftmaxFromLse(f64.x, first, f64.out, first, classes, rowLse, hard)
    ) {
      f64.out[first + y] = (f64.out[first + y] as number) - hard;
      continue;
    }
    if (f32 !== undefined && rowSoftmaxFromLseF32(f32.x, f32.out, first, classes, rowLse, hard)) {
      f32.out[first + y] = (f32.out[first + y] as number) - hard;
      continue;
    }
    const x = reader.array;
    const start = reader.row(first);
    const g = writer.array;
    const at = writer.row(first);
    if (smoothing > 0) {
      // softmax into the output, then hard·p + (ε/C)·scale·(S_w·p − w) per class.
      rowScaledSoftmax(x, start, g, at, classes, y, 1);
      const soft = (scale * smoothing) / classes;
      for (let c = 0; c < classes; c++) {
        const p = g[at + c] as number;
        g[at + c] = hard * p + soft * (weightSum * p - weightAt(weight, c));
      }
    } else {
      // Softmax written straight into the output, already scaled by w[y]·g/W: exp, then normalise.
      rowScaledSoftmax(x, start, g, at, classes, y, hard);
    }
    g[at + y] = (g[at + y] as number) - hard;
    writer.flush(first);
  }
}

/** Probability-path gradient: (Σ_c w_c t'_c)·p − w ⊙ t', scaled; mean divides by the row count. */
function probabilityGrad(problem: Problem, upstream: Upstream, out: Tensor): void {
  const { input, target, layout, reduction, weight, smoothing } = problem;
  const { classes, rows, stride } = layout;
  const reader = new RowReader(input.data, classes, stride);
  const writer = new RowWriter(out.data, classes, stride);
  const t = target.data;
  for (let m = 0; m < rows; m++) {
    const first = rowStart(layout, m);
    const x = reader.array;
    const start = reader.row(first);
    const g = writer.array;
    const at = writer.row(first);
    rowScaledSoftmax(x, start, g, at, classes, 0, 1);
    let mass = 0;
    for (let c = 0; c < classes; c++) {
      mass += weightAt(weight, c) * smoothed(t[first + c * stride] as number, smoothing, classes);
    }
    const scale = upstreamAt(upstream, m) / (reduction === 'mean' ? rows : 1);
    for (let c = 0; c < classes; c++) {
      const tc = smoothed(t[first + c * stride] as number, smoothing, classes);
      g[at + c] = scale * (mass * (g[at + c] as number) - weightAt(weight, c) * tc);
    }
    writer.flush(first);
  }
}
