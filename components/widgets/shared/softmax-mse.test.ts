import fc from 'fast-check';
import { describe, it } from 'vitest';
import { tensor } from '../../../src/loss/index';
import { expectClose, TOLERANCE } from '../../../src/loss/testing/expect-close';
import { softmaxSquaredError } from '../../../tests/support/math-reference';
import { centralDifference } from './finite-difference';
import { softmaxMseWithGrad } from './softmax-mse';

describe('softmaxMseWithGrad', () => {
  it('matches PyTorch 1.13 on a batch (float64 autograd)', () => {
    // F.mse_loss(F.softmax(o, dim=1), y).backward() with o, y below, in float64.
    const o = tensor([
      [-4, 2, 0],
      [1, 0.5, -1],
    ]);
    const y = tensor([
      [1, 0, 0],
      [0, 0, 1],
    ]);
    const { probabilities, loss, grad } = softmaxMseWithGrad(o, y);
    expectClose(
      probabilities.data,
      [
        0.002178521357197023, 0.8788782427321509, 0.11894323591065209, 0.5740969929676946,
        0.3482074278837349, 0.0776955791485706,
      ],
    );
    expectClose(loss.data, [0.5139505628413011]);
    expectClose(
      grad.data,
      [
        -0.0012942030145101787, 0.027678090407476607, -0.02638388739296642, 0.03730103335794948,
        -0.0035945877773269977, -0.03370644558062246,
      ],
    );
  });

  it('has the loss worked out with Math alone and the gradient central differences find, for any logits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -6, max: 6, noNaN: true }), { minLength: 2, maxLength: 6 }),
        fc.nat(),
        (logits, pick) => {
          const k = pick % logits.length;
          const y = tensor(logits.map((_, j) => (j === k ? 1 : 0)));
          const f = (x: readonly number[]) => softmaxSquaredError(x, k);
          const { loss, grad } = softmaxMseWithGrad(tensor(logits), y);
          expectClose(loss.data, [f(logits)], { rtol: 1e-12, atol: 1e-15 });
          expectClose(grad.data, centralDifference(f, logits), { rtol: 1e-5, atol: 1e-9 });
        },
      ),
    );
  });

  it('keeps the 1-D and the one-row 2-D forms equal', () => {
    const row = softmaxMseWithGrad(tensor([[0.3, -1, 2]]), tensor([[0, 1, 0]]));
    const flat = softmaxMseWithGrad(tensor([0.3, -1, 2]), tensor([0, 1, 0]));
    expectClose(row.loss.data, flat.loss.data, TOLERANCE.exact);
    expectClose(row.grad.data, flat.grad.data, TOLERANCE.exact);
  });
});
