// Pure pieces of the KL/BCE lab: its three scenarios and their defaults, the batch it builds for
// 'mean' vs 'batchmean', the PyTorch programs it shows, autograd's float32 chain through
// BCELoss and the sigmoid. Loss-core calls live in the state class.
import { pyPrint, pyProgram, pyStr, torchTensor } from '../../../src/pytorch/program';
import { formatFixed } from '../shared/format';

/** The three gotchas, in the order the chapter tells them. */
export type Scenario = 'log-input' | 'mean-batchmean' | 'bce-clamp';

export const SCENARIOS: readonly { readonly value: Scenario; readonly label: string }[] = [
  { value: 'log-input', label: 'softmax where log-softmax belongs' },
  { value: 'mean-batchmean', label: "'mean' vs 'batchmean'" },
  { value: 'bce-clamp', label: 'sigmoid + BCELoss vs BCEWithLogitsLoss' },
];

/** Each scenario's short name in a shared link. */
export const SCENARIO_KEYS: Readonly<Record<Scenario, string>> = {
  'log-input': 'log',
  'mean-batchmean': 'mean',
  'bce-clamp': 'bce',
};

/** The student's and the teacher's logits the first scenario starts from (three classes). */
export const DEFAULT_STUDENT: readonly number[] = [1, 2, 0.5];
export const DEFAULT_TEACHER: readonly number[] = [0.5, 1.5, 2];
/** Typed logits stay where float32's softmax keeps every class (exp(±100) is finite). */
export const LOGIT_RANGE = { min: -100, max: 100 } as const;
/** Batch size N and classes C of the second scenario. */
export const BATCH_RANGE = { min: 1, max: 8, step: 1 } as const;
export const CLASS_RANGE = { min: 2, max: 8, step: 1 } as const;
export const DEFAULT_BATCH = { n: 2, c: 4 } as const;
/** The binary logit z: wide enough that sigmoid(z) is 1 in float32 (z ≥ 17) and 0 (z ≤ −104). */
export const Z_RANGE = { min: -120, max: 120, step: 1 } as const;
export const DEFAULT_Z = 20;
export const DEFAULT_TARGET = 0;

/** BCELoss's clamp on each log: log p below −100 counts as −100. */
export const LOG_CLAMP = -100;
/** PyTorch's BCE backward divides by max(p(1 − p), ε), with ε the float32 nearest 1e-12. */
const BCE_EPSILON = Math.fround(1e-12);

/**
 * The N × C student and teacher logits of the 'mean' vs 'batchmean' scenario: a fixed pattern
 * of halves in [−1.5, 1.5], so every row (up to seven) has its own logits and its own KL.
 */
export function batchLogits(n: number, c: number): { student: number[][]; teacher: number[][] } {
  const rows = (f: (row: number, j: number) => number) =>
    Array.from({ length: n }, (_, row) => Array.from({ length: c }, (_, j) => f(row, j)));
  return {
    student: rows((row, j) => (((2 * row + 3 * j) % 7) - 3) / 2),
    teacher: rows((row, j) => (((3 * row + 5 * j + 1) % 7) - 3) / 2),
  };
}

/** The true KL by its definition, Σ p (log p − log q): summed, or averaged over a batch of `n`. */
function definitionLines(n?: number): string[] {
  return [
    `# the true KL by definition: sum of p (log p - log q)${n ? ', averaged over the batch' : ''}`,
    'log_p = F.log_softmax(teacher, dim=1)',
    pyPrint(`(log_p.exp() * (log_p - log_q)).sum()${n ? ` / ${n}` : ''}`),
  ];
}

