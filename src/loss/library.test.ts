// The core as a library: every result owns its storage, and every call depends on its
// arguments alone, whatever ran before it.
import { describe, expect, it } from 'vitest';
import * as core from './index';
import { tensor, type Tensor } from './index';

const x = tensor([
  [1, 2, 3],
  [0.5, -1, 4],
]);
const y = tensor([2, 0], 'int64');
const p = core.softmax(
  tensor([
    [0.2, 0.1, 0.7],
    [0.3, 0.3, 0.4],
  ]),
);

/** One call of every public function that returns a tensor. */
const results = (): Record<string, Tensor> => ({
  tensor: tensor([1, 2]),
  softmax: core.softmax(x),
  logSoftmax: core.logSoftmax(x),
  logSumExp: core.logSumExp(x),
  softmaxBackward: core.softmaxBackward(p, x),
  crossEntropy: core.crossEntropy(x, y),
  crossEntropyBackward: core.crossEntropyBackward(x, y),
  crossEntropyWithGradLoss: core.crossEntropyWithGrad(x, y).loss,
  crossEntropyWithGradGrad: core.crossEntropyWithGrad(x, y).grad,
  nllLoss: core.nllLoss(core.logSoftmax(x), y),
  nllLossBackward: core.nllLossBackward(x, y),
  klDiv: core.klDiv(core.logSoftmax(x), p),
  klDivBackward: core.klDivBackward(x, p),
  binaryCrossEntropy: core.binaryCrossEntropy(p, p),
  binaryCrossEntropyWithLogits: core.binaryCrossEntropyWithLogits(x, p),
  binaryCrossEntropyWithLogitsBackward: core.binaryCrossEntropyWithLogitsBackward(x, p),
  mseLoss: core.mseLoss(x, p),
  mseLossBackward: core.mseLossBackward(x, p),
  oneHot: core.oneHot(y, { numClasses: 3 }),
  entropy: core.entropy(tensor([0.5, 0.5])),
  distributionCrossEntropy: core.distributionCrossEntropy(tensor([0.5, 0.5]), tensor([0.9, 0.1])),
  klDivergence: core.klDivergence(tensor([0.5, 0.5]), tensor([0.9, 0.1])),
});

describe('the core as a library', () => {
  it('hands back results whose buffer holds that result alone', () => {
    for (const [name, result] of Object.entries(results())) {
      const { data } = result;
      expect(data.byteOffset, name).toBe(0);
      expect(data.buffer.byteLength, name).toBe(data.byteLength);
    }
  });

  it('lets a caller transfer a result (to a worker, say) without touching any other', () => {
    const kept = core.softmax(x);
    const before = Array.from(kept.data);
    const sent = core.crossEntropyBackward(x, y);
    const moved = structuredClone(sent.data.buffer, { transfer: [sent.data.buffer] });
    expect(sent.data.length).toBe(0); // detached, as a transfer leaves it
    expect(new Float64Array(moved)).toHaveLength(6);
    expect(Array.from(kept.data)).toEqual(before);
    // Later calls allocate as before.
    expect(Array.from(core.softmax(x).data)).toEqual(before);
  });

  it('returns the same bits for the same arguments, whatever ran before', () => {
    // Large logits make the last bits sensitive to any cached intermediate.
    const big = tensor(
      Array.from({ length: 16 }, (_, n) =>
        Array.from({ length: 7 }, (_, c) => 800 * Math.sin(n * 13 + c * 5)),
      ),
    );
    const targets = tensor(
      Array.from({ length: 16 }, (_, n) => n % 7),
      'int64',
    );
    const fresh = core.crossEntropyBackward(big, targets);
    core.crossEntropy(big, targets);
    core.crossEntropyWithGrad(core.logSoftmax(big), targets, { labelSmoothing: 0.3 });
    core.crossEntropy(tensor([[1, 2, 3]], 'float32'), tensor([1], 'int64'));
    const after = core.crossEntropyBackward(big, targets);
    expect(Array.from(after.data).every((v, i) => Object.is(v, fresh.data[i]))).toBe(true);
    // Long float32 rows go through the kernels' pooled scratch row: a longer row in between
    // must not change a shorter one's result.
    const short = tensor([Array.from({ length: 12 }, (_, c) => Math.cos(c))], 'float32');
    const long = tensor([Array.from({ length: 300 }, (_, c) => 5 * Math.sin(c))], 'float32');
    const first = core.crossEntropy(short, tensor([3], 'int64')).data[0];
    core.crossEntropy(long, tensor([7], 'int64'));
    expect(core.crossEntropy(short, tensor([3], 'int64')).data[0]).toBe(first);
    for (const [name, result] of Object.entries(results())) {
      const again = results()[name]!;
      expect(Array.from(again.data), name).toEqual(Array.from(result.data));
    }
  });

  it('never writes into its arguments', () => {
    const logits = tensor([
      [3, 1, 2],
      [0, 0, 9],
    ]);
    const copy = Float64Array.from(logits.data);
    core.crossEntropyWithGrad(logits, y, { labelSmoothing: 0.1 });
    core.softmax(logits, { dim: 0 });
    expect(Array.from(logits.data)).toEqual(Array.from(copy));
  });
});
