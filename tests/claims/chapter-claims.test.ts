// The chapters' claims, checked with the loss core on the numbers the chapters' cells start
// from: if a claim in the prose were wrong, one of these would fail.
import { describe, expect, it } from 'vitest';
import {
  binaryCrossEntropyWithLogits,
  binaryCrossEntropyWithLogitsBackward,
  crossEntropy,
  crossEntropyBackward,
  distributionCrossEntropy,
  entropy,
  klDivergence,
  logSoftmax,
  logSumExp,
  mseLoss,
  mseLossBackward,
  softmax,
  softmaxBackward,
  tensor,
} from '../../src/loss/index';
import { expectClose } from '../../src/loss/testing/expect-close';
import { DEFAULT_OBSERVATION } from '../../components/widgets/expected-minus-observed/helpers';
import { DistributionExplorerState } from '../../components/widgets/distribution-explorer/distribution-explorer.svelte.ts';
import { chapterCellProps, numberProp, numbersProp } from './chapter-props';

const values = (t: { data: ArrayLike<number> }) => Array.from(t.data);

describe('cross-entropy-as-loss', () => {
  const truth = [0.6, 0.3, 0.1];
  const oneHotOf = (k: number) => truth.map((_, j) => (j === k ? 1 : 0));
  // The average, over labels k drawn from P*, of one example's loss under the model's P.
  const expected = (perLabel: (k: number) => number) =>
    truth.reduce((sum, pk, k) => sum + pk * perLabel(k), 0);
  const zeroOne = (p: number[]) => expected((k) => (p.indexOf(Math.max(...p)) === k ? 0 : 1));
  // The core takes logits; log P has softmax P.
  const crossEntropyOf = (p: number[]) =>
    expected((k) => values(crossEntropy(tensor([p.map(Math.log)]), tensor([k], 'int64')))[0]!);
  const brierOf = (p: number[]) =>
    expected((k) => values(mseLoss(tensor(p), tensor(oneHotOf(k)), { reduction: 'sum' }))[0]!);
  // Distributions near P*, none equal to it.
  const others = [
    [0.9, 0.05, 0.05],
    [0.5, 0.4, 0.1],
    [0.61, 0.29, 0.1],
    [0.34, 0.33, 0.33],
    [0.2, 0.7, 0.1],
  ];

  it('accuracy is not strictly proper: a P with the same arg max as P* has the same 0-1 loss', () => {
    expect(zeroOne([0.9, 0.05, 0.05])).toBe(zeroOne(truth));
    expect(zeroOne([0.34, 0.33, 0.33])).toBe(zeroOne(truth));
  });

  it('cross-entropy and the Brier score are strictly proper: smallest at P = P* only', () => {
    for (const p of others) {
      expect(crossEntropyOf(p)).toBeGreaterThan(crossEntropyOf(truth));
      expect(brierOf(p)).toBeGreaterThan(brierOf(truth));
    }
  });

  it('the loss averaged over labels from P* is the cross-entropy H(P*, P)', () => {
    for (const p of others) {
      const h = values(distributionCrossEntropy(tensor(truth), tensor(p)))[0]!;
      expectClose(crossEntropyOf(p), h, { rtol: 1e-14, atol: 0 });
    }
  });
});