/** Scenario 1's program: the right call, the wrong one, and the KL by its definition. */
export function logInputProgram(student: readonly number[], teacher: readonly number[]): string {
  return pyProgram([
    `student = ${torchTensor([[...student]])}`,
    `teacher = ${torchTensor([[...teacher]])}`,
    'log_q = F.log_softmax(student, dim=1)',
    'p = F.softmax(teacher, dim=1)',
    '',
    '# right: log-probabilities in',
    pyPrint("F.kl_div(log_q, p, reduction='batchmean')"),
    '# wrong: probabilities in',
    pyPrint("F.kl_div(F.softmax(student, dim=1), p, reduction='batchmean')"),
    ...definitionLines(),
  ]);
}

/** Scenario 2's program: both reductions of the same KL, and the true KL per sample, averaged. */
export function reductionProgram(student: number[][], teacher: number[][]): string {
  return pyProgram([
    `student = ${torchTensor(student)}`,
    `teacher = ${torchTensor(teacher)}`,
    'log_q = F.log_softmax(student, dim=1)',
    'p = F.softmax(teacher, dim=1)',
    '',
    pyPrint(`F.kl_div(log_q, p, reduction=${pyStr('mean')})`),
    pyPrint(`F.kl_div(log_q, p, reduction=${pyStr('batchmean')})`),
    ...definitionLines(student.length),
  ]);
}

/**
 * Scenario 3's program: BCEWithLogitsLoss first (it never raises), then sigmoid + BCELoss, or,
 * with `forgotSigmoid`, the logit passed to BCELoss as if it were a probability.
 */
export function bceProgram(z: number, target: number, forgotSigmoid: boolean): string {
  const leaf = `z = ${torchTensor([z]).replace(/\)$/, ', requires_grad=True)')}`;
  return pyProgram([
    `target = ${torchTensor([target])}`,
    '',
    leaf,
    'loss = F.binary_cross_entropy_with_logits(z, target)',
    'loss.backward()',
    pyPrint('loss.detach()'),
    pyPrint('z.grad'),
    '',
    leaf,
    ...(forgotSigmoid
      ? ['loss = F.binary_cross_entropy(z, target)  # the sigmoid forgotten']
      : [
          'p = torch.sigmoid(z)',
          pyPrint('p.detach()'),
          'loss = F.binary_cross_entropy(p, target)',
        ]),
    'loss.backward()',
    pyPrint('loss.detach()'),
    pyPrint('z.grad'),
  ]);
}

/**
 * ∂ BCELoss / ∂ p for one probability, as PyTorch 1.13's float32 kernel computes it:
 * (p − y) / max((1 − p)·p, ε). Past |z| ≈ 27.6 the clamp ε takes over from p(1 − p).
 */
export function bceInputGradient(p: number, y: number): number {
  const f = Math.fround;
  return f(f(p - y) / Math.max(f(f(1 - p) * p), BCE_EPSILON));
}

/** torch.sigmoid's float32 kernel, 1 / (1 + exp(−z)) with each step rounded: exactly 1 from z ≈ 16.64, 0 below z ≈ −88.72. */
export function sigmoid32(z: number): number {
  const f = Math.fround;
  return f(1 / f(1 + f(Math.exp(-f(z)))));
}

/** The sigmoid's backward as PyTorch computes it from its output p: g·(1 − p)·p in float32. */
export function sigmoidBackward(g: number, p: number): number {
  const f = Math.fround;
  return f(f(g * f(1 - p)) * p);
}

/** Where BCELoss's clamp decided the loss: the log of the probability the target weighs is below −100. */
export function clampedTerms(p: number, y: number): { logP: boolean; log1mP: boolean } {
  const f = Math.fround;
  return {
    logP: y !== 0 && f(Math.log(p)) < LOG_CLAMP,
    log1mP: y !== 1 && f(Math.log(f(1 - p))) < LOG_CLAMP,
  };
}

/** A value as the cell's tables show it: four decimals, or four significant digits when tiny. */
export function formatValue(value: number): string {
  if (value === 0 || !Number.isFinite(value) || Math.abs(value) >= 1e-4) {
    return formatFixed(value, 4);
  }
  return value.toExponential(3).replace('-', '−');
}
