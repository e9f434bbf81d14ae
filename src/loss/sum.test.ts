import { describe, expect, it } from 'vitest';
import { LossError, sum, tensor, toArray } from './index';

describe('sum', () => {
  it('adds every element into a 0-d tensor of the same dtype', () => {
    const total = sum(
      tensor([
        [1, 2],
        [3, 4],
      ]),
    );
    expect(total.shape).toEqual([]);
    expect(toArray(total)).toBe(10);
    expect(sum(tensor([1, 2, 3], 'int64')).dtype).toBe('int64');
    expect(sum(tensor([1, 2, 3], 'float32')).dtype).toBe('float32');
  });

  it('rounds each partial sum to float32 in order, as torch.sum does on a short tensor', () => {
    // torch.tensor([1e8, 1., -1e8]).sum() prints tensor(0.): 1e8 + 1 rounds back to 1e8.
    expect(toArray(sum(tensor([1e8, 1, -1e8], 'float32')))).toBe(0);
    expect(toArray(sum(tensor([1e8, 1, -1e8])))).toBe(1);
  });

  it('gives 0 for an empty tensor, NaN for ∞ − ∞ or a NaN, and keeps an overflow at +∞', () => {
    expect(toArray(sum(tensor([])))).toBe(0);
    expect(toArray(sum(tensor([Infinity, -Infinity])))).toBeNaN();
    expect(toArray(sum(tensor([1, Number.NaN])))).toBeNaN();
    expect(toArray(sum(tensor([3e38, 3e38], 'float32')))).toBe(Infinity);
  });

  it('rejects what is not a tensor', () => {
    expect(() => sum(3 as never)).toThrow(LossError);
  });
});
