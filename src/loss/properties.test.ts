// Properties that must hold for any input fast-check can think of, not just the fixtures.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  binaryCrossEntropyWithLogits,
  binaryCrossEntropyWithLogitsBackward,
  crossEntropy,
  crossEntropyBackward,
  crossEntropyWithGrad,
  distributionCrossEntropy,
  entropy,
  klDiv,
  klDivBackward,
  klDivergence,
  logSoftmax,
  mseLoss,
  mseLossBackward,
  nllLoss,
  nllLossBackward,
  softmax,
  softmaxBackward,
  tensor,
  type Tensor,
} from './index';
import { expectClose } from './testing/expect-close';

const RUNS = { numRuns: 150 };
const logit = (max: number) => fc.double({ min: -max, max, noNaN: true, noDefaultInfinity: true });
const reduction = fc.constantFrom('none' as const, 'mean' as const, 'sum' as const);

/** An (N, C) batch of logits with class-index targets, sometimes ignored. */
const batch = (max: number) =>
  fc.integer({ min: 2, max: 6 }).chain((classes) =>
    fc.record({
      classes: fc.constant(classes),
      logits: fc.array(fc.array(logit(max), { minLength: classes, maxLength: classes }), {
        minLength: 1,
        maxLength: 5,
      }),
      weights: fc.option(
        fc.array(fc.double({ min: 0.1, max: 3, noNaN: true }), {
          minLength: classes,
          maxLength: classes,
        }),
        {
          nil: undefined,
        },
      ),
      smoothing: fc.constantFrom(0, 0.1, 0.35),
      seed: fc.array(fc.integer({ min: -1, max: classes - 1 }), { minLength: 5, maxLength: 5 }),
    }),
  );

/** Targets for each row: −1 means "ignored" (mapped to ignoreIndex −100), at least one kept. */
function targetsOf(rows: number, seed: readonly number[], classes: number): number[] {
  const targets = Array.from({ length: rows }, (_, i): number => {
    const t = seed[i % seed.length] as number;
    return t < 0 ? -100 : t % classes;
  });
  if (!targets.some((t) => t !== -100)) targets[0] = 0;
  return targets;
}

/** Central finite differences of a scalar function of one tensor. */
function numericalGradient(f: (x: Tensor) => number, x: Tensor): Float64Array {
  const grad = new Float64Array(x.data.length);
  for (let i = 0; i < x.data.length; i++) {
    const h = 1e-6 * Math.max(1, Math.abs(x.data[i] as number));
    const plus = Float64Array.from(x.data);
    const minus = Float64Array.from(x.data);
    plus[i] = (plus[i] as number) + h;
    minus[i] = (minus[i] as number) - h;
    grad[i] = (f({ ...x, data: plus }) - f({ ...x, data: minus })) / (2 * h);
  }
  return grad;
}

/** Σ_i g_i·loss_i, so one scalar checks a 'none' backward with a random upstream gradient. */
const weighted = (loss: Tensor, g: Tensor | undefined): number =>
  Array.from(loss.data).reduce(
    (sum, v, i) => sum + v * (g === undefined ? 1 : (g.data[i] as number)),
    0,
  );

const FD = { rtol: 1e-5, atol: 1e-6 };

/** A backward pass is right when it equals central differences of Σ g·loss around x. */
function expectMatchesFiniteDifferences(
  analytic: Tensor,
  loss: (x: Tensor) => Tensor,
  x: Tensor,
  g?: Tensor,
): void {
  expectClose(
    analytic.data,
    numericalGradient((v) => weighted(loss(v), g), x),
    FD,
  );
}

describe('softmax', () => {
  it('sums to 1 along the dim and ignores a common shift', () => {
    fc.assert(
      fc.property(
        fc.array(logit(1e6), { minLength: 1, maxLength: 12 }),
        logit(1e3),
        (logits, shift) => {
          const p = Array.from(softmax(tensor(logits)).data);
          expectClose(
            p.reduce((a, b) => a + b, 0),
            1,
            { rtol: 1e-12, atol: 1e-12 },
          );
          const shifted = Array.from(softmax(tensor(logits.map((v) => v + shift))).data);
          // Shifting rounds each logit once; when logits are near 1e6 that moves p by up to ~1e-10·|x|.
          expectClose(shifted, p, { rtol: 1e-6, atol: 1e-9 });
        },
      ),
      RUNS,
    );
  });
});

/** The same bits, dtype and shape: what "the same result" means for the fused call. */
function expectIdentical(actual: Tensor, expected: Tensor): void {
  expect(actual.dtype).toBe(expected.dtype);
  expect(actual.shape).toEqual(expected.shape);
  expect(Array.from(actual.data).every((v, i) => Object.is(v, expected.data[i]))).toBe(true);
}

