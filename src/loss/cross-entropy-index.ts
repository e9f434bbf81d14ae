// The class-index path of F.cross_entropy (pytorch-semantics §3, §4), computed as PyTorch
// composes it: lp = log_softmax(x), then nll_loss(lp) = −w[y]·lp_y per row, and for ε > 0 the
// smoothing term −Σ_c w_c·lp_c; 'mean' divides each by W = Σ w[y] over the rows not ignored,
// and the loss is (1 − ε)·nll + (ε/C)·smooth. The gradient runs back through log-softmax:
// dx_c = go_c − p_c·Σ_c go, where go is the gradient with respect to lp.
import type { CrossEntropyParts, CrossEntropyProblem, CrossEntropyRequest } from './cross-entropy';
import { rowStart } from './class-layout';
import { upstreamAt } from './grad-output';
import { classDimSum, nllAccumulator, tensorSum } from './reduction';
import { rowKernels, type RowKernels } from './row-kernels';
import { makeTensor, type FloatDType, type Tensor, type TensorData } from './tensor';

/** weight[c], or 1 without weights. */
const weightAt = (weight: Tensor | undefined, c: number): number =>
  weight === undefined ? 1 : (weight.data[c] as number);

/** What 'mean' divides by: nll_loss's total weight, and the smoothing term's. */
interface MeanDivisors {
  readonly nll: number;
  readonly smooth: number;
}

/**
 * The divisors of 'mean' in the input's dtype. nll_loss's is W = Σ w[y] over the rows not
 * ignored, summed in its own order (NllCascade for float32), or their count without weights.
 * With ε > 0 PyTorch divides the smoothing term by a second total it sums with torch.sum over
 * the gathered target weights (cross_entropy_loss_label_smoothing), or by the same count.
 */
function meanDivisors(
  problem: CrossEntropyProblem,
  targets: ArrayLike<number>,
  k: RowKernels,
): MeanDivisors {
  const { weight, ignoreIndex, smoothing } = problem;
  const float32 = k.dtype === 'float32';
  const nll = nllAccumulator(float32, targets.length);
  const gathered: number[] = [];
  for (let m = 0; m < targets.length; m++) {
    const y = targets[m] as number;
    if (y === ignoreIndex) continue;
    const w = weightAt(weight, y);
    nll.add(m, w);
    if (smoothing > 0) gathered.push(w);
  }
  if (weight === undefined) {
    const count = k.round(nll.value);
    return { nll: count, smooth: count };
  }
  return { nll: k.round(nll.value), smooth: k.round(tensorSum(float32, gathered)) };
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
  const float32 = k.dtype === 'float32';
  const divisors = meanDivisors(problem, targets, k);
  // The two scalars PyTorch multiplies by, rounded to the dtype as its scalar ops do.
  const keep = r(1 - smoothing);
  const share = r(smoothing / classes);
  // The per-row nll terms are summed as nll_loss sums them ('mean' and 'sum'); the smoothing
  // terms are kept per row (+0 where ignored, PyTorch's masked_fill) for the torch.sum after the loop.
  const nllSum = nllAccumulator(float32, rows);
  const smoothRows =
    smoothing > 0 && perRow === undefined && request.loss ? new Float64Array(rows) : undefined;
  const terms = smoothing > 0 ? new Float64Array(classes) : undefined;
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
          : r(wy * -(reduction === 'mean' ? r(gNll / divisors.nll) : gNll));
      if (smoothing > 0) gSmooth = r(r(g * share) / (reduction === 'mean' ? divisors.smooth : 1));
    }

    if (smoothing === 0) {
      // The common case, one fused kernel call per row; the exps land in the gradient's row.
      const logProb = k.indexRow(x, start, classes, stride, kept ? y : -1, goY, grad?.data);
      // nll_loss's −lp_y·w[y]; ignored rows add nothing to the sum.
      if (request.loss && kept) {
        const nll = r(-logProb * wy);
        if (perRow !== undefined) perRow.data[m] = nll;
        else nllSum.add(m, nll);
      }
      continue;
    }

    const max = k.max(x, start, classes, stride);
    const sum =
      grad === undefined
        ? k.sumExp(x, start, classes, stride, max)
        : k.expInto(x, start, classes, stride, max, grad.data);
    const logSum = r(Math.log(sum));
    const row = { start, classes, stride, max, sum };
    if (request.loss && kept) {
      const nll = r(-r(r((x[start + y * stride] as number) - max) - logSum) * wy);
      const smooth = smoothingTerm(k, x, row, logSum, weight, m % stride, terms as Float64Array);
      if (perRow !== undefined) {
        perRow.data[m] = r(r(keep * nll) + r(smooth * share));
      } else {
        nllSum.add(m, nll);
        if (smoothRows !== undefined) smoothRows[m] = smooth;
      }
    }
    if (grad !== undefined) {
      smoothedBackward(k, x, row, y, goY, gSmooth, weight, terms as Float64Array, grad.data);
    }
  }

  let loss: Tensor | undefined = perRow;
  if (request.loss && perRow === undefined) {
    // 'mean' over zero total weight (all rows ignored, or an empty batch) is 0/0 = NaN, as in PyTorch.
    const nll = reduction === 'mean' ? r(nllSum.value / divisors.nll) : r(nllSum.value);
    const value =
      smoothRows === undefined
        ? nll
        : r(r(keep * nll) + r(smoothingReduced(problem, targets, smoothRows, divisors) * share));
    loss = makeTensor([], input.dtype, [value]);
  }
  return { loss, grad };
}

