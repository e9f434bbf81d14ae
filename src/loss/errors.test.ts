import { describe, expect, it } from 'vitest';
import { crossEntropy, LossError, oneHot, softmax, tensor } from './index';

/** The error a core call raises (the calls below are PyTorch 1.13's own failing calls). */
function raised(call: () => unknown): LossError {
  try {
    call();
  } catch (error) {
    if (error instanceof LossError) return error;
    throw error;
  }
  throw new Error('expected the call to raise');
}

describe('LossError', () => {
  const logits = tensor(
    [
      [1, 2, 3],
      [0, 1, 0],
    ],
    'float32',
  );

  it('is a RuntimeError unless its throw site says otherwise', () => {
    expect(new LossError('x').pyType).toBe('RuntimeError');
    expect(new LossError('x', 'ValueError').line).toBe('ValueError: x');
  });

  it('prints the last traceback line PyTorch 1.13 prints for each message', () => {
    // F.cross_entropy(x, torch.tensor([5, 0])) → IndexError
    expect(raised(() => crossEntropy(logits, tensor([5, 0], 'int64'))).line).toBe(
      'IndexError: Target 5 is out of bounds.',
    );
    expect(raised(() => crossEntropy(logits, tensor([-1, 0], 'int64'))).pyType).toBe('IndexError');
    // F.cross_entropy(x, torch.tensor([0, 1, 2])) → ValueError
    expect(raised(() => crossEntropy(logits, tensor([0, 1, 2], 'int64'))).line).toBe(
      'ValueError: Expected input batch_size (2) to match target batch_size (3).',
    );
    // F.cross_entropy(x, t, reduction='average') → ValueError
    expect(
      raised(() =>
        crossEntropy(logits, tensor([0, 1], 'int64'), { reduction: 'average' as 'mean' }),
      ).line,
    ).toBe('ValueError: average is not a valid value for reduction');
    // F.cross_entropy(x, torch.tensor([0., 1.])) → RuntimeError
    expect(raised(() => crossEntropy(logits, tensor([0, 1], 'float32'))).line).toBe(
      'RuntimeError: expected scalar type Long but found Float',
    );
    // F.one_hot(torch.tensor([-1])) → RuntimeError
    expect(raised(() => oneHot(tensor([-1], 'int64'))).line).toBe(
      'RuntimeError: Class values must be non-negative.',
    );
    // F.softmax(x, dim=2) → IndexError
    expect(raised(() => softmax(logits, { dim: 2 })).line).toBe(
      'IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 2)',
    );
  });
});
