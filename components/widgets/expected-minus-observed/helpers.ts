// Pure pieces of the expected-minus-observed cell: defaults, the fields' names and ranges,
// one family's row (E[T] − T(x) beside the core's gradient, which the appendix says must be
// equal) and the calls it shows. The loss-core calls live in the state class.

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

/** One family's row: E[T], T(x), their difference and the core's gradient. */
export interface FamilyRow {
  readonly family: Family;
  readonly expected: readonly number[];
  readonly observed: readonly number[];
  readonly difference: readonly number[];
  readonly gradient: readonly number[];
  /** Largest |(E[T] − T) − gradient|: rounding only, if the appendix is right. */
  readonly gap: number;
}

/** One family's row: E[T] − T(x) and how far it is from the gradient the core computed. */
export function familyRow(
  family: Family,
  expected: readonly number[],
  observed: readonly number[],
  gradient: readonly number[],
): FamilyRow {
  const difference = expected.map((e, i) => e - (observed[i] ?? 0));
  const gap = Math.max(...difference.map((d, i) => Math.abs(d - (gradient[i] ?? Number.NaN))));
  return { family, expected, observed, difference, gradient, gap };
}

/** The core calls behind the table, as a reader would type them. */
export function familyCalls(o: Observation): string {
  const logits = o.logits.join(', ');
  return [
    `softmax(tensor([${logits}]))`,
    `crossEntropyBackward(tensor([[${logits}]]), tensor([${o.observedClass}], 'int64'))`,
    `softmax(tensor([${o.eta}, 0]))  // σ(η) is its first entry`,
    `binaryCrossEntropyWithLogitsBackward(tensor([${o.eta}]), tensor([${o.t}]))`,
    `mseLossBackward(tensor([${o.mu}]), tensor([${o.y}]))  // halved: MSELoss has no ½`,
  ].join('\n');
}
