import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LossError, sum, sumDims, tensor, toArray } from './index';
import { sumOverDims } from './sum-over-dims';

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
    expect(() => sumDims(3 as never)).toThrow(LossError);
  });

  it('sums everything in the order sumDims uses over every dim (one merged row)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('float32' as const, 'float64' as const),
        fc.integer(),
        (shape, dtype, seed) => {
          const size = shape.reduce((a, b) => a * b, 1);
          // Values of mixed magnitude, so a different order would round differently.
          const values = Array.from(
            { length: size },
            (_, i) => Math.sin(seed + i * 7.3) * 10 ** (i % 5),
          );
          const x = { ...tensor(values, dtype), shape };
          expect(Array.from(sum(x).data)).toEqual(Array.from(sumDims(x).data));
        },
      ),
    );
  });
});

describe('sumOverDims', () => {
  // (arange(1000, float32) / 7).double() ** 2: each value as PyTorch computes it.
  const squares = Array.from({ length: 1000 }, (_, i) => Math.fround(i / 7) ** 2);

  it('sums a long float64 row to the last bit PyTorch 1.13 prints', () => {
    // x.sum().item() in PyTorch 1.13 prints 6792520.406705134; adding in order gives another double.
    expect(sumOverDims(false, squares, [1000], [0])).toEqual([6792520.406705134]);
    expect(toArray(sum(tensor(squares)))).toBe(6792520.406705134);
    let inOrder = 0;
    for (const v of squares) inOrder += v;
    expect(inOrder).not.toBe(6792520.406705134);
  });

  it('reduces several dims in one pass, in the kept shape, as torch.sum(x, dims, keepdim=True)', () => {
    // (arange(3·250·5, float32) / 13).reshape(3, 250, 5): PyTorch prints x.sum(dim=1)[2] as
    // [60048.078125, 60067.3125, 60086.5390625, 60105.76953125, 60125.0] and
    // x.sum(dim=(0, 2)).sum() as 540721.125.
    const x = Array.from({ length: 3750 }, (_, i) => Math.fround(i / 13));
    const byMiddle = sumOverDims(true, x, [3, 250, 5], [1]);
    expect(byMiddle.length).toBe(15);
    expect(byMiddle.slice(10)).toEqual([
      60048.078125, 60067.3125, 60086.5390625, 60105.76953125, 60125.0,
    ]);
    const outer = sumOverDims(true, x, [3, 250, 5], [0, 2]);
    expect(outer.length).toBe(250);
    expect(sumOverDims(true, outer, [250], [0])).toEqual([540721.125]);
    // The public sum with dims: the same numbers in torch.sum's shapes.
    const t = tensor(x, 'float32');
    const viaSum = sumDims({ ...t, shape: [3, 250, 5] }, { dim: [2, 0], keepdim: true });
    expect(viaSum.shape).toEqual([1, 250, 1]);
    expect(Array.from(viaSum.data)).toEqual(outer);
    expect(sumDims({ ...t, shape: [3, 250, 5] }, { dim: -2 }).shape).toEqual([3, 5]);
  });

  it('adds each element to +0 when no dim is reduced, and gives zeros for an empty input', () => {
    expect(sumOverDims(true, [-0, 1.5], [2], [])).toEqual([0, 1.5]);
    expect(Object.is(sumOverDims(true, [-0, 1.5], [2], [])[0], 0)).toBe(true);
    expect(sumOverDims(false, [], [2, 0], [1])).toEqual([0, 0]);
  });
});
