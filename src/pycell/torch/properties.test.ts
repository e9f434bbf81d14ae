// Properties: for random tensors and options, a cell's program prints exactly what the loss
// core computes for the same call (formatTensor of its result), so the interpreter adds no
// numerics of its own between a program and the core.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  binaryCrossEntropyWithLogits,
  crossEntropy,
  crossEntropyBackward,
  formatTensor,
  klDiv,
  logSoftmax,
  logSumExp,
  mseLoss,
  nllLoss,
  softmax,
  tensor,
  type NestedArray,
} from '../../loss/index';
import { pyRepr } from '../../pytorch/program';
import { runProgram } from '../index';

const RUNS = { numRuns: 60 };
const logit = fc.double({ min: -30, max: 30, noNaN: true, noDefaultInfinity: true });
const dtype = fc.constantFrom('float32' as const, 'float64' as const);
const reduction = fc.constantFrom('none' as const, 'mean' as const, 'sum' as const);

/** A nested list of numbers as a Python literal (floats in their shortest repr). */
const literal = (v: NestedArray): string =>
  Array.isArray(v) ? `[${v.map(literal).join(', ')}]` : pyRepr(v as number);

/** An (N, C) batch of logits and class indices. */
const batch = fc.integer({ min: 1, max: 5 }).chain((classes) =>
  fc
    .record({
      logits: fc.array(fc.array(logit, { minLength: classes, maxLength: classes }), {
        minLength: 1,
        maxLength: 4,
      }),
      targets: fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: 1, maxLength: 4 }),
    })
    .map(({ logits, targets }) => ({
      classes,
      logits,
      targets: Array.from(
        { length: logits.length },
        (_, n) => targets[n % targets.length] as number,
      ),
    })),
);

/** Run a program and return what it printed, failing on an error line. */
function printed(source: string): string {
  const { stdout, error } = runProgram(source);
  expect(error).toBeNull();
  return stdout.replace(/\n$/, '');
}

const header = 'import torch\nimport torch.nn.functional as F\n';

describe('the torch module against the loss core', () => {
  it('prints F.cross_entropy and x.grad exactly as the core computes them', () => {
    fc.assert(
      fc.property(
        batch,
        dtype,
        reduction,
        fc.constantFrom(0, 0.1, 0.25),
        (b, dt, red, smoothing) => {
          const x = tensor(b.logits, dt);
          const t = tensor(b.targets, 'int64');
          const options = { reduction: red, labelSmoothing: smoothing };
          const loss = crossEntropy(x, t, options);
          const upstream =
            red === 'none'
              ? tensor(
                  b.targets.map(() => 1),
                  dt,
                )
              : undefined;
          const grad = crossEntropyBackward(x, t, options, upstream);
          const source =
            header +
            `x = torch.tensor(${literal(b.logits)}, dtype=torch.${dt}, requires_grad=True)\n` +
            `t = torch.tensor([${b.targets.join(', ')}])\n` +
            `loss = F.cross_entropy(x, t, reduction='${red}', label_smoothing=${pyRepr(smoothing)})\n` +
            `print(loss.detach())\n` +
            `(loss.sum() if loss.dim() > 0 else loss).backward()\n` +
            `print(x.grad)`;
          expect(printed(source)).toBe(`${formatTensor(loss)}\n${formatTensor(grad)}`);
        },
      ),
      RUNS,
    );
  });

  it('prints softmax, log_softmax and logsumexp along any dim as the core does', () => {
    fc.assert(
      fc.property(batch, dtype, fc.constantFrom(0, 1, -1), (b, dt, dim) => {
        const x = tensor(b.logits, dt);
        const source =
          header +
          `x = torch.tensor(${literal(b.logits)}, dtype=torch.${dt})\n` +
          `print(F.softmax(x, dim=${dim}))\nprint(torch.log_softmax(x, dim=${dim}))\nprint(torch.logsumexp(x, dim=${dim}))`;
        const expected = [softmax(x, { dim }), logSoftmax(x, { dim }), logSumExp(x, { dim })].map(
          (r) => formatTensor(r),
        );
        expect(printed(source)).toBe(expected.join('\n'));
      }),
      RUNS,
    );
  });

  it('prints nll_loss, kl_div, mse_loss and BCE with logits as the core does', () => {
    fc.assert(
      fc.property(batch, dtype, reduction, (b, dt, red) => {
        const x = tensor(b.logits, dt);
        const t = tensor(b.targets, 'int64');
        const logQ = logSoftmax(x);
        const p = softmax(
          tensor(
            b.logits.map((row) => [...row].reverse()),
            dt,
          ),
        );
        const probs = softmax(x);
        const source =
          header +
          `x = torch.tensor(${literal(b.logits)}, dtype=torch.${dt})\n` +
          `t = torch.tensor([${b.targets.join(', ')}])\n` +
          `log_q = F.log_softmax(x, dim=1)\n` +
          `p = F.softmax(torch.tensor(${literal(b.logits.map((row) => [...row].reverse()))}, dtype=torch.${dt}), dim=1)\n` +
          `print(F.nll_loss(log_q, t, reduction='${red}'))\n` +
          `print(F.kl_div(log_q, p, reduction='${red}'))\n` +
          `print(F.mse_loss(F.softmax(x, dim=1), p, reduction='${red}'))\n` +
          `print(F.binary_cross_entropy_with_logits(x, p, reduction='${red}'))`;
        const expected = [
          nllLoss(logQ, t, { reduction: red }),
          klDiv(logQ, p, { reduction: red }),
          mseLoss(probs, p, { reduction: red }),
          binaryCrossEntropyWithLogits(x, p, { reduction: red }),
        ].map((r) => formatTensor(r));
        expect(printed(source)).toBe(expected.join('\n'));
      }),
      RUNS,
    );
  });
});
