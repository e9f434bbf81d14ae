// The loss core's public surface: widgets and chapters import from here and nowhere else.
// Names and options mirror torch.nn.functional; see pytorch-semantics.md for every rule.
export { LossError, type PyErrorType } from './errors';
export {
  numel,
  tensor,
  toArray,
  type DType,
  type FloatDType,
  type NestedArray,
  type Tensor,
} from './tensor';
export type { Reduction, KlReduction } from './reduction';
export { broadcastIndex, broadcastShapes, sameShape, sumToShape } from './broadcast';
export { dimLayout, normalizeDim, type DimLayout } from './shape';
export { softmax } from './softmax';
export { logSoftmax, type DimOptions } from './log-softmax';
export { logSumExp, type LogSumExpOptions } from './log-sum-exp';
export { softmaxBackward } from './softmax-backward';
export {
  crossEntropy,
  crossEntropyBackward,
  crossEntropyWithGrad,
  type CrossEntropyOptions,
} from './cross-entropy';
export { nllLoss, nllLossBackward, type NllLossOptions } from './nll-loss';
export { klDiv, klDivBackward, type KlDivOptions } from './kl-div';
export {
  binaryCrossEntropy,
  binaryCrossEntropyBackward,
  type BinaryCrossEntropyOptions,
} from './binary-cross-entropy';
export {
  binaryCrossEntropyWithLogits,
  binaryCrossEntropyWithLogitsBackward,
  type BinaryCrossEntropyWithLogitsOptions,
} from './binary-cross-entropy-with-logits';
export { mseLoss, mseLossBackward, type MseLossOptions } from './mse-loss';
export { oneHot, type OneHotOptions } from './one-hot';
export {
  entropy,
  distributionCrossEntropy,
  klDivergence,
  type InformationOptions,
} from './information';
export { formatTensor, type FormatTensorOptions } from './format-tensor';
export { exp } from './exp';
export { log } from './log';
export { sum, sumDims, type SumOptions } from './sum';
export { div } from './div';
