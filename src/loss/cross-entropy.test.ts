// Reference numbers quoted from pytorch-semantics.md §3 (PyTorch 1.13, float64).
import { describe, expect, it } from 'vitest';
import { crossEntropy, crossEntropyBackward, LossError, tensor, toArray } from './index';
import { expectClose } from './testing/expect-close';

const X = tensor([
  [1, 2, 3],
  [0.5, -1, 2],
  [3, 0, -2],
  [0.1, 0.2, 0.3],
]);
const W = tensor([1, 2, 3]);

describe('crossEntropy with class indices', () => {
  it('matches F.cross_entropy(X, [2,0,1,2]) for mean, sum and weighted mean', () => {
    const y = tensor([2, 0, 1, 2], 'int64');
    expectClose(crossEntropy(X, y).data, [1.5514613361769822]);
    expectClose(crossEntropy(X, y, { reduction: 'sum' }).data, [6.205845344707929]);
    expectClose(crossEntropy(X, y, { weight: W }).data, [1.3422142450480363]);
  });

  it('matches F.cross_entropy with weight, ignore_index −100 and label_smoothing 0.3', () => {
    const y = tensor([2, -100, 1, 0], 'int64');
    const options = { weight: W, labelSmoothing: 0.3 };
    expectClose(
      crossEntropy(X, y, { ...options, reduction: 'none' }).data,
      [1.5005361039998273, 0, 6.409970470754294, 1.4825257026980172],
    );
    expectClose(crossEntropy(X, y, { ...options, reduction: 'sum' }).data, [9.39303227745214]);
    expectClose(crossEntropy(X, y, options).data, [1.5655053795753564]);
  });

  it('lets the weight cancel in an unbatched mean but not in its sum', () => {
    const x = tensor([1, 2, 3]);
    const y = tensor(1, 'int64');
    expectClose(crossEntropy(x, y, { weight: W }).data, [1.4076059644443804]);
    expectClose(crossEntropy(x, y, { weight: W, reduction: 'sum' }).data, [2 * 1.4076059644443804]);
  });

  it('stays exact for huge logits and handles a masked −∞ class', () => {
    expect(toArray(crossEntropy(tensor([[1e4, 0, -1e4]]), tensor([2], 'int64')))).toBe(20000);
    expect(toArray(crossEntropy(tensor([[1e30, 0, -1e30]]), tensor([1], 'int64')))).toBe(1e30);
    expectClose(
      crossEntropy(tensor([1, -Infinity, 2]), tensor(2, 'int64')).data,
      [0.31326168751822286],
    );
    expect(
      toArray(crossEntropy(tensor([1, -Infinity, 2]), tensor(2, 'int64'), { labelSmoothing: 0.1 })),
    ).toBe(Infinity);
    expectClose(
      crossEntropyBackward(tensor([1, -Infinity, 2]), tensor(2, 'int64'), { labelSmoothing: 0.1 })
        .data,
      [0.23560808803666178, -1 / 30, -0.20227475470332845],
    );
  });

  it('turns a row with NaN anywhere into a NaN loss, even before its first finite logit', () => {
    expect(toArray(crossEntropy(tensor([Number.NaN, 1, 2]), tensor(1, 'int64')))).toBeNaN();
    expect(toArray(crossEntropy(tensor([-Infinity, Number.NaN, 2]), tensor(2, 'int64')))).toBeNaN();
    expect(toArray(crossEntropy(tensor([-Infinity, -Infinity]), tensor(0, 'int64')))).toBeNaN();
  });

  it('rejects a 0-d input the way PyTorch’s class-dim lookup does', () => {
    expect(() => crossEntropy(tensor(1), tensor([0], 'int64'))).toThrow(
      'Dimension out of range (expected to be in range of [-1, 0], but got 1)',
    );
  });

  it('returns NaN for an all-ignored mean, with an all-zero gradient', () => {
    const y = tensor([-100, -100], 'int64');
    const x = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(toArray(crossEntropy(x, y))).toBeNaN();
    expect(toArray(crossEntropy(x, y, { reduction: 'sum' }))).toBe(0);
    expect(Array.from(crossEntropyBackward(x, y).data)).toEqual([0, 0, 0, 0]);
  });

  it('gives NaN gradients for an ignored row whose logits hold NaN or +∞', () => {
    const x = tensor([
      [1, Number.NaN, 3],
      [0, 1, 2],
    ]);
    const y = tensor([-100, 1], 'int64');
    expect(Number.isFinite(toArray(crossEntropy(x, y)) as number)).toBe(true);
    const grad = toArray(crossEntropyBackward(x, y)) as number[][];
    expect(grad[0]!.every(Number.isNaN)).toBe(true);
    expect(grad[1]!.every(Number.isFinite)).toBe(true);
  });
});

