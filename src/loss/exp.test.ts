import { describe, expect, it } from 'vitest';
import { exp, LossError, tensor, toArray } from './index';
import { expectClose, TOLERANCE } from './testing/expect-close';

describe('exp', () => {
  it('matches torch.exp on small values, in float64 and float32', () => {
    // torch.exp(torch.tensor([0., 1., -1.], dtype=torch.float64)).tolist()
    expectClose(exp(tensor([0, 1, -1])).data, [1, 2.718281828459045, 0.36787944117144233]);
    // torch.exp(torch.tensor([0., 1., -1.])).tolist(): float32
    expectClose(
      exp(tensor([0, 1, -1], 'float32')).data,
      [1, 2.7182817459106445, 0.3678794503211975],
      TOLERANCE.float32,
    );
  });

  it('overflows to +∞ past 88.72 in float32 and 709.78 in float64, and underflows to 0', () => {
    expect(Array.from(exp(tensor([88, 89, -104], 'float32')).data)).toEqual([
      Math.fround(Math.exp(88)),
      Infinity,
      0,
    ]);
    expect(Array.from(exp(tensor([709, 710, -1000])).data)).toEqual([Math.exp(709), Infinity, 0]);
  });

  it('keeps −∞ → 0, +∞ → +∞ and NaN → NaN, the shape, and empty or 0-d tensors', () => {
    expect(Array.from(exp(tensor([-Infinity, Infinity, Number.NaN])).data)).toEqual([
      0,
      Infinity,
      Number.NaN,
    ]);
    expect(
      exp(
        tensor([
          [0, 1],
          [2, 3],
        ]),
      ).shape,
    ).toEqual([2, 2]);
    expect(toArray(exp(tensor(0)))).toBe(1);
    expect(exp(tensor([], 'float32')).dtype).toBe('float32');
  });

  it('promotes int64 to the default float dtype, and rejects what is not a tensor', () => {
    expect(exp(tensor([0, 1], 'int64')).dtype).toBe('float64');
    expect(() => exp([1, 2] as never)).toThrow(LossError);
  });
});
