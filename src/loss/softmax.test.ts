import { describe, expect, it } from 'vitest';
import { LossError, logSoftmax, softmax, tensor, toArray } from './index';
import { expectClose, TOLERANCE } from './testing/expect-close';

describe('softmax and logSoftmax', () => {
  // Reference values below were printed by PyTorch 1.13 (.tolist() of the call named).
  it('match torch.softmax on a small row, in float64 and float32', () => {
    // torch.softmax(torch.tensor([2., 1., .1], dtype=torch.float64), -1)
    expectClose(
      softmax(tensor([2, 1, 0.1])).data,
      [0.6590011388859679, 0.24243297070471392, 0.09856589040931818],
    );
    // torch.softmax(torch.tensor([2., 1., .1]), -1): float32, computed in float32
    expectClose(
      softmax(tensor([2, 1, 0.1], 'float32')).data,
      [0.6590011715888977, 0.24243298172950745, 0.09856589138507843],
      TOLERANCE.float32,
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

  it('normalise along a chosen dim, as torch.softmax(x, 0) and torch.log_softmax(x, 0) do', () => {
    const x = tensor([
      [1, 2],
      [3, 5],
    ]);
    expect(toArray(softmax(x, { dim: 0 }))).toEqual([
      [expect.closeTo(0.11920292202211755, 15), expect.closeTo(0.04742587317756679, 15)],
      [expect.closeTo(0.8807970779778823, 15), expect.closeTo(0.9525741268224334, 15)],
    ]);
    expectClose(
      logSoftmax(x, { dim: 0 }).data,
      [-2.1269280110429727, -3.048587351573742, -0.1269280110429726, -0.048587351573741965],
    );
  });

  it('normalise the middle dim of a 3-D tensor, as torch.softmax(x3, 1) does', () => {
    const x3 = tensor([
      [
        [0.5, -1, 2],
        [1.5, 0, -2],
      ],
      [
        [3, 1, 1],
        [-0.5, 2.5, 0],
      ],
    ]);
    expectClose(
      softmax(x3, { dim: 1 }).data,
      [
        0.2689414213699951, 0.2689414213699951, 0.9820137900379085, 0.7310585786300049,
        0.7310585786300049, 0.017986209962091555, 0.9706877692486436, 0.18242552380635632,
        0.7310585786300049, 0.029312230751356316, 0.8175744761936437, 0.2689414213699951,
      ],
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
