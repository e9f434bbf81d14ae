import { describe, expect, it } from 'vitest';
import {
  distributionCrossEntropy,
  entropy,
  klDivergence,
  LossError,
  tensor,
  toArray,
} from './index';
import { expectClose } from './testing/expect-close';

const p = tensor([0.5, 0.25, 0.25]);
const q = tensor([0.25, 0.25, 0.5]);

describe('entropy, cross-entropy and KL divergence', () => {
  it('are measured in nats by default and in bits with base 2', () => {
    expectClose(entropy(p, { base: 2 }).data, [1.5]);
    expectClose(entropy(p).data, [1.5 * Math.LN2]);
    expectClose(distributionCrossEntropy(p, q, { base: 2 }).data, [1.75]);
    expectClose(klDivergence(p, q, { base: 2 }).data, [0.25]);
  });

  it('treat 0·log 0 as 0 and give ∞ where q = 0 but p > 0', () => {
    expect(toArray(entropy(tensor([1, 0])))).toBe(0);
    expect(toArray(klDivergence(tensor([0, 1]), tensor([0.5, 0.5]), { base: 2 }))).toBe(1);
    expect(toArray(klDivergence(tensor([0.5, 0.5]), tensor([1, 0])))).toBe(Infinity);
    expect(toArray(distributionCrossEntropy(tensor([0.5, 0.5]), tensor([1, 0])))).toBe(Infinity);
  });

  it('explain what is wrong with a distribution', () => {
    expect(() => entropy(tensor([0.5, -0.5, 1]))).toThrow(
      new LossError("entropy(): 'p' must hold probabilities, but p[1] = -0.5"),
    );
    expect(() => entropy(tensor([0.5, 0.6]))).toThrow(
      "entropy(): 'p' must sum to 1, but it sums to 1.1",
    );
    expect(() => entropy(tensor([[0.5, 0.5]]))).toThrow(
      "entropy(): 'p' must be a 1-D float tensor of probabilities, got shape [1, 2] float64",
    );
    expect(() => klDivergence(p, tensor([0.5, 0.5]))).toThrow(
      'klDivergence(): p and q must have the same shape, got [3] and [2]',
    );
    expect(() => entropy(p, { base: 1 })).toThrow(
      "entropy(): option 'base' must be a positive number other than 1, got 1",
    );
    expect(() => entropy(p, { base: Number.NaN })).toThrow(
      "entropy(): option 'base' must be a number, got NaN",
    );
  });
});
