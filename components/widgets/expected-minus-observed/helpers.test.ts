import { describe, expect, it } from 'vitest';
import { DEFAULT_OBSERVATION, familyCalls, familyRow, SCALAR_FIELDS, SCALAR_KEYS } from './helpers';

describe('familyRow', () => {
  it('subtracts observed from expected and measures the distance to the gradient', () => {
    const row = familyRow('categorical', [0.25, 0.75], [0, 1], [0.25, -0.25]);
    expect(row.difference).toEqual([0.25, -0.25]);
    expect(row.gap).toBe(0);
    expect(familyRow('gaussian', [2], [0.5], [1]).gap).toBe(0.5);
  });

  it('reports a missing gradient entry as a NaN gap, never as agreement', () => {
    expect(familyRow('bernoulli', [0.5, 0.5], [0, 1], [0.5]).gap).toBeNaN();
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

describe('SCALAR_FIELDS', () => {
  it('bounds only the Bernoulli target t, whose sliders start inside its bounds', () => {
    expect(SCALAR_KEYS).toEqual(['eta', 't', 'mu', 'y']);
    expect(SCALAR_FIELDS.t.bounds).toEqual({ min: 0, max: 1 });
    for (const key of ['eta', 'mu', 'y'] as const) expect(SCALAR_FIELDS[key].bounds).toEqual({});
  });
});
