// Bad arguments anywhere in the core: a LossError naming the argument, never a crash.
import { describe, expect, it } from 'vitest';
import {
  binaryCrossEntropyWithLogits,
  binaryCrossEntropyWithLogitsBackward,
  crossEntropy,
  klDiv,
  klDivBackward,
  LossError,
  mseLossBackward,
  nllLossBackward,
  oneHot,
  softmax,
  softmaxBackward,
  tensor,
} from './index';

const x = tensor([
  [1, 2],
  [3, 4],
]);

describe('argument checks', () => {
  it('name a value that is not a Tensor, whatever it is', () => {
    for (const [value, shown] of [
      [null, 'null'],
      [{}, 'an object'],
      ['x', "'x'"],
      [3, '3'],
      [[1, 2], 'an array'],
      [undefined, 'undefined'],
      [true, 'true'],
      [BigInt(7), '7'],
      [Symbol('logits'), 'Symbol(logits)'],
      [() => 1, 'a function'],
    ] as const) {
      expect(() => softmax(value as never)).toThrow(
        new LossError(
          `softmax(): argument 'x' must be a Tensor (make one with tensor(values)), got ${shown}`,
        ),
      );
    }
  });

  it('name an option of the wrong type', () => {
    expect(() =>
      crossEntropy(x, tensor([0, 1], 'int64'), { labelSmoothing: '0.1' as never }),
    ).toThrow("crossEntropy(): option 'labelSmoothing' must be a number, got 0.1");
    expect(() => klDiv(x, x, { logTarget: 'yes' as never })).toThrow(
      "klDiv(): option 'logTarget' must be true or false, got yes",
    );
    expect(() => oneHot(tensor([1], 'int64'), { numClasses: 2.5 })).toThrow(
      "oneHot(): option 'numClasses' must be an integer, got 2.5",
    );
    expect(() => softmax(x, { axis: 1 } as never)).toThrow(
      "softmax(): unknown option 'axis' (expected one of: dim)",
    );
  });

  it('check the shape of gradOutput in every backward', () => {
    const wrong = tensor([1, 2, 3]);
    expect(() => softmaxBackward(x, wrong)).toThrow(
      "softmaxBackward(): gradOutput must have y's shape [2, 2], got [3]",
    );
    expect(() => nllLossBackward(x, tensor([0, 1], 'int64'), { reduction: 'none' }, wrong)).toThrow(
      "nllLossBackward(): gradOutput must have the loss's shape [2], got [3]",
    );
    expect(() => klDivBackward(x, x, { reduction: 'sum' }, wrong)).toThrow(
      "klDivBackward(): gradOutput must have the loss's shape [], got [3]",
    );
    expect(() => mseLossBackward(x, x, { reduction: 'none' }, wrong)).toThrow(
      "mseLossBackward(): gradOutput must have the loss's shape [2, 2], got [3]",
    );
  });

  it('accept a one-element gradOutput for reduced losses and use it as the scale', () => {
    const t = tensor([1, 0]);
    const once = binaryCrossEntropyWithLogitsBackward(tensor([0.3, -2]), t, { reduction: 'sum' });
    const doubled = binaryCrossEntropyWithLogitsBackward(
      tensor([0.3, -2]),
      t,
      { reduction: 'sum' },
      tensor([2]),
    );
    expect(Array.from(doubled.data)).toEqual(Array.from(once.data).map((v) => 2 * v));
    expect(nllLossBackward(x, tensor([0, 1], 'int64'), {}, tensor(3)).data[0]).toBe(-1.5);
  });

  it('reject an integer target for BCE with logits, with PyTorch’s cast error', () => {
    expect(() =>
      binaryCrossEntropyWithLogits(tensor([1], 'float32'), tensor([1], 'int64')),
    ).toThrow("result type Float can't be cast to the desired output type Long");
  });
});
