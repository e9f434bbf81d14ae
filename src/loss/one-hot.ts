// F.one_hot (pytorch-semantics §9): int64 class indices to int64 one-hot rows.
import { requireTensor } from './dtype';
import { LossError } from './errors';
import { checkOptionKeys, integerOption } from './options';
import { makeTensor, type Tensor } from './tensor';

export interface OneHotOptions {
  /** Number of classes; -1 infers max + 1. @default -1 */
  readonly numClasses?: number;
}

/**
 * One-hot encoding of class indices, the "hard" target distribution of cross-entropy.
 * @example oneHot(tensor(2, 'int64'), { numClasses: 3 }) // tensor([0, 0, 1])
 */
export function oneHot(target: Tensor, options: OneHotOptions = {}): Tensor {
  requireTensor(target, 'oneHot', 'target');
  checkOptionKeys('oneHot', options, ['numClasses']);
  let classes = integerOption('oneHot', 'numClasses', options.numClasses ?? -1);
  if (target.dtype !== 'int64') throw new LossError('one_hot is only applicable to index tensor.');
  const values = target.data;
  if (values.length === 0 && classes <= 0) {
    throw new LossError('Can not infer total number of classes from empty tensor.');
  }
  if (classes === -1) {
    let largest = 0;
    for (const v of values) largest = Math.max(largest, v);
    classes = largest + 1;
  }
  if (values.some((v) => v < 0)) throw new LossError('Class values must be non-negative.');
  if (values.some((v) => v >= classes) || classes < 0) {
    throw new LossError('Class values must be smaller than num_classes.');
  }
  const out = makeTensor([...target.shape, classes], 'int64');
  values.forEach((v, i) => {
    out.data[i * classes + v] = 1;
  });
  return out;
}
