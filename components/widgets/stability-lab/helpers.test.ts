import { describe, expect, it } from 'vitest';
import { logSoftmaxCall, naiveLogSoftmax, scaledLogits } from './helpers';

describe('naiveLogSoftmax', () => {
  it('matches the true log-softmax for small logits', () => {
    const lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    const naive = naiveLogSoftmax([1, 2, 3], 'float64');
    naive.forEach((v, i) => expect(v).toBeCloseTo(i + 1 - lse, 14));
  });

  it('turns into NaN once exp overflows: past 88.7 in float32, past 709.8 in float64', () => {
    expect(naiveLogSoftmax([10, 20, 100], 'float32').some(Number.isNaN)).toBe(true);
    expect(naiveLogSoftmax([10, 20, 100], 'float64').some(Number.isNaN)).toBe(false);
    expect(naiveLogSoftmax([100, 200, 1000], 'float64').some(Number.isNaN)).toBe(true);
  });

  it('gives −∞ where a probability underflows to 0', () => {
    expect(naiveLogSoftmax([-1000, 0, 10], 'float64')[0]).toBe(-Infinity);
  });
});

describe('scaledLogits and logSoftmaxCall', () => {
  it('scale the base logits by powers of ten without noise', () => {
    expect(scaledLogits(0)).toEqual([1, 2, 3]);
    expect(scaledLogits(3)).toEqual([1000, 2000, 3000]);
    expect(scaledLogits(0.5)).toEqual([3.16227766017, 6.32455532034, 9.48683298051]);
  });

  it('show the exact core call', () => {
    expect(logSoftmaxCall([1000, 2000, 3000], 'float32')).toBe(
      "logSoftmax(tensor([1000, 2000, 3000], 'float32'))",
    );
  });
});