describe('entropy-and-kl', () => {
  // The distribution explorer's starting pair, as the chapter passes it.
  const [explorer] = chapterCellProps('entropy-and-kl', 'DistributionExplorer');
  const p = tensor(numbersProp(explorer, 'p'));
  const q = tensor(numbersProp(explorer, 'q'));

  it('H(p, q) = H(p) + KL(p‖q) for the explorer’s starting distributions, in bits and nats', () => {
    for (const options of [{}, { base: 2 }]) {
      const h = values(entropy(p, options))[0]!;
      const cross = values(distributionCrossEntropy(p, q, options))[0]!;
      const kl = values(klDivergence(p, q, options))[0]!;
      expectClose(cross, h + kl, { rtol: 1e-14, atol: 0 });
    }
  });

  it('KL is not symmetric: the explorer’s own first state shows two different divergences', () => {
    const pq = values(klDivergence(p, q, { base: 2 }))[0]!;
    const qp = values(klDivergence(q, p, { base: 2 }))[0]!;
    expect(Math.abs(pq - qp)).toBeGreaterThan(0.05);
    // …and the cell, built from those props, shows them.
    const cell = new DistributionExplorerState({ p: values(p), q: values(q) });
    expect(cell.information.klPQ).toBe(pq);
    expect(cell.information.klQP).toBe(qp);
  });

  it('a fair coin carries one bit', () => {
    expect(values(entropy(tensor([0.5, 0.5]), { base: 2 }))[0]).toBe(1);
  });
});

describe('softmax-and-logits', () => {
  // The softmax explorer's starting logits, as the chapter passes them.
  const o = numbersProp(chapterCellProps('softmax-and-logits', 'SoftmaxExplorer')[0], 'logits');

  it('adding a constant to every logit changes nothing (eq. shift)', () => {
    expectClose(values(softmax(tensor(o.map((v) => v + 7)))), values(softmax(tensor(o))), {
      rtol: 1e-14,
      atol: 0,
    });
  });

  it('probability ratios are exponentials of logit differences (eq. ratio)', () => {
    const y = values(softmax(tensor(o)));
    expectClose(y[0]! / y[1]!, Math.exp(o[0]! - o[1]!), { rtol: 1e-14, atol: 0 });
  });

  it('low temperature tends to the arg max, high temperature to uniform', () => {
    expectClose(values(softmax(tensor(o.map((v) => v / 0.01)))), [1, 0, 0], {
      rtol: 0,
      atol: 1e-30,
    });
    expectClose(values(softmax(tensor(o.map((v) => v / 1e6)))), [1 / 3, 1 / 3, 1 / 3], {
      rtol: 1e-5,
      atol: 0,
    });
  });

  it('a hand-written softmax overflows where the core’s, like PyTorch’s, subtracts the max', () => {
    const large = [1000, 1001, 1002];
    const sum = large.reduce((a, v) => a + Math.exp(v), 0);
    expect(large.map((v) => Math.exp(v) / sum).every(Number.isNaN)).toBe(true);
    for (const dtype of ['float32', 'float64'] as const) {
      const y = values(softmax(tensor(large, dtype)));
      expect(y.every(Number.isFinite)).toBe(true);
    }
  });

  it('log(softmax) gives −∞ where a probability underflows; the fused log-softmax does not', () => {
    const spread = [-800, 0];
    expect(values(softmax(tensor(spread))).map(Math.log)[0]).toBe(-Infinity);
    expectClose(values(logSoftmax(tensor(spread)))[0]!, -800, { rtol: 1e-15, atol: 0 });
  });

  it('log-sum-exp lies between the max and the max plus log C', () => {
    const lse = values(logSumExp(tensor(o)))[0]!;
    expect(lse).toBeGreaterThan(Math.max(...o));
    expect(lse).toBeLessThan(Math.max(...o) + Math.log(o.length));
  });
});

