// Broadcasting as NumPy and PyTorch define it; the messages are PyTorch 1.13's (RuntimeError
// of torch.broadcast_shapes and of elementwise ops on mismatched tensors).
import { describe, expect, it } from 'vitest';
import {
  broadcastIndex,
  broadcastShapes,
  sameShape,
  shapeList,
  sumToShape,
  torchSize,
} from './broadcast';
import { LossError } from './errors';

describe('broadcasting', () => {
  it('aligns shapes from the last dim and stretches size-1 dims', () => {
    expect(broadcastShapes([3, 1], [1, 4])).toEqual([3, 4]);
    expect(broadcastShapes([2, 3, 4], [4])).toEqual([2, 3, 4]);
    expect(broadcastShapes([], [2, 2])).toEqual([2, 2]);
    expect(broadcastShapes([5, 1, 2], [3, 1])).toEqual([5, 3, 2]);
    expect(broadcastShapes([0], [1])).toEqual([0]);
  });

  it('names the last mismatching dim, with tensor a and b in argument order, as PyTorch does', () => {
    expect(() => broadcastShapes([2, 3], [4, 3])).toThrow(
      new LossError(
        'The size of tensor a (2) must match the size of tensor b (4) at non-singleton dimension 0',
      ),
    );
    expect(() => broadcastShapes([2, 3], [2, 4])).toThrow(
      'The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1',
    );
  });

  it('maps each output element to the operand element it reads', () => {
    // torch.arange(3).reshape(3, 1).expand(3, 2).flatten() → [0, 0, 1, 1, 2, 2]
    expect([...broadcastIndex([3, 2], [3, 1])]).toEqual([0, 0, 1, 1, 2, 2]);
    // torch.arange(2).expand(3, 2).flatten() → [0, 1, 0, 1, 0, 1]
    expect([...broadcastIndex([3, 2], [2])]).toEqual([0, 1, 0, 1, 0, 1]);
    expect([...broadcastIndex([2, 2], [])]).toEqual([0, 0, 0, 0]);
  });

  it('sums a broadcast gradient back onto the operand, as autograd does', () => {
    // The gradient of x.expand(2, 3).sum() weighted by g: each column of g summed.
    const g = [1, 2, 3, 10, 20, 30];
    expect([...sumToShape(g, [2, 3], [3])]).toEqual([11, 22, 33]);
    expect([...sumToShape(g, [2, 3], [2, 1])]).toEqual([6, 60]);
    expect([...sumToShape(g, [2, 3], [2, 3])]).toEqual(g);
  });

  it('rounds each partial sum when given a dtype rounding, as a float32 kernel accumulates', () => {
    // 1 + 2^-24 is not a float32: rounded at each step the small terms vanish one by one,
    // while a float64 sum keeps them and rounds to a different float32 at the end.
    const tiny = 2 ** -24;
    const g = [1, tiny, tiny, tiny];
    const rounded = sumToShape(g, [4], [1], Math.fround)[0] as number;
    const exact = sumToShape(g, [4], [1])[0] as number;
    expect(rounded).toBe(1);
    expect(Math.fround(exact)).toBe(Math.fround(1 + 3 * tiny));
    expect(Math.fround(exact)).not.toBe(rounded);
  });

  it('compares and prints shapes as torch does in its messages', () => {
    expect(sameShape([2, 3], [2, 3])).toBe(true);
    expect(sameShape([2, 3], [3, 2])).toBe(false);
    expect(sameShape([], [1])).toBe(false);
    expect(shapeList([2, 3])).toBe('[2, 3]');
    expect(torchSize([])).toBe('torch.Size([])');
  });
});
