import { describe, expect, it } from 'vitest';
import { log, LossError, tensor, toArray } from './index';
import { expectClose, TOLERANCE } from './testing/expect-close';

describe('log', () => {
  it('matches torch.log on small values, in float64 and float32', () => {
    // torch.log(torch.tensor([1., 2., 0.5], dtype=torch.float64)).tolist()
    expectClose(log(tensor([1, 2, 0.5])).data, [0, 0.6931471805599453, -0.6931471805599453]);
    // torch.log(torch.tensor([1., 2., 0.5])).tolist(): float32
    expectClose(
      log(tensor([1, 2, 0.5], 'float32')).data,
      [0, 0.6931471824645996, -0.6931471824645996],
      TOLERANCE.float32,
    );
  });

  it('gives −∞ for 0, NaN for a negative number or NaN, +∞ for +∞', () => {
    expect(Array.from(log(tensor([0, -0, -1, Number.NaN, Infinity])).data)).toEqual([
      -Infinity,
      -Infinity,
      Number.NaN,
      Number.NaN,
      Infinity,
    ]);
  });

  it('loses precision on a float32 subnormal, where torch.log(torch.softmax(x)) does', () => {
    // torch.log(torch.tensor([3.7835e-44])) prints tensor([-99.9831]): the probability
    // e^−100 is a float32 subnormal with only a few significant bits left.
    const p = Math.fround(Math.exp(-100));
    expect(p).toBeGreaterThan(0);
    expect(log(tensor([p], 'float32')).data[0]).toBeCloseTo(-99.9831, 4);
  });

  it('keeps shape, 0-d and empty tensors; promotes int64; rejects a non-tensor', () => {
    expect(log(tensor([[1, 2]])).shape).toEqual([1, 2]);
    expect(toArray(log(tensor(1)))).toBe(0);
    expect(log(tensor([], 'float32')).shape).toEqual([0]);
    expect(log(tensor([1], 'int64')).dtype).toBe('float64');
    expect(() => log(null as never)).toThrow(LossError);
  });
});
