import { describe, expect, it } from 'vitest';
import { tensor, toArray } from './index';

describe('tensor', () => {
  it('infers the shape of nested arrays and round-trips them', () => {
    const values = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    const t = tensor(values);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float64');
    expect(toArray(t)).toEqual(values);
  });

  it('keeps empty dimensions', () => {
    expect(tensor([]).shape).toEqual([0]);
    expect(toArray(tensor([[], []]))).toEqual([[], []]);
  });

  it('gives a number back for a 0-d tensor', () => {
    expect(tensor(2.5).shape).toEqual([]);
    expect(toArray(tensor(2.5))).toBe(2.5);
  });

  it('names the ragged position', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(
      'values are ragged at position [1]: expected length 2, got 1',
    );
    expect(() => tensor([[1, 2], 3] as never)).toThrow(
      'at position [1]: expected an array of length 2, got 3',
    );
    expect(() => tensor([1, [2]] as never)).toThrow(
      'at position [1]: expected a number, got an array',
    );
  });

  it('accepts only integers for int64 and only known dtypes', () => {
    expect(toArray(tensor([0, 2], 'int64'))).toEqual([0, 2]);
    expect(() => tensor([0.5], 'int64')).toThrow(
      'int64 values must be integers, got 0.5 at flat index 0',
    );
    expect(() => tensor([1], 'float16' as never)).toThrow(
      "dtype must be one of 'float64', 'float32', 'int64', got 'float16'",
    );
    expect(() => tensor([1], [] as never)).toThrow('got an array');
  });

  it('rounds float32 storage like torch.float32', () => {
    const t = tensor([0.1], 'float32');
    expect(t.data[0]).toBe(Math.fround(0.1));
  });
});
