// Pure pieces of the expected-minus-observed cell: defaults, the fields' names and ranges,
// one family's row (E[T] − T(x) beside the slope of the negative log-likelihood measured by
// central differences, which the appendix says must be equal) and the PyTorch program it shows.
// The loss-core calls live in the state class.
import { pyPrint, pyProgram, torchTensor, type PyNested } from '../../../src/pytorch/program';

export type Family = 'categorical' | 'bernoulli' | 'gaussian';

/** The scalar inputs: the Bernoulli's log-odds η and target t, the Gaussian's mean μ and y. */
export type ScalarKey = 'eta' | 't' | 'mu' | 'y';

export interface Observation {
  readonly logits: readonly number[];
  readonly observedClass: number;
  readonly eta: number;
  readonly t: number;
  readonly mu: number;
  readonly y: number;
}

export const DEFAULT_OBSERVATION: Observation = {
  logits: [2, 0.5, -1],
  observedClass: 1,
  eta: 0.8,
  t: 0,
  mu: 1.5,
  y: 0.4,
};

/** What each scalar field is called, its slider's travel, and the bounds a typed value keeps. */
export const SCALAR_FIELDS: Record<
  ScalarKey,
  {
    readonly name: string;
    readonly slider: { readonly min: number; readonly max: number; readonly step: number };
    readonly bounds: { readonly min?: number; readonly max?: number };
  }
> = {
  eta: { name: 'log-odds η', slider: { min: -8, max: 8, step: 0.1 }, bounds: {} },
  t: { name: 'target t', slider: { min: 0, max: 1, step: 0.01 }, bounds: { min: 0, max: 1 } },
  mu: { name: 'mean μ', slider: { min: -5, max: 5, step: 0.1 }, bounds: {} },
  y: { name: 'observation y', slider: { min: -5, max: 5, step: 0.1 }, bounds: {} },
};

/** The scalar fields in the order the cell lays them out. */
export const SCALAR_KEYS = Object.keys(SCALAR_FIELDS) as ScalarKey[];

/** Logits are typed freely, within the range where every widget keeps them. */
export const LOGIT_RANGE = { min: -1e6, max: 1e6 } as const;

/** One family's row: E[T], T(x), their difference and the NLL's measured slope. */
export interface FamilyRow {
  readonly family: Family;
  readonly expected: readonly number[];
  readonly observed: readonly number[];
  readonly difference: readonly number[];
  /** ∂NLL/∂(natural parameter) by central differences of the loss, not by any closed form. */
  readonly slope: readonly number[];
  /** Largest |(E[T] − T) − slope|: the finite differences' own error, if the appendix is right. */
  readonly gap: number;
}

/** One family's row: E[T] − T(x) and how far it is from the slope measured on the loss. */
export function familyRow(
  family: Family,
  expected: readonly number[],
  observed: readonly number[],
  slope: readonly number[],
): FamilyRow {
  const difference = expected.map((e, i) => e - (observed[i] ?? 0));
  const gap = Math.max(...difference.map((d, i) => Math.abs(d - (slope[i] ?? Number.NaN))));
  return { family, expected, observed, difference, slope, gap };
}

/** A float64 leaf tensor autograd differentiates: torch.tensor(..., requires_grad=True). */
function leaf(values: PyNested): string {
  return torchTensor(values, 'float64').replace(/\)$/, ', requires_grad=True)');
}

/**
 * The PyTorch program behind the table, in float64 as the cell computes: for each family the
 * expected-minus-observed statistic, then the gradient autograd finds for the matching loss.
 */
export function familyProgramCode(o: Observation): string {
  const classes = o.logits.length;
  return pyProgram([
    `o = ${leaf([[...o.logits]])}`,
    // A class index counts from 0 in PyTorch: `target`, not k, which the notation table
    // keeps for the true class counted from 1.
    `target = torch.tensor([${o.observedClass}])`,
    'F.cross_entropy(o, target).backward()',
    pyPrint(`torch.softmax(o, dim=1).detach() - F.one_hot(target, ${classes})`),
    pyPrint('o.grad'),
    '',
    `eta = ${leaf([o.eta])}`,
    `t = ${torchTensor([o.t], 'float64')}`,
    'F.binary_cross_entropy_with_logits(eta, t).backward()',
    pyPrint('torch.sigmoid(eta).detach() - t'),
    pyPrint('eta.grad'),
    '',
    `mu = ${leaf([o.mu])}`,
    `y = ${torchTensor([o.y], 'float64')}`,
    '(F.mse_loss(mu, y) / 2).backward()  # MSELoss has no ½',
    pyPrint('mu.detach() - y'),
    pyPrint('mu.grad'),
  ]);
}
