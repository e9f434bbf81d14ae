import { describe, expect, it } from 'vitest';
import { LossError, logSoftmax, softmax, tensor, toArray } from './index';
import { expectClose } from './testing/expect-close';

describe('softmax and logSoftmax', () => {
  it('match torch.softmax on a small row (F.softmax(torch.tensor([2., 1., .1]), dim=-1))', () => {
    const exp = [2, 1, 0.1].map(Math.exp);
    const total = exp.reduce((a, b) => a + b, 0);
    expectClose(
      softmax(tensor([2, 1, 0.1])).data,
      exp.map((v) => v / total),
    );
  });

  it('stay exact for logits of 1000 and beyond, where exp overflows', () => {
    expectClose(logSoftmax(tensor([1000, 1001, -Infinity])).data, [
      -1.3132616875182228,
      -0.31326168751822286,
      -Infinity,
    ]);
    expectClose(softmax(tensor([1e308, 1e308])).data, [0.5, 0.5]);
  });

  it('give a NaN row for all −∞, any +∞ or any NaN, as PyTorch does', () => {
    for (const row of [
      [-Infinity, -Infinity],
      [1, Infinity],
      [1, Number.NaN],
    ]) {
      expect(Array.from(softmax(tensor(row)).data).every(Number.isNaN)).toBe(true);
    }
  });

  it('normalise along a chosen dim', () => {
    const x = tensor([
      [1, 2],
      [3, 5],
    ]);
    const columns = toArray(softmax(x, { dim: 0 })) as number[][];
    expectClose([columns[0]![0]! + columns[1]![0]!, columns[0]![1]! + columns[1]![1]!], [1, 1]);
    const rows = toArray(softmax(x, { dim: -1 })) as number[][];
    expectClose(
      rows.map((r) => r[0]! + r[1]!),
      [1, 1],
    );
  });

  it('keep float32 inputs in float32', () => {
    const out = softmax(tensor([0.5, 0.25], 'float32'));
    expect(out.dtype).toBe('float32');
    expect(out.data).toBeInstanceOf(Float32Array);
  });

  it('reject an integer tensor and an out-of-range dim with PyTorch wording', () => {
    expect(() => softmax(tensor([1, 2], 'int64'))).toThrow(
      new LossError(`"softmax_lastdim_kernel_impl" not implemented for 'Long'`),
    );
    expect(() => softmax(tensor([1, 2]), { dim: 1 })).toThrow(
      'Dimension out of range (expected to be in range of [-1, 0], but got 1)',
    );
  });

  it('accept empty and 0-d tensors', () => {
    expect(softmax(tensor([])).shape).toEqual([0]);
    expectClose(softmax(tensor(3)).data, [1]);
  });
});
