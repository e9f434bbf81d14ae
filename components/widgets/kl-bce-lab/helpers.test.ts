import { describe, expect, it } from 'vitest';
import {
  batchLogits,
  bceInputGradient,
  bceProgram,
  clampedTerms,
  formatValue,
  logInputProgram,
  reductionProgram,
  sigmoid32,
  sigmoidBackward,
} from './helpers';

// Reference values: PyTorch 1.13 (Debian's python3-torch), float32, e.g.
// z = torch.tensor([-50.0], requires_grad=True); p = torch.sigmoid(z)
// F.binary_cross_entropy(p, torch.tensor([1.0])).backward(); print(p.item(), z.grad.item())
const TORCH = [
  // z, y, sigmoid(z).item(), z.grad.item() through sigmoid + BCELoss
  [10, 1, 0.9999545812606812, -4.5418739318847656e-5],
  [16, 0, 0.9999998807907104, 0.9999998807907104],
  [17, 0, 1, 0],
  [-50, 1, 1.9287498933537385e-22, -1.9287499375408856e-10],
  [-88, 1, 6.054601485195952e-39, -6.054601432952552e-27],
  [-104, 1, 0, -0],
] as const;

describe('autograd through sigmoid + BCELoss, in float32', () => {
  it('computes torch.sigmoid in float32 bit for bit: exactly 1 from z = 17, exactly 0 at −104', () => {
    for (const [z, , p] of TORCH) expect(sigmoid32(z)).toBe(p);
    // torch.sigmoid(torch.tensor([16.63, 16.64, -88.7, -88.8])).tolist()
    expect(sigmoid32(16.63)).toBe(0.9999998807907104);
    expect(sigmoid32(16.64)).toBe(1);
    expect(sigmoid32(-88.7)).toBe(3.006635794144578e-39);
    expect(sigmoid32(-88.8)).toBe(0);
  });

  it('reproduces PyTorch’s z.grad bit for bit, the vanished gradients included', () => {
    for (const [, y, p, grad] of TORCH) {
      expect(sigmoidBackward(bceInputGradient(p, y), p)).toBe(grad);
    }
  });

  it('is σ(z) − y wherever p(1 − p) is above the 1e-12 floor', () => {
    for (const p of [0.5, 0.25, 0.999, 1e-6].map(Math.fround)) {
      for (const y of [0, 1, 0.3]) {
        const grad = sigmoidBackward(bceInputGradient(p, y), p);
        expect(grad).toBeCloseTo(p - y, 5);
      }
    }
  });

  it('divides by the floor, not by p(1 − p), once p(1 − p) drops below 1e-12', () => {
    expect(bceInputGradient(0, 1)).toBe(Math.fround(-1 / Math.fround(1e-12)));
    expect(bceInputGradient(1, 0)).toBe(Math.fround(1 / Math.fround(1e-12)));
  });
});

describe('clampedTerms', () => {
  it('flags the log that fell below −100 and counts for the target', () => {
    expect(clampedTerms(1, 0)).toEqual({ logP: false, log1mP: true });
    expect(clampedTerms(1, 1)).toEqual({ logP: false, log1mP: false });
    expect(clampedTerms(0, 1)).toEqual({ logP: true, log1mP: false });
    expect(clampedTerms(0, 0.3)).toEqual({ logP: true, log1mP: false });
    // log(1.9e-22) ≈ −50: above the clamp.
    expect(clampedTerms(1.9287498933537385e-22, 1)).toEqual({ logP: false, log1mP: false });
  });
});

describe('batchLogits', () => {
  it('builds N rows of C halves in [−1.5, 1.5], no two rows alike up to seven', () => {
    for (let n = 1; n <= 8; n++) {
      for (let c = 2; c <= 8; c++) {
        const { student, teacher } = batchLogits(n, c);
        for (const rows of [student, teacher]) {
          expect(rows).toHaveLength(n);
          for (const row of rows) {
            expect(row).toHaveLength(c);
            for (const o of row) {
              expect(o).toBeGreaterThanOrEqual(-1.5);
              expect(o).toBeLessThanOrEqual(1.5);
              expect(Number.isInteger(2 * o)).toBe(true);
            }
          }
        }
      }
    }
    for (const c of [2, 5, 8]) {
      const { student, teacher } = batchLogits(7, c);
      expect(new Set(student.map(String)).size).toBe(7);
      expect(new Set(teacher.map(String)).size).toBe(7);
      student.forEach((row, n) => expect(row).not.toEqual(teacher[n]));
    }
  });
});

describe('the programs', () => {
  it('scenario 1: the right call, the wrong one, and the KL by its definition', () => {
    expect(logInputProgram([1, 2, 0.5], [0.5, 1.5, 2])).toBe(
      [
        'import torch',
        'import torch.nn.functional as F',
        '',
        'student = torch.tensor([[1.0, 2.0, 0.5]])',
        'teacher = torch.tensor([[0.5, 1.5, 2.0]])',
        'log_q = F.log_softmax(student, dim=1)',
        'p = F.softmax(teacher, dim=1)',
        '',
        '# right: log-probabilities in',
        "print(F.kl_div(log_q, p, reduction='batchmean'))",
        '# wrong: probabilities in',
        "print(F.kl_div(F.softmax(student, dim=1), p, reduction='batchmean'))",
        '# the true KL by definition: sum of p (log p - log q)',
        'log_p = F.log_softmax(teacher, dim=1)',
        'print((log_p.exp() * (log_p - log_q)).sum())',
      ].join('\n'),
    );
  });

  it('scenario 2: both reductions of one batch, and the definition averaged over it', () => {
    const code = reductionProgram(
      [
        [1, 0],
        [0, 1],
      ],
      [
        [0, 1],
        [1, 0],
      ],
    );
    expect(code).toContain("print(F.kl_div(log_q, p, reduction='mean'))");
    expect(code).toContain("print(F.kl_div(log_q, p, reduction='batchmean'))");
    expect(code).toContain('student = torch.tensor([[1.0, 0.0], [0.0, 1.0]])');
    expect(code).toContain('print((log_p.exp() * (log_p - log_q)).sum() / 2)');
    expect(code).not.toContain('cross_entropy');
  });

  it('scenario 3: with logits first, then sigmoid + BCELoss, or the logit itself', () => {
    const code = bceProgram(20, 0, false);
    expect(code.split('\n').filter((l) => l.startsWith('z = '))).toEqual([
      'z = torch.tensor([20.0], requires_grad=True)',
      'z = torch.tensor([20.0], requires_grad=True)',
    ]);
    expect(code.indexOf('binary_cross_entropy_with_logits')).toBeLessThan(
      code.indexOf('torch.sigmoid'),
    );
    expect(bceProgram(-3, 1, true)).toContain(
      'loss = F.binary_cross_entropy(z, target)  # the sigmoid forgotten',
    );
    expect(bceProgram(-3, 1, true)).not.toContain('sigmoid(z)');
  });
});

describe('formatValue', () => {
  it('writes four decimals, tiny values with four significant digits, and a true minus', () => {
    expect(formatValue(0.45333)).toBe('0.4533');
    expect(formatValue(-1.266)).toBe('−1.2660');
    expect(formatValue(-1.9287499375408856e-10)).toBe('−1.929e-10');
    expect(formatValue(0)).toBe('0.0000');
    expect(formatValue(-0)).toBe('0.0000');
  });
});