describe('crossEntropy', () => {
  it('crossEntropyWithGrad returns exactly what crossEntropy and crossEntropyBackward return', () => {
    fc.assert(
      fc.property(
        batch(1e4),
        reduction,
        fc.constantFrom('float64' as const, 'float32' as const),
        fc.boolean(),
        ({ classes, logits, weights, smoothing, seed }, r, dtype, soft) => {
          const x = tensor(logits, dtype);
          // Probability targets (softmax of a shuffled row) or class indices.
          const y = soft
            ? softmax(
                tensor(
                  logits.map((row) => [...row].reverse()),
                  dtype,
                ),
              )
            : tensor(targetsOf(logits.length, seed, classes), 'int64');
          const weight = weights === undefined ? undefined : tensor(weights, dtype);
          const options = { weight, reduction: r, labelSmoothing: smoothing };
          const g =
            r === 'none'
              ? tensor(
                  logits.map((_, i) => 0.5 + i),
                  dtype,
                )
              : tensor(1.5, dtype);
          const fused = crossEntropyWithGrad(x, y, options, g);
          expectIdentical(fused.loss, crossEntropy(x, y, options));
          expectIdentical(fused.grad, crossEntropyBackward(x, y, options, g));
        },
      ),
      RUNS,
    );
  });

  it('crossEntropyWithGrad agrees on K-dimensional inputs (N, C, d1, d2)', () => {
    const x = tensor(
      Array.from({ length: 2 }, (_, n) =>
        Array.from({ length: 3 }, (_, c) =>
          Array.from({ length: 2 }, (_, i) =>
            Array.from({ length: 2 }, (_, j) => Math.sin(n * 7 + c * 3 + i * 2 + j)),
          ),
        ),
      ),
    );
    const y = tensor(
      [
        [
          [0, 2],
          [1, -100],
        ],
        [
          [2, 2],
          [0, 1],
        ],
      ],
      'int64',
    );
    for (const options of [{}, { labelSmoothing: 0.2 }, { reduction: 'none' as const }]) {
      const fused = crossEntropyWithGrad(x, y, options);
      expectIdentical(fused.loss, crossEntropy(x, y, options));
      expectIdentical(fused.grad, crossEntropyBackward(x, y, options));
    }
  });

  it('equals nllLoss of logSoftmax for index targets, with any weight, ignore and reduction', () => {
    fc.assert(
      fc.property(batch(1e6), reduction, ({ classes, logits, weights, seed }, r) => {
        const x = tensor(logits);
        const y = tensor(targetsOf(logits.length, seed, classes), 'int64');
        const weight = weights === undefined ? undefined : tensor(weights);
        const options = { weight, reduction: r };
        expectClose(
          crossEntropy(x, y, options).data,
          nllLoss(logSoftmax(x, { dim: 1 }), y, options).data,
          {
            rtol: 1e-10,
            atol: 1e-9,
          },
        );
      }),
      RUNS,
    );
  });

  it('gives the same sum for index targets and their one-hot float targets, smoothing included', () => {
    fc.assert(
      fc.property(batch(1e3), ({ classes, logits, weights, smoothing, seed }) => {
        const targets = targetsOf(logits.length, seed, classes).map((t) => (t < 0 ? 0 : t));
        const oneHot = targets.map((t) =>
          Array.from({ length: classes }, (_, c) => (c === t ? 1 : 0)),
        );
        const weight = weights === undefined ? undefined : tensor(weights);
        const options = { weight, labelSmoothing: smoothing, reduction: 'sum' as const };
        const byIndex = crossEntropy(tensor(logits), tensor(targets, 'int64'), options);
        const byProbability = crossEntropy(tensor(logits), tensor(oneHot), options);
        expectClose(byIndex.data, byProbability.data, { rtol: 1e-10, atol: 1e-10 });
      }),
      RUNS,
    );
  });

  it('has no NaN for finite logits up to 1e6 in magnitude, on either path', () => {
    fc.assert(
      fc.property(batch(1e6), reduction, ({ classes, logits, weights, smoothing, seed }, r) => {
        const x = tensor(logits);
        const y = tensor(targetsOf(logits.length, seed, classes), 'int64');
        const weight = weights === undefined ? undefined : tensor(weights);
        const options = { weight, labelSmoothing: smoothing, reduction: r };
        const outputs = [crossEntropy(x, y, options), crossEntropyBackward(x, y, options)];
        const soft = tensor(logits.map((row) => row.map(() => 1 / classes)));
        outputs.push(crossEntropy(x, soft, options), crossEntropyBackward(x, soft, options));
        for (const out of outputs) expect(Array.from(out.data).some(Number.isNaN)).toBe(false);
      }),
      RUNS,
    );
  });

  it('has a backward equal to central finite differences, for index and probability targets', () => {
    fc.assert(
      fc.property(
        batch(8),
        reduction,
        fc.boolean(),
        ({ classes, logits, weights, smoothing, seed }, r, soft) => {
          const x = tensor(logits);
          const targets = targetsOf(logits.length, seed, classes);
          const y = soft
            ? tensor(
                logits.map((row, i) =>
                  row.map((_, c) => (c === Math.max(targets[i]!, 0) ? 0.7 : 0.3 / (classes - 1))),
                ),
              )
            : tensor(targets, 'int64');
          const weight = weights === undefined ? undefined : tensor(weights);
          const options = { weight, labelSmoothing: smoothing, reduction: r };
          const g = r === 'none' ? tensor(logits.map((_, i) => 0.5 + i)) : undefined;
          expectMatchesFiniteDifferences(
            crossEntropyBackward(x, y, options, g),
            (v) => crossEntropy(v, y, options),
            x,
            g,
          );
        },
      ),
      RUNS,
    );
  });
});

