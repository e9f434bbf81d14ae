import { describe, expect, it } from 'vitest';
import {
  curvePoints,
  gradientCall,
  normalise,
  softWeightsFor,
  targetDistribution,
} from './helpers';

describe('normalise', () => {
  it('divides weights by their total, or explains all-zero ones', () => {
    expect(normalise([1, 3])).toEqual({ ok: true, y: [0.25, 0.75] });
    expect(normalise([0, 0])).toEqual({
      ok: false,
      message: 'The target weights are all zero: give at least one class some weight.',
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

describe('curvePoints', () => {
  it('draws a loss curve from the top of the box down to zero', () => {
    expect(curvePoints([2, 1, 0], 100, 50)).toBe('0.0,0.0 50.0,25.0 100.0,50.0');
    expect(curvePoints([], 100, 50)).toBe('');
  });
});

describe('gradientCall', () => {
  it('shows both core calls with a class or a soft target', () => {
    expect(gradientCall([1, 2], { kind: 'soft', y: [1 / 3, 2 / 3] })).toBe(
      'crossEntropy(tensor([[1, 2]]), tensor([[0.333333, 0.666667]]))\n' +
        'crossEntropyBackward(tensor([[1, 2]]), tensor([[0.333333, 0.666667]]))',
    );
  });
});
