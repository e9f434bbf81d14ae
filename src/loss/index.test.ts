import { describe, expect, it } from 'vitest';
import * as core from './index';

describe('the public entry', () => {
  it('exports exactly the documented API', () => {
    expect(Object.keys(core).sort()).toEqual(
      [
        'LossError',
        'binaryCrossEntropy',
        'binaryCrossEntropyWithLogits',
        'binaryCrossEntropyWithLogitsBackward',
        'crossEntropy',
        'crossEntropyBackward',
        'crossEntropyWithGrad',
        'distributionCrossEntropy',
        'div',
        'entropy',
        'exp',
        'formatTensor',
        'klDiv',
        'klDivBackward',
        'klDivergence',
        'log',
        'logSoftmax',
        'logSumExp',
        'mseLoss',
        'mseLossBackward',
        'nllLoss',
        'nllLossBackward',
        'oneHot',
        'softmax',
        'softmaxBackward',
        'sum',
        'tensor',
        'toArray',
      ].sort(),
    );
  });

  it('throws LossError, an Error subclass with its own name', () => {
    const error = new core.LossError('x');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('LossError');
  });
});
