import { describe, expect, it } from 'vitest';
import { batchProgramCode, writeReduction, type SampleTerm } from './helpers';

const term = (n: number, loss: number, denominator: number, weightClass: number | null) =>
  ({ n, loss, denominator, weightClass, ignored: denominator === 0 }) satisfies SampleTerm;

describe('writeReduction', () => {
  it('writes a weighted mean as Σ ℓ over Σ w[k] of the samples that count', () => {
    const terms = [term(0, 0.5, 2, 1), term(1, 0, 0, null), term(2, 1.25, 0.5, 0)];
    expect(writeReduction('mean', terms, 0.7)).toEqual({
      symbols: 'L = (ℓ₀ + ℓ₂) / (w₁ + w₀)',
      numbers: '= (0.5000 + 1.2500) / (2 + 0.5)',
      result: '= 1.7500 / 2.5 = 0.7000',
    });
  });

  it('writes a sum, a single term without brackets, and none as the vector', () => {
    expect(writeReduction('sum', [term(0, 1, 1, null), term(1, 2, 1, null)], 3).numbers).toBe(
      '= 1.0000 + 2.0000',
    );
    expect(writeReduction('mean', [term(0, 1.5, 1, null)], 1.5).symbols).toBe('L = ℓ₀ / 1');
    expect(writeReduction('none', [term(0, 1, 1, null), term(1, -2, 1, null)], 1)).toEqual({
      symbols: 'L = (ℓ₀, ℓ₁)',
      numbers: '= (1.0000, −2.0000)',
      result: 'backward() runs on their sum',
    });
  });
});

describe('writeReduction when nothing counts', () => {
  it('writes 0 / 0 once, and nan as PyTorch prints it; a sum of nothing is 0', () => {
    const ignored = [term(0, 0, 0, null), term(1, 0, 0, null)];
    expect(writeReduction('mean', ignored, Number.NaN)).toEqual({
      symbols: 'L = 0 / 0',
      numbers: '',
      result: '= nan',
    });
    expect(writeReduction('sum', ignored, 0)).toEqual({
      symbols: 'L = 0',
      numbers: '',
      result: '= 0.0000',
    });
  });
});

describe('batchProgramCode', () => {
  const setup = {
    logits: [[1, -0.5]],
    targets: [1],
    weight: null,
    ignoreIndex: -100,
    reduction: 'mean',
    labelSmoothing: 0,
    targetForm: 'index',
  } as const;

  it('writes each target form as the program builds it', () => {
    expect(batchProgramCode(setup)).toContain('target = torch.tensor([1])');
    expect(batchProgramCode({ ...setup, targetForm: 'float-index' })).toContain(
      'target = torch.tensor([1.0])',
    );
  });

  it('keeps every logit exactly, one sample per line', () => {
    expect(
      batchProgramCode({
        ...setup,
        logits: [
          [0.1, 1e-8],
          [2, 3],
        ],
        targets: [0, 1],
      }),
    ).toContain('x = torch.tensor([\n    [0.1, 1e-08],\n    [2.0, 3.0],\n], requires_grad=True)');
  });
});
