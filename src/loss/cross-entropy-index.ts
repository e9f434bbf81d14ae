// The class-index path of F.cross_entropy (pytorch-semantics §3, §4), computed as PyTorch
// composes it: lp = log_softmax(x), then nll_loss(lp) = −w[y]·lp_y per row, and for ε > 0 the
// smoothing term −Σ_c w_c·lp_c; 'mean' divides each by W = Σ w[y] over the rows not ignored,
// and the loss is (1 − ε)·nll + (ε/C)·smooth. The gradient runs back through log-softmax:
// dx_c = go_c − p_c·Σ_c go, where go is the gradient with respect to lp.
import type { CrossEntropyParts, CrossEntropyProblem, CrossEntropyRequest } from './cross-entropy';
import { rowStart } from './class-layout';
import { upstreamAt } from './grad-output';
import { CompensatedSum } from './reduction';
import { rowKernels, type RowKernels } from './row-kernels';
import { makeTensor, type FloatDType, type Tensor, type TensorData } from './tensor';

/** weight[c], or 1 without weights. */
const weightAt = (weight: Tensor | undefined, c: number): number =>
  weight === undefined ? 1 : (weight.data[c] as number);

/** W = Σ w[y] over the rows not ignored (their count without weights), in the input's dtype. */
function targetWeightTotal(
  problem: CrossEntropyProblem,
  targets: ArrayLike<number>,
  k: RowKernels,
): number {
  const total = new CompensatedSum();
  for (let m = 0; m < targets.length; m++) {
    const y = targets[m] as number;
    if (y !== problem.ignoreIndex) total.add(weightAt(problem.weight, y));
  }
  return k.round(total.value);
}

/** Loss and/or gradient for class-index targets from one pass over the rows (float64 takes each exp once). */
export function indexCrossEntropy(
  problem: CrossEntropyProblem,
  targets: ArrayLike<number>,
  request: CrossEntropyRequest,
): CrossEntropyParts {
  const { input, layout, reduction, weight, smoothing, ignoreIndex } = problem;
  const { classes, rows, stride } = layout;
  // log_softmax over the class dim: the last dim of a (C) or (N, C) input, not of (N, C, d1, …).
  const k = rowKernels(input.dtype as FloatDType, input.shape.length <= 2);
  const r = k.round;
  const x = input.data;
  const { upstream } = request;
  const grad = upstream === undefined ? undefined : makeTensor(input.shape, input.dtype);
  const perRow =
    request.loss && reduction === 'none' ? makeTensor(layout.rowShape, input.dtype) : undefined;
  const total = targetWeightTotal(problem, targets, k);
  // The two scalars PyTorch multiplies by, rounded to the dtype as its scalar ops do.
  const keep = r(1 - smoothing);
  const share = r(smoothing / classes);
  // Sums of the per-row nll and smoothing terms ('mean' and 'sum'), started at +0 as torch's are.
  const nllSum = new CompensatedSum();
  const smoothSum = new CompensatedSum();
  for (let m = 0; m < rows; m++) {
    const y = targets[m] as number;
    const kept = y !== ignoreIndex;
    const start = rowStart(layout, m);
    const wy = kept ? weightAt(weight, y) : 0;
    let goY = 0;
    let gSmooth = 0;
    if (upstream !== undefined && kept) {
      const g = upstreamAt(upstream, m);
      // The upstream of each part: (1 − ε)·g for nll, (ε/C)·g for the smoothing term.
      const gNll = smoothing > 0 ? r(g * keep) : g;
      // nll_loss's backward: −w[y]·g, divided by W for 'mean' (PyTorch divides first).
      goY =
        reduction === 'none'
          ? r(-wy * gNll)
          : r(wy * -(reduction === 'mean' ? r(gNll / total) : gNll));
      if (smoothing > 0) gSmooth = r(r(g * share) / (reduction === 'mean' ? total : 1));
    }

    if (smoothing === 0) {
      // The common case, one fused kernel call per row; the exps land in the gradient's row.
      const logProb = k.indexRow(x, start, classes, stride, kept ? y : -1, goY, grad?.data);
      // nll_loss's −lp_y·w[y]; ignored rows add nothing to the sum.
      if (request.loss && kept) {
        const nll = r(-logProb * wy);
        if (perRow !== undefined) perRow.data[m] = nll;
        else nllSum.add(nll);
      }
      continue;
    }

    const max = k.max(x, start, classes, stride);
    const sum =
      grad === undefined
        ? k.sumExp(x, start, classes, stride, max)
        : k.expInto(x, start, classes, stride, max, grad.data);
    const logSum = r(Math.log(sum));
    if (request.loss && kept) {
      const nll = r(-r(r((x[start + y * stride] as number) - max) - logSum) * wy);
      const smooth = smoothingTerm(k, x, start, classes, stride, max, logSum, weight);
      if (perRow !== undefined) {
        perRow.data[m] = r(r(keep * nll) + r(smooth * share));
      } else {
        nllSum.add(nll);
        smoothSum.add(smooth);
      }
    }
    if (grad !== undefined) {
      const row = { start, classes, stride, max, sum };
      smoothedBackward(k, x, row, y, goY, gSmooth, weight, grad.data);
    }
  }

  let loss: Tensor | undefined = perRow;
  if (request.loss && perRow === undefined) {
    // 'mean' over zero total weight (all rows ignored, or an empty batch) is 0/0 = NaN, as in PyTorch.
    const divide = (s: number) => (reduction === 'mean' ? r(r(s) / total) : r(s));
    const nll = divide(nllSum.value);
    const value = smoothing > 0 ? r(r(keep * nll) + r(divide(smoothSum.value) * share)) : nll;
    loss = makeTensor([], input.dtype, [value]);
  }
  return { loss, grad };
}

