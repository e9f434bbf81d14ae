import { describe, expect, it } from 'vitest';
import {
  axisTicks,
  confidentlyWrongLogits,
  curvePoints,
  curveTop,
  gradientProgramCode,
  roundLogit,
  stepTicks,
  normalise,
  softWeightsFor,
  targetDistribution,
} from './helpers';

describe('normalise', () => {
  it('divides weights by their total, or explains all-zero or overflowing ones', () => {
    expect(normalise([1, 3])).toEqual({ ok: true, y: [0.25, 0.75] });
    expect(normalise([0, 0])).toEqual({
      ok: false,
      message: 'The target weights are all zero: give at least one class some weight.',
    });
    // Each weight fits a float64 but their total does not: dividing by ∞ would give all zeros.
    expect(normalise([1e308, 1e308])).toEqual({
      ok: false,
      message:
        'The target weights add up to more than the largest number there is: make them smaller.',
    });
  });
});

describe('softWeightsFor and targetDistribution', () => {
  it('start the soft target at 0.8 on the true class, the rest shared', () => {
    expect(softWeightsFor(1, 3)).toEqual([0.1, 0.8, 0.1]);
    expect(softWeightsFor(0, 4)).toEqual([0.8, 0.0666667, 0.0666667, 0.0666667]);
  });

  it('show a class target as one-hot and a soft target as it is', () => {
    expect(targetDistribution({ kind: 'class', index: 2 }, 3)).toEqual([0, 0, 1]);
    expect(targetDistribution({ kind: 'soft', y: [0.5, 0.5] }, 2)).toEqual([0.5, 0.5]);
  });
});

describe('the loss curve’s scale', () => {
  it('draws the curve from 0 at the bottom to a round top', () => {
    expect(curveTop([1.4644, 0.9, 0.5])).toBe(2);
    expect(curveTop([0.31])).toBe(0.5);
    expect(curveTop([5])).toBe(5);
    expect(curveTop([])).toBe(1);
    expect(curvePoints([2, 1, 0], 100, 50)).toBe('0.0,0.0 50.0,25.0 100.0,50.0');
    expect(curvePoints([1, 0.5], 100, 50, 2)).toBe('0.0,25.0 100.0,37.5');
    expect(curvePoints([], 100, 50)).toBe('');
  });

  it('ticks both axes at round values', () => {
    expect(axisTicks(2)).toEqual([0, 1, 2]);
    expect(axisTicks(0.5)).toEqual([0, 0.25, 0.5]);
    expect(stepTicks(10)).toEqual([0, 5, 10]);
    expect(stepTicks(1)).toEqual([0, 1]);
  });
});

describe('roundLogit and confidentlyWrongLogits', () => {
  it('round a stepped logit to six significant digits', () => {
    expect(roundLogit(-1.9992574012)).toBe(-1.99926);
    expect(roundLogit(0.000123456789)).toBe(0.000123457);
  });

  it('put the true class well below a wrong favourite', () => {
    expect(confidentlyWrongLogits(0, 3)).toEqual([-2, 4, 1]);
    expect(confidentlyWrongLogits(2, 4)).toEqual([4, 1, -2, 1]);
  });
});

describe('gradientProgramCode', () => {
  it('writes the class target as an int64 tensor and a soft one in float64', () => {
    expect(gradientProgramCode([1, 2], { kind: 'class', index: 1 })).toContain(
      'target = torch.tensor([1])',
    );
    expect(gradientProgramCode([1, 2], { kind: 'soft', y: [1 / 3, 2 / 3] })).toContain(
      'target = torch.tensor([[0.3333333333333333, 0.6666666666666666]], dtype=torch.float64)',
    );
  });
});