describe('gradient-of-cross-entropy', () => {
  // The gradient explorer's starting logits and true class, as the chapter passes them.
  const [explorer] = chapterCellProps('gradient-of-cross-entropy', 'GradientExplorer');
  const o = numbersProp(explorer, 'logits');
  const k = numberProp(explorer, 'trueClass');

  it('the derived gradient softmax(o) − e_k is exactly what the core’s backward returns', () => {
    const y = values(softmax(tensor(o)));
    const expected = y.map((p, j) => p - (j === k ? 1 : 0));
    expectClose(values(crossEntropyBackward(tensor([o]), tensor([k], 'int64'))), expected, {
      rtol: 1e-14,
      atol: 1e-16,
    });
  });

  it('the log-sum-exp form gives the same loss, and ∂LSE/∂o = softmax (eqs. lse-form, lse-gradient)', () => {
    const loss = values(crossEntropy(tensor([o]), tensor([k], 'int64')))[0]!;
    expectClose(loss, values(logSumExp(tensor(o)))[0]! - o[k]!, { rtol: 1e-14, atol: 0 });
    const h = 1e-6;
    const numeric = o.map((_, j) => {
      const up = o.map((v, i) => (i === j ? v + h : v));
      const down = o.map((v, i) => (i === j ? v - h : v));
      return (values(logSumExp(tensor(up)))[0]! - values(logSumExp(tensor(down)))[0]!) / (2 * h);
    });
    expectClose(numeric, values(softmax(tensor(o))), { rtol: 1e-8, atol: 1e-10 });
  });

  it('the gradient’s entries sum to zero and their sizes to 2(1 − ŷ_k) (eq. gradient-size)', () => {
    const g = values(crossEntropyBackward(tensor([o]), tensor([k], 'int64')));
    expectClose(
      g.reduce((a, b) => a + b, 0),
      0,
      { rtol: 0, atol: 1e-15 },
    );
    const yk = values(softmax(tensor(o)))[k]!;
    expectClose(
      g.reduce((a, b) => a + Math.abs(b), 0),
      2 * (1 - yk),
      { rtol: 1e-14, atol: 0 },
    );
  });
});

describe('exponential-family', () => {
  it('the Hessian of A(o) = log Σ exp(o) is the covariance diag(p) − ppᵀ (eq. covariance)', () => {
    const o = [0.3, -1, 2, 0.5];
    const p = values(softmax(tensor(o)));
    // Column j of the softmax Jacobian is softmaxBackward applied to e_j.
    o.forEach((_, j) => {
      const column = values(
        softmaxBackward(tensor(p), tensor(o.map((__, i) => (i === j ? 1 : 0)))),
      );
      const expected = p.map((pi, i) => (i === j ? pi : 0) - pi * p[j]!);
      expectClose(column, expected, { rtol: 1e-14, atol: 1e-16 });
    });
  });

  // The expected-minus-observed cell's starting values.
  const { eta, mu, y } = DEFAULT_OBSERVATION;

  it('BCE with logits is the two-class softmax cross-entropy of [η, 0] (the minimal form)', () => {
    for (const t of [0, 0.3, 1]) {
      const bce = binaryCrossEntropyWithLogits(tensor([eta]), tensor([t])).data[0]!;
      const twoClass = crossEntropy(tensor([[eta, 0]]), tensor([[t, 1 - t]])).data[0]!;
      expectClose([bce], [twoClass], { rtol: 1e-14, atol: 0 });
      // … and its gradient is σ(η) − t (eq. bernoulli-gradient), σ(η) being softmax([η, 0])₀.
      const gradient = binaryCrossEntropyWithLogitsBackward(tensor([eta]), tensor([t])).data[0]!;
      expectClose([gradient], [softmax(tensor([eta, 0])).data[0]! - t], {
        rtol: 1e-14,
        atol: 1e-16,
      });
    }
  });

  it('half of MSELoss is the unit Gaussian NLL up to a constant, with gradient μ − y', () => {
    const constant = 0.5 * Math.log(2 * Math.PI);
    const nll = (m: number) => 0.5 * (y - m) ** 2 + constant;
    const half = (m: number) => mseLoss(tensor([m]), tensor([y])).data[0]! / 2;
    for (const m of [mu, -3, 10])
      expectClose([nll(m) - half(m)], [constant], { rtol: 1e-14, atol: 0 });
    expect(mseLossBackward(tensor([mu]), tensor([y])).data[0]! / 2).toBeCloseTo(mu - y, 15);
  });
});
