import { describe, expect, it } from 'vitest';
import { formatFixed, formatPlain, formatShort, formatTuple, subscript } from './format';

describe('formatFixed', () => {
  it('prints fixed decimals with a true minus sign and no negative zero', () => {
    expect(formatFixed(0.65900114, 4)).toBe('0.6590');
    expect(formatFixed(-1.5, 2)).toBe('−1.50');
    expect(formatFixed(-0.00001, 4)).toBe('0.0000');
  });

  it('spells out non-finite values', () => {
    expect(formatFixed(Infinity, 2)).toBe('∞');
    expect(formatFixed(-Infinity, 2)).toBe('−∞');
    expect(formatFixed(Number.NaN, 2)).toBe('NaN');
  });
});

describe('formatShort', () => {
  it('prints up to 6 significant digits without trailing zeros', () => {
    expect(formatShort(0.125)).toBe('0.125');
    expect(formatShort(1 / 3)).toBe('0.333333');
    expect(formatShort(1 / 3, 12)).toBe('0.333333333333');
    expect(formatShort(2)).toBe('2');
  });
});

describe('subscript', () => {
  it('turns every digit into its subscript', () => {
    expect(subscript(1)).toBe('₁');
    expect(subscript(10)).toBe('₁₀');
    expect(subscript(9876543210)).toBe('₉₈₇₆₅₄₃₂₁₀');
  });
});

describe('formatPlain', () => {
  it('writes the shortest round-trip text with true minus signs', () => {
    expect(formatPlain(-0.25)).toBe('−0.25');
    expect(formatPlain(3)).toBe('3');
    expect(formatPlain(-Infinity)).toBe('−Infinity');
  });
});

describe('formatTuple', () => {
  it('lists numbers as typed, with true minus signs, in parentheses', () => {
    expect(formatTuple([2, -1.5, 0.1])).toBe('(2, −1.5, 0.1)');
    expect(formatTuple([-1e-7])).toBe('(−1e−7)');
    expect(formatTuple([])).toBe('()');
  });
});