describe('the gradient after a forward call', () => {
  it('stays right when the logits change in place between the loss and the gradient', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const x = tensor(
        [
          [0.5, 1.5, -2],
          [3, 0, 1],
        ],
        dtype,
      );
      const y = tensor([1, 0], 'int64');
      crossEntropy(x, y); // remembers each row's log-sum-exp
      x.data[1] = 4; // …which is now stale for row 0
      const fresh = tensor(
        [
          [0.5, 4, -2],
          [3, 0, 1],
        ],
        dtype,
      );
      // Both ways agree to rounding (a few float32 ulps); a stale lse would be off by ~40 %.
      expectClose(crossEntropyBackward(x, y).data, crossEntropyBackward(fresh, y).data, {
        rtol: dtype === 'float32' ? 1e-6 : 1e-12,
        atol: 0,
      });
    }
  });

  it('hands out independent storage for every small result', () => {
    const a = crossEntropyBackward(tensor([[0, 0]]), tensor([0], 'int64'));
    const b = crossEntropyBackward(tensor([[0, 0]]), tensor([1], 'int64'));
    a.data[0] = 42;
    expect(Array.from(b.data)).toEqual([0.5, -0.5]);
  });
});

describe('crossEntropy with class probabilities', () => {
  it('divides a weighted mean by N, not by the weights (§3.4)', () => {
    const oneHot = tensor([
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expectClose(crossEntropy(X, oneHot, { weight: W }).data, [3.0199820513580815]);
    expectClose(
      crossEntropy(X, oneHot, { weight: W, labelSmoothing: 0.2 }).data,
      [3.1349035088905914],
    );
    expectClose(
      crossEntropy(X, oneHot, { weight: W, labelSmoothing: 0.2, reduction: 'sum' }).data,
      [12.539614035562366],
    );
  });

  it('promotes a float32 input with a float64 target to float64', () => {
    const out = crossEntropy(tensor([[1, 2]], 'float32'), tensor([[0.5, 0.5]]));
    expect(out.dtype).toBe('float64');
  });
});

describe('crossEntropy arguments', () => {
  const y = tensor([0], 'int64');
  const x = tensor([[1, 2]]);

  it('names a bad option and its value', () => {
    expect(() => crossEntropy(x, y, { reduction: 'avg' as never })).toThrow(
      'avg is not a valid value for reduction',
    );
    expect(() => crossEntropy(x, y, { labelSmoothing: 1.5 })).toThrow(
      'label_smoothing must be between 0.0 and 1.0. Got: 1.5',
    );
    expect(() => crossEntropy(x, y, { ignoreIndex: 0.5 })).toThrow(
      "crossEntropy(): option 'ignoreIndex' must be an integer, got 0.5",
    );
    expect(() => crossEntropy(x, y, { weights: W } as never)).toThrow(
      "crossEntropy(): unknown option 'weights' (expected one of: weight, ignoreIndex, reduction, labelSmoothing)",
    );
    expect(() => crossEntropy(x, y, { weight: [1, 2] as never })).toThrow(
      "crossEntropy(): argument 'weight' must be a Tensor (make one with tensor(values)), got an array",
    );
  });

  it('rejects a non-tensor input and a gradOutput of the wrong shape', () => {
    expect(() => crossEntropy([[1, 2]] as never, y)).toThrow(LossError);
    expect(() => crossEntropyBackward(x, y, { reduction: 'none' }, tensor([1, 2]))).toThrow(
      "crossEntropyBackward(): gradOutput must have the loss's shape [1], got [2]",
    );
  });

  it('treats negative label smoothing exactly as none', () => {
    expect(crossEntropy(X, tensor([2, 0, 1, 2], 'int64'), { labelSmoothing: -0.1 }).data).toEqual(
      crossEntropy(X, tensor([2, 0, 1, 2], 'int64')).data,
    );
  });
});
