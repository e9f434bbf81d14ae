// The class-probability path of F.cross_entropy (pytorch-semantics §4), computed as PyTorch
// composes it: lp = log_softmax(x) in the input's dtype, t' = (1 − ε)·t + ε/C in the target's,
// loss = −Σ lp·t'·w with each product in the promoted dtype; 'mean' divides by the row count
// N·d1···dk, never by weights. The gradient runs back through log-softmax: dx = go − p·Σ go.
import type { CrossEntropyParts, CrossEntropyProblem, CrossEntropyRequest } from './cross-entropy';
import { rowStart } from './class-layout';
import { promoteFloat, roundingOf } from './dtype';
import { upstreamAt } from './grad-output';
import { classDimSum, tensorSum } from './reduction';
import { rowKernels } from './row-kernels';
import { allocate, makeTensor, type FloatDType, type Tensor } from './tensor';

/** Loss and/or gradient for probability targets from one pass over the rows (float64 takes each exp once). */
export function probabilityCrossEntropy(
  problem: CrossEntropyProblem,
  request: CrossEntropyRequest,
): CrossEntropyParts {
  const { input, target, layout, reduction, weight, smoothing } = problem;
  const { classes, rows, stride } = layout;
  const inputType = input.dtype as FloatDType;
  const targetType = target.dtype as FloatDType;
  // lp·t' is computed in the promoted dtype of the two, and ·w in that promoted with w's.
  const productType = promoteFloat(inputType, targetType);
  const dtype = promoteFloat(productType, weight?.dtype ?? productType);
  // log_softmax over the class dim: the last dim of a (C) or (N, C) input, not of (N, C, d1, …).
  const k = rowKernels(inputType, input.shape.length <= 2);
  const [rIn, rT, rProduct, rOut] = [inputType, targetType, productType, dtype].map(roundingOf) as [
    (v: number) => number,
    (v: number) => number,
    (v: number) => number,
    (v: number) => number,
  ];
  const keep = rT(1 - smoothing);
  const share = rT(smoothing / classes);
  const t = target.data;
  const smoothed = (i: number): number =>
    smoothing > 0 ? rT(rT((t[i] as number) * keep) + share) : (t[i] as number);
  const w = (c: number): number => (weight === undefined ? 1 : (weight.data[c] as number));
  // lp·t'·w for entry i of class c, rounded as each operation is.
  const times = (value: number, i: number, c: number): number => {
    const product = rProduct(value * smoothed(i));
    return weight === undefined ? product : rOut(product * w(c));
  };

  const x = input.data;
  const { upstream } = request;
  const grad = upstream === undefined ? undefined : makeTensor(input.shape, inputType);
  const logProbs = allocate(inputType, x.length);
  const perRow =
    request.loss && reduction === 'none' ? makeTensor(layout.rowShape, dtype) : undefined;
  // Every product lp·t'·w at its input position: PyTorch sums the product tensor, (lp·t'·w).sum()
  // over all of it in storage order, or .sum(class_dim) per row for 'none'.
  const products = request.loss ? new Float64Array(x.length) : undefined;
  const float32 = dtype === 'float32';
  const go = new Float64Array(classes);
  for (let m = 0; m < rows; m++) {
    const start = rowStart(layout, m);
    const max = k.max(x, start, classes, stride);
    const sum =
      grad === undefined
        ? k.sumExp(x, start, classes, stride, max)
        : k.expInto(x, start, classes, stride, max, grad.data);
    k.logSoftmaxInto(x, start, classes, stride, max, rIn(Math.log(sum)), logProbs);

    if (products !== undefined) {
      // Every product is formed, so t = 0 against lp = −∞ gives NaN, as in PyTorch.
      for (let c = 0, i = start; c < classes; c++, i += stride) {
        products[i] = times(logProbs[i] as number, i, c);
      }
      if (perRow !== undefined) {
        const row = classDimSum(float32, products, start, classes, stride, stride, m % stride);
        perRow.data[m] = rOut(-row);
      }
    }

    if (grad !== undefined && upstream !== undefined) {
      // −g, divided by the row count for 'mean' (PyTorch divides first), times w, times t'.
      const g = upstreamAt(upstream, m);
      const d = -(reduction === 'mean' ? rOut(g / rows) : g);
      for (let c = 0, i = start; c < classes; c++, i += stride) {
        const throughWeight = rProduct(weight === undefined ? d : rOut(d * w(c)));
        go[c] = rIn(rProduct(throughWeight * smoothed(i)));
      }
      const upstreamSum = k.upstreamSum(go, 0, classes, 1);
      k.backwardProbabilities(x, start, classes, stride, max, sum, grad.data);
      for (let c = 0, i = start; c < classes; c++, i += stride) {
        // go − p·Σ go rounded once, as PyTorch's fused multiply-subtract (see oneHotBackward).
        grad.data[i] = rIn((go[c] as number) - (grad.data[i] as number) * upstreamSum);
      }
    }
  }

  let loss: Tensor | undefined = perRow;
  if (products !== undefined && perRow === undefined) {
    const sum = rOut(-tensorSum(float32, products));
    // Mean divides by numel/C; an empty input gives NaN.
    const value = reduction === 'sum' ? sum : rows === 0 ? Number.NaN : rOut(sum / rows);
    loss = makeTensor([], dtype, [value]);
  }
  return { loss, grad };
}
