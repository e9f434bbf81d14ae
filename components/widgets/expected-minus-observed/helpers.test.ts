import { describe, expect, it } from 'vitest';
import {
  DEFAULT_OBSERVATION,
  familyProgramCode,
  familyRow,
  SCALAR_FIELDS,
  SCALAR_KEYS,
} from './helpers';

describe('familyRow', () => {
  it('subtracts observed from expected and measures the distance to the measured slope', () => {
    const row = familyRow('categorical', [0.25, 0.75], [0, 1], [0.25, -0.25]);
    expect(row.difference).toEqual([0.25, -0.25]);
    expect(row.gap).toBe(0);
    expect(familyRow('gaussian', [2], [0.5], [1]).gap).toBe(0.5);
  });

  it('reports a missing gradient entry as a NaN gap, never as agreement', () => {
    expect(familyRow('bernoulli', [0.5, 0.5], [0, 1], [0.5]).gap).toBeNaN();
  });
});

describe('familyProgramCode', () => {
  it('writes a complete float64 program: each family’s E[T] − T, then autograd’s gradient', () => {
    expect(familyProgramCode(DEFAULT_OBSERVATION).split('\n')).toEqual([
      'import torch',
      'import torch.nn.functional as F',
      '',
      'o = torch.tensor([[2.0, 0.5, -1.0]], dtype=torch.float64, requires_grad=True)',
      'target = torch.tensor([1])',
      'F.cross_entropy(o, target).backward()',
      'print(torch.softmax(o, dim=1).detach() - F.one_hot(target, 3))',
      'print(o.grad)',
      '',
      'eta = torch.tensor([0.8], dtype=torch.float64, requires_grad=True)',
      't = torch.tensor([0.0], dtype=torch.float64)',
      'F.binary_cross_entropy_with_logits(eta, t).backward()',
      'print(torch.sigmoid(eta).detach() - t)',
      'print(eta.grad)',
      '',
      'mu = torch.tensor([1.5], dtype=torch.float64, requires_grad=True)',
      'y = torch.tensor([0.4], dtype=torch.float64)',
      '(F.mse_loss(mu, y) / 2).backward()  # MSELoss has no ½',
      'print(mu.detach() - y)',
      'print(mu.grad)',
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