describe('the other backward passes', () => {
  const vector = (max: number) => fc.array(logit(max), { minLength: 1, maxLength: 6 });

  it('nllLossBackward matches finite differences', () => {
    fc.assert(
      fc.property(batch(5), reduction, ({ classes, logits, weights, seed }, r) => {
        const x = tensor(logits);
        const y = tensor(targetsOf(logits.length, seed, classes), 'int64');
        const options = {
          weight: weights === undefined ? undefined : tensor(weights),
          reduction: r,
        };
        expectMatchesFiniteDifferences(
          nllLossBackward(x, y, options),
          (v) => nllLoss(v, y, options),
          x,
        );
      }),
      RUNS,
    );
  });

  it('klDivBackward matches finite differences, with and without logTarget', () => {
    fc.assert(
      fc.property(
        vector(3),
        fc.constantFrom('sum' as const, 'mean' as const, 'batchmean' as const),
        fc.boolean(),
        (x, r, logTarget) => {
          const input = tensor([x]);
          const target = tensor([x.map((v, i) => (logTarget ? -1 - Math.abs(v) : (i + 1) / 10))]);
          const options = { reduction: r, logTarget };
          expectMatchesFiniteDifferences(
            klDivBackward(input, target, options),
            (v) => klDiv(v, target, options),
            input,
          );
        },
      ),
      RUNS,
    );
  });

  it('binaryCrossEntropyWithLogitsBackward matches finite differences, with posWeight', () => {
    fc.assert(
      fc.property(vector(10), fc.boolean(), (x, usePosWeight) => {
        const input = tensor(x);
        const target = tensor(x.map((_, i) => (i % 3) / 2));
        const options = usePosWeight ? { posWeight: tensor([2.5]) } : {};
        expectMatchesFiniteDifferences(
          binaryCrossEntropyWithLogitsBackward(input, target, options),
          (v) => binaryCrossEntropyWithLogits(v, target, options),
          input,
        );
      }),
      RUNS,
    );
  });

  it('mseLossBackward matches finite differences, also when the target broadcasts', () => {
    fc.assert(
      fc.property(vector(10), reduction, (x, r) => {
        const input = tensor(x.map((v) => [v]));
        const target = tensor(x.map((v) => v / 2 + 1));
        const g = r === 'none' ? tensor(x.map((_, i) => x.map((__, j) => 1 + i - j))) : undefined;
        expectMatchesFiniteDifferences(
          mseLossBackward(input, target, { reduction: r }, g),
          (v) => mseLoss(v, target, { reduction: r }),
          input,
          g,
        );
      }),
      RUNS,
    );
  });

  it('softmaxBackward matches finite differences of Σ g·softmax(x)', () => {
    fc.assert(
      fc.property(vector(8), (x) => {
        const input = tensor(x);
        const g = tensor(x.map((_, i) => Math.sin(i + 1)));
        expectMatchesFiniteDifferences(softmaxBackward(softmax(input), g), softmax, input, g);
      }),
      RUNS,
    );
  });
});

describe('information theory', () => {
  /** A distribution over `outcomes` outcomes: non-negative weights, normalised. */
  const distribution = (outcomes: number) =>
    fc
      .array(fc.double({ min: 0, max: 10, noNaN: true }), {
        minLength: outcomes,
        maxLength: outcomes,
      })
      .filter((v) => v.some((x) => x > 1e-3))
      .map((v) => {
        const total = v.reduce((a, b) => a + b, 0);
        return v.map((x) => x / total);
      });
  /** p and q over the same outcomes: the length is drawn first, so every run checks something. */
  const pair = fc
    .integer({ min: 2, max: 8 })
    .chain((outcomes) => fc.tuple(distribution(outcomes), distribution(outcomes)));

  it('satisfies H(p, q) = H(p) + KL(p‖q) and KL ≥ 0, in nats and in bits', () => {
    fc.assert(
      fc.property(pair, fc.constantFrom(undefined, 2), ([p, q], base) => {
        expect(p).toHaveLength(q.length);
        const options = base === undefined ? {} : { base };
        const [pt, qt] = [tensor(p), tensor(q)];
        const h = entropy(pt, options).data[0] as number;
        const kl = klDivergence(pt, qt, options).data[0] as number;
        const cross = distributionCrossEntropy(pt, qt, options).data[0] as number;
        expect(kl).toBeGreaterThanOrEqual(0);
        if (Number.isFinite(cross)) expectClose(cross, h + kl, { rtol: 1e-9, atol: 1e-12 });
        else expect(kl).toBe(Infinity);
      }),
      RUNS,
    );
  });
});
