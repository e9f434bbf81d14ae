// The loss core's public surface: widgets and chapters import from here and nowhere else.
export { LossError } from './errors';
export { tensor, toArray, type DType, type Tensor, type NestedArray } from './tensor';
export { logSoftmax, type DimOptions } from './log-softmax';
export { softmax } from './softmax';
