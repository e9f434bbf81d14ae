import { describe, expect, it } from 'vitest';
import { div, LossError, tensor } from './index';

describe('div', () => {
  it('divides a vector by a 0-d tensor, broadcasting it', () => {
    const q = div(tensor([1, 2, 3]), tensor(4));
    expect(q.shape).toEqual([3]);
    expect(Array.from(q.data)).toEqual([0.25, 0.5, 0.75]);
  });

  it('picks the dtype torch.result_type picks', () => {
    // torch.tensor([1., 2.]) / torch.tensor(3., dtype=torch.float64) stays float32 ...
    expect(div(tensor([1, 2], 'float32'), tensor(3)).dtype).toBe('float32');
    // ... but a 1-D float64 operand widens it.
    expect(div(tensor([1, 2], 'float32'), tensor([3])).dtype).toBe('float64');
    expect(div(tensor(1, 'float32'), tensor(3)).dtype).toBe('float64');
    expect(div(tensor([1, 2], 'int64'), tensor([3], 'int64')).dtype).toBe('float64');
    expect(div(tensor([1, 2], 'int64'), tensor(3, 'float32')).dtype).toBe('float32');
    expect(div(tensor([1, 2], 'float32'), tensor(3, 'int64')).dtype).toBe('float32');
  });

  it('rounds a float32 quotient once, to the nearest float32', () => {
    expect(div(tensor([1], 'float32'), tensor([3], 'float32')).data[0]).toBe(Math.fround(1 / 3));
  });

  it('gives ±∞ for x/0, NaN for 0/0 and ∞/∞, and broadcasts 2-D shapes', () => {
    expect(Array.from(div(tensor([1, -1, 0, Infinity]), tensor([0, 0, 0, Infinity])).data)).toEqual(
      [Infinity, -Infinity, Number.NaN, Number.NaN],
    );
    expect(div(tensor([[1, 2, 3]]), tensor([[1], [2]])).shape).toEqual([2, 3]);
  });

  it('rejects shapes that do not broadcast with PyTorch’s message, and non-tensors', () => {
    expect(() => div(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(
      'The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0',
    );
    expect(() => div(tensor([1]), 2 as never)).toThrow(LossError);
  });
});
