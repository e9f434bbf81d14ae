import { describe, expect, it } from 'vitest';
import * as core from './index';

describe('the public entry', () => {
  it('exports exactly the documented API', () => {
    expect(Object.keys(core).sort()).toEqual(
      [
        'LossError',
        'numel',
        'broadcastIndex',
        'broadcastShapes',
        'sameShape',
        'sumToShape',
        'dimLayout',
        'normalizeDim',
        'binaryCrossEntropy',
        'binaryCrossEntropyBackward',
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
        'sumDims',
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

  it('carries the Python exception type PyTorch raises for each message', () => {
    expect(new core.LossError('x').pyType).toBe('RuntimeError');
    const input = core.tensor([[1, 2, 3]], 'float32');
    const raised = (f: () => unknown): unknown => {
      try {
        f();
      } catch (error) {
        return error;
      }
      return undefined;
    };
    // F.cross_entropy(x, torch.tensor([5])) raises IndexError; a batch mismatch and a bad
    // reduction ValueError; a float target on the index path RuntimeError (PyTorch 1.13).
    const typeOf = (f: () => unknown) => (raised(f) as InstanceType<typeof core.LossError>).pyType;
    expect(typeOf(() => core.crossEntropy(input, core.tensor([5], 'int64')))).toBe('IndexError');
    expect(typeOf(() => core.crossEntropy(input, core.tensor([0, 1], 'int64')))).toBe('ValueError');
    expect(
      typeOf(() =>
        core.crossEntropy(input, core.tensor([0], 'int64'), { reduction: 'average' as 'mean' }),
      ),
    ).toBe('ValueError');
    expect(typeOf(() => core.softmax(input, { dim: 2 }))).toBe('IndexError');
    expect(typeOf(() => core.crossEntropy(input, core.tensor([0], 'float32')))).toBe(
      'RuntimeError',
    );
  });
});
