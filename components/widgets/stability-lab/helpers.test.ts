import { describe, expect, it } from 'vitest';
import {
  exactLogSoftmax,
  formatExact,
  MARK_ABOVE,
  relativeError,
  reprEntries,
  scaledLogits,
} from './helpers';

describe('exactLogSoftmax', () => {
  // References: mpmath at 50 digits, log softmax(x)ᵢ = xᵢ − log Σⱼ exp(xⱼ), rounded to float64.
  it('agrees with a 50-digit computation to a few float64 ulps, the winner’s tiny entry included', () => {
    const cases: [number[], number[]][] = [
      [
        [1, 2, 3],
        [-2.40760596444438, -1.4076059644443804, -0.4076059644443803],
      ],
      [
        [10, 20, 30],
        [-20.00004540096028, -10.000045400960277, -4.540096027691298e-5],
      ],
    ];
    for (const [logits, want] of cases) {
      exactLogSoftmax(logits).forEach((v, i) =>
        expect(Math.abs(v - want[i]!) / Math.abs(want[i]!)).toBeLessThan(1e-15),
      );
    }
  });

  it('stays finite and exact where every floating-point route overflows', () => {
    expect(exactLogSoftmax([1000, 2000, 3000])).toEqual([-2000, -1000, 0]);
    expect(exactLogSoftmax([5, 5])).toEqual([-Math.log(2), -Math.log(2)]);
  });
});

describe('relativeError', () => {
  it('is relative, with a floor of the dtype’s ε near 0, and ∞ for NaN or ±∞', () => {
    expect(relativeError(-4.5418e-5, -4.5401e-5, 'float32')).toBeCloseTo(3.74e-4, 5);
    expect(relativeError(0, -1.8e-14, 'float32')).toBeLessThan(MARK_ABOVE.float32);
    expect(relativeError(-1.843e-14, -1.8467e-14, 'float64')).toBeGreaterThan(1e-3);
    expect(relativeError(Number.NaN, -1, 'float64')).toBe(Infinity);
    expect(relativeError(-Infinity, -200, 'float32')).toBe(Infinity);
  });
});

describe('scaledLogits, reprEntries and formatExact', () => {
  it('scale the base logits by powers of ten without noise', () => {
    expect(scaledLogits(0)).toEqual([1, 2, 3]);
    expect(scaledLogits(3)).toEqual([1000, 2000, 3000]);
    expect(scaledLogits(0.5)).toEqual([3.16227766017, 6.32455532034, 9.48683298051]);
  });

  it('split a 1-D repr into the entries PyTorch printed', () => {
    expect(reprEntries('tensor([    -inf, -99.9831,   0.0000])')).toEqual([
      '-inf',
      '-99.9831',
      '0.0000',
    ]);
    expect(reprEntries('tensor([nan, nan, nan], dtype=torch.float64)')).toEqual([
      'nan',
      'nan',
      'nan',
    ]);
  });

  it('write exact values with five significant digits', () => {
    expect(formatExact(-4.540096027691298e-5)).toBe('-4.5401e-5');
    expect(formatExact(-0)).toBe('0');
    expect(formatExact(-200)).toBe('-200.00');
    expect(formatExact(-2e6)).toBe('-2.0000e+6');
  });
});
