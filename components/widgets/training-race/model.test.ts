import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { softmax } from '../../../src/loss/index';
import { expectClose } from '../../../src/loss/testing/expect-close';
import { centralDifference } from '../shared/finite-difference';
import {
  accuracy,
  CLASSES,
  dataSet,
  descend,
  forward,
  GRID,
  gridInputs,
  initialWeights,
  parameterGradients,
  POINTS,
  predictions,
} from './model';

const weightsOf = (w: number[], b: number[]) => ({
  w: Float64Array.from(w),
  b: Float64Array.from(b),
});

describe('dataSet', () => {
  it('draws the same 30 points with two decimals for a seed, class n mod 3', () => {
    const a = dataSet(5);
    expect(a.x).toEqual(dataSet(5).x);
    expect(a.x.length).toBe(POINTS * 2);
    expect(Array.from(a.labels)).toEqual(Array.from({ length: POINTS }, (_, n) => n % 3));
    for (const v of a.x) expect(Math.round(v * 100) / 100).toBe(v);
    expect(dataSet(6).x).not.toEqual(a.x);
  });

  it('puts each class around its own centre', () => {
    const { x, labels } = dataSet(1);
    const centre = (k: number) => {
      const rows = [...labels.keys()].filter((n) => labels[n] === k);
      return [0, 1].map(
        (d) => rows.reduce((s, n) => s + (x[n * 2 + d] as number), 0) / rows.length,
      );
    };
    // Class 0 at 90°: above the origin; classes 1 and 2 below, to the left and the right.
    expect(centre(0)[1]).toBeGreaterThan(1);
    expect(centre(1)[0]).toBeLessThan(-0.8);
    expect(centre(2)[0]).toBeGreaterThan(0.8);
  });
});

describe('forward', () => {
  it('computes XW + b as the sum over features, checked on a hand example', () => {
    const x = Float64Array.from([1, 2, -1, 0.5]);
    const out = forward(x, weightsOf([1, 0, -1, 2, 1, 0], [0.5, 0, -0.5]), new Float64Array(6));
    // Row 1: [1·1 + 2·2, 1·0 + 2·1, 1·(−1) + 2·0] + b; row 2: [−1 + 1, 0 + 0.5, 1 + 0] + b.
    expect(Array.from(out)).toEqual([5.5, 2, -1.5, 0.5, 0.5, 0.5]);
  });
});

describe('parameterGradients', () => {
  it('is the finite-difference gradient of Σ g ⊙ (XW + b) with respect to W and b', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 8, maxLength: 8 }),
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 12, maxLength: 12 }),
        fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 9, maxLength: 9 }),
        (xs, g, params) => {
          const x = Float64Array.from(xs);
          const objective = (p: readonly number[]) => {
            const logits = forward(x, weightsOf(p.slice(0, 6), p.slice(6)), new Float64Array(12));
            return logits.reduce((s, v, i) => s + v * (g[i] as number), 0);
          };
          const { w, b } = parameterGradients(x, g);
          expectClose([...w, ...b], centralDifference(objective, params), {
            rtol: 1e-6,
            atol: 1e-6,
          });
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('descend', () => {
  it('moves each parameter against its gradient by the learning rate', () => {
    const weights = weightsOf([1, 1, 1, 1, 1, 1], [0, 0, 0]);
    descend(weights, weightsOf([1, 2, 3, 4, 5, 6], [1, -1, 0]), 0.5);
    expect(Array.from(weights.w)).toEqual([0.5, 0, -0.5, -1, -1.5, -2]);
    expect(Array.from(weights.b)).toEqual([-0.5, 0.5, 0]);
  });
});

describe('initialWeights', () => {
  it('starts confidently wrong: most points get over 90% on a class that is not theirs', () => {
    for (const seed of [1, 2, 3, 99]) {
      const data = dataSet(seed);
      const logits = forward(
        data.x,
        initialWeights('confidently-wrong', seed),
        new Float64Array(POINTS * CLASSES),
      );
      const p = softmax(
        { shape: [POINTS, CLASSES], dtype: 'float64', data: logits },
        { dim: 1 },
      ).data;
      const predicted = predictions(logits);
      const confidentlyWrong = predicted.filter(
        (k, n) => k !== data.labels[n] && (p[n * CLASSES + k] as number) > 0.9,
      ).length;
      expect(confidentlyWrong).toBeGreaterThan(POINTS * 0.7);
    }
  });

  it('starts small and seeded otherwise, with zero biases', () => {
    const start = initialWeights('small', 4);
    expect(start.w).toEqual(initialWeights('small', 4).w);
    expect(start.w.some((v) => v !== 0)).toBe(true);
    expect(Math.max(...start.w.map(Math.abs))).toBeLessThan(0.5);
    expect(Array.from(start.b)).toEqual([0, 0, 0]);
  });
});

describe('predictions and accuracy', () => {
  it('take the first of tied maxima, as torch.argmax does, and count matches', () => {
    expect(predictions([1, 1, 0, 0, 2, 2])).toEqual([0, 1]);
    expect(accuracy([1, 1, 0, 0, 2, 2], [0, 2])).toBe(0.5);
  });
});

describe('gridInputs', () => {
  it('lays the cell centres row by row from the top left', () => {
    const g = gridInputs();
    expect(g.length).toBe(GRID * GRID * 2);
    expect(g[0]).toBeLessThan(0);
    expect(g[1]).toBeGreaterThan(0);
    expect(g[2]).toBeGreaterThan(g[0] as number);
    expect(g[GRID * 2 + 1]).toBeLessThan(g[1] as number);
  });
});