/**
 * −Σ_c w_c·lp_c of one row: the smoothing term, each product formed so 0·(−∞) stays NaN, then
 * summed as PyTorch's −(lp·w).sum(class_dim) sums this row (column d of its sample).
 */
function smoothingTerm(
  k: RowKernels,
  x: TensorData,
  row: RowSpan,
  logSum: number,
  weight: Tensor | undefined,
  column: number,
  terms: Float64Array,
): number {
  const { start, classes, stride, max } = row;
  const r = k.round;
  for (let c = 0, i = start; c < classes; c++, i += stride) {
    terms[c] = r(r(r((x[i] as number) - max) - logSum) * weightAt(weight, c));
  }
  return r(-classDimSum(k.dtype === 'float32', terms, 0, classes, 1, stride, column));
}

/**
 * The smoothing terms reduced as cross_entropy_loss_label_smoothing reduces them: 'sum' is
 * torch.sum over every row (+0 where ignored); 'mean' divides that by the summed target weights,
 * or, without weights, is the mean of the rows not ignored (masked_select(…).mean(), whose sum
 * skips the ignored rows' zeros and so runs in another order).
 */
function smoothingReduced(
  problem: CrossEntropyProblem,
  targets: ArrayLike<number>,
  smoothRows: Float64Array,
  divisors: MeanDivisors,
): number {
  const float32 = problem.input.dtype === 'float32';
  const r = float32 ? Math.fround : (v: number) => v;
  if (problem.reduction === 'sum') return tensorSum(float32, smoothRows);
  if (problem.weight !== undefined) return r(tensorSum(float32, smoothRows) / divisors.smooth);
  const kept = smoothRows.filter((_, m) => targets[m] !== problem.ignoreIndex);
  return r(tensorSum(float32, kept) / divisors.smooth);
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
  terms: Float64Array,
  out: TensorData,
): void {
  const { start, classes, stride, max, sum } = row;
  const r = k.round;
  k.backwardProbabilities(x, start, classes, stride, max, sum, out);
  for (let c = 0; c < classes; c++) {
    const smooth = r(-gSmooth * weightAt(weight, c));
    // nll's gradient (goY at y, zeros elsewhere) plus the smoothing term's, as autograd adds them.
    terms[c] = r((c === y ? goY : 0) + smooth);
  }
  const upstreamSum = k.upstreamSum(terms, 0, classes, 1);
  // go − p·Σ go rounded once, as PyTorch's fused multiply-subtract (see oneHotBackward).
  for (let c = 0, i = start; c < classes; c++, i += stride) {
    out[i] = r((terms[c] as number) - (out[i] as number) * upstreamSum);
  }
}
