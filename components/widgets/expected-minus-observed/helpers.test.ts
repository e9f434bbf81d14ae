import { describe, expect, it } from 'vitest';
import { crossEntropyBackward, tensor } from '../../../src/loss/index';
import {
  DEFAULT_OBSERVATION,
  familyCalls,
  familyRows,
  validateObservation,
  type Observation,
} from './helpers';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('familyRows', () => {
  it('gives softmax(o) − e_k, σ(η) − t and μ − y, each equal to the core’s gradient', () => {
    const [categorical, bernoulli, gaussian] = familyRows(DEFAULT_OBSERVATION);
    const { logits, observedClass, eta, t, mu, y } = DEFAULT_OBSERVATION;
    const z = logits.reduce((s, o) => s + Math.exp(o), 0);
    logits.forEach((o, c) => {
      expect(categorical?.expected[c]).toBeCloseTo(Math.exp(o) / z, 15);
      expect(categorical?.observed[c]).toBe(c === observedClass ? 1 : 0);
    });
    expect(bernoulli?.expected[0]).toBeCloseTo(sigmoid(eta), 15);
    expect(bernoulli?.difference[0]).toBeCloseTo(sigmoid(eta) - t, 15);
    expect(gaussian?.difference[0]).toBeCloseTo(mu - y, 15);
    for (const row of [categorical, bernoulli, gaussian]) expect(row?.gap).toBeLessThan(1e-15);
  });

  it('takes soft Bernoulli targets and a categorical row’s gradient straight from crossEntropyBackward', () => {
    const o: Observation = { ...DEFAULT_OBSERVATION, logits: [0, 3], observedClass: 0, t: 0.3 };
    const [categorical, bernoulli] = familyRows(o);
    expect(categorical?.gradient).toEqual(
      Array.from(crossEntropyBackward(tensor([[0, 3]]), tensor([0], 'int64')).data),
    );
    expect(bernoulli?.difference[0]).toBeCloseTo(sigmoid(o.eta) - 0.3, 15);
  });

  it('stays exact for huge log-odds and logits, where σ saturates', () => {
    const rows = familyRows({ ...DEFAULT_OBSERVATION, logits: [1000, -1000], eta: 800, t: 1 });
    expect(rows[0]?.expected).toEqual([1, 0]);
    expect(rows[1]?.difference).toEqual([0]);
    for (const row of rows) expect(row.gap).toBe(0);
  });
});

describe('familyCalls', () => {
  it('shows the five core calls with the values as used', () => {
    expect(familyCalls(DEFAULT_OBSERVATION).split('\n')).toEqual([
      'softmax(tensor([2, 0.5, -1]))',
      "crossEntropyBackward(tensor([[2, 0.5, -1]]), tensor([1], 'int64'))",
      'softmax(tensor([0.8, 0]))  // σ(η) is its first entry',
      'binaryCrossEntropyWithLogitsBackward(tensor([0.8]), tensor([0]))',
      'mseLossBackward(tensor([1.5]), tensor([0.4]))  // halved: MSELoss has no ½',
    ]);
  });
});

describe('validateObservation', () => {
  it('accepts the defaults', () => {
    expect(() => validateObservation(DEFAULT_OBSERVATION, undefined)).not.toThrow();
  });

  it.each([
    [{ logits: [1] }, /logits must be 2–8 finite numbers, got \[1\]/],
    [{ logits: [1, Number.NaN] }, /logits must be 2–8 finite numbers/],
    [{ observedClass: 3 }, /observedClass must be a class index 0–2, got 3/],
    [{ observedClass: 0.5 }, /observedClass must be a class index/],
    [{ t: 1.5 }, /t \(target t\) must be a finite number in \[0, 1\], got 1.5/],
    [{ mu: Infinity }, /mu \(mean μ\) must be a finite number, got Infinity/],
  ] as const)('rejects %o, naming the prop', (change, message) => {
    expect(() => validateObservation({ ...DEFAULT_OBSERVATION, ...change }, undefined)).toThrow(
      message,
    );
  });

  it('rejects labels that do not match the logits', () => {
    expect(() => validateObservation(DEFAULT_OBSERVATION, ['a', 'b'])).toThrow(
      /labels must match logits in length \(3\), got 2/,
    );
  });
});