/** −Σ_c w_c·lp_c of one row: the smoothing term, each product formed so 0·(−∞) stays NaN. */
function smoothingTerm(
  k: RowKernels,
  x: TensorData,
  start: number,
  classes: number,
  stride: number,
  max: number,
  logSum: number,
  weight: Tensor | undefined,
): number {
  const r = k.round;
  const sum = new CompensatedSum();
  for (let c = 0, i = start; c < classes; c++, i += stride) {
    sum.add(r(r(r((x[i] as number) - max) - logSum) * weightAt(weight, c)));
  }
  return r(-r(sum.value));
}

/** Where one row lives, with its max and Σ exp(x − max). */
interface RowSpan {
  readonly start: number;
  readonly classes: number;
  readonly stride: number;
  readonly max: number;
  readonly sum: number;
}

/**
 * log-softmax's backward with smoothing: go_c = goY·[c = y] − gSmooth·w_c, then
 * dx_c = go_c − p_c·Σ go; `out` holds the row's exps on entry.
 */
function smoothedBackward(
  k: RowKernels,
  x: TensorData,
  row: RowSpan,
  y: number,
  goY: number,
  gSmooth: number,
  weight: Tensor | undefined,
  out: TensorData,
): void {
  const { start, classes, stride, max, sum } = row;
  const r = k.round;
  k.backwardProbabilities(x, start, classes, stride, max, sum, out);
  const go = (c: number): number => {
    const smooth = r(-gSmooth * weightAt(weight, c));
    // nll's gradient (goY at y, zeros elsewhere) plus the smoothing term's, as autograd adds them.
    return r((c === y ? goY : 0) + smooth);
  };
  const total = new CompensatedSum();
  for (let c = 0; c < classes; c++) total.add(go(c));
  const upstreamSum = r(total.value);
  for (let c = 0, i = start; c < classes; c++, i += stride) {
    out[i] = r(go(c) - r((out[i] as number) * upstreamSum));
  }
}
