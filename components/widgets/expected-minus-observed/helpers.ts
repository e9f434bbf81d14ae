// Pure pieces of the expected-minus-observed cell: for the categorical, Bernoulli and Gaussian
// families, the model's expected statistic E[T], the observed T(x), and the loss core's
// closed-form gradient, which the appendix says must be their difference.
import {
  binaryCrossEntropyWithLogitsBackward,
  crossEntropyBackward,
  mseLossBackward,
  oneHot,
  softmax,
  tensor,
} from '../../../src/loss/index';

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

/** What each scalar field is called and which values it takes. */
export const SCALAR_FIELDS: Record<
  ScalarKey,
  { readonly name: string; readonly min: number; readonly max: number; readonly step: number }
> = {
  eta: { name: 'log-odds η', min: -8, max: 8, step: 0.1 },
  t: { name: 'target t', min: 0, max: 1, step: 0.01 },
  mu: { name: 'mean μ', min: -5, max: 5, step: 0.1 },
  y: { name: 'observation y', min: -5, max: 5, step: 0.1 },
};

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

function row(
  family: Family,
  expected: readonly number[],
  observed: readonly number[],
  gradient: readonly number[],
): FamilyRow {
  const difference = expected.map((e, i) => e - (observed[i] ?? 0));
  const gap = Math.max(...difference.map((d, i) => Math.abs(d - (gradient[i] ?? Number.NaN))));
  return { family, expected, observed, difference, gradient, gap };
}

/** All three rows for one observation, every number from the loss core: O(C). */
export function familyRows(o: Observation): FamilyRow[] {
  const logits = tensor([[...o.logits]]);
  const index = tensor([o.observedClass], 'int64');
  const categorical = row(
    'categorical',
    Array.from(softmax(tensor([...o.logits])).data),
    Array.from(oneHot(index, { numClasses: o.logits.length }).data),
    Array.from(crossEntropyBackward(logits, index).data),
  );
  // σ(η) is the two-class softmax with the second logit pinned at 0 (the appendix's minimal form).
  const bernoulli = row(
    'bernoulli',
    [softmax(tensor([o.eta, 0])).data[0] as number],
    [o.t],
    Array.from(binaryCrossEntropyWithLogitsBackward(tensor([o.eta]), tensor([o.t])).data),
  );
  // MSELoss is (μ − y)², without the Gaussian's ½, so its gradient is halved to compare.
  const gaussian = row(
    'gaussian',
    [o.mu],
    [o.y],
    Array.from(mseLossBackward(tensor([o.mu]), tensor([o.y])).data, (g) => g / 2),
  );
  return [categorical, bernoulli, gaussian];
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

/** Check a chapter's props, so an authoring slip fails the build with a clear message. */
export function validateObservation(o: Observation, labels: readonly string[] | undefined): void {
  const fail = (message: string): never => {
    throw new Error(`ExpectedMinusObserved: ${message}`);
  };
  const { logits } = o;
  if (logits.length < 2 || logits.length > 8 || !logits.every(Number.isFinite)) {
    fail(`logits must be 2–8 finite numbers, got [${logits.join(', ')}]`);
  }
  if (
    !Number.isInteger(o.observedClass) ||
    o.observedClass < 0 ||
    o.observedClass >= logits.length
  ) {
    fail(`observedClass must be a class index 0–${logits.length - 1}, got ${o.observedClass}`);
  }
  for (const key of Object.keys(SCALAR_FIELDS) as ScalarKey[]) {
    const { name, min, max } = SCALAR_FIELDS[key];
    const value = o[key];
    if (!Number.isFinite(value) || (key === 't' && (value < min || value > max))) {
      fail(
        `${key} (${name}) must be a finite number${key === 't' ? ' in [0, 1]' : ''}, got ${value}`,
      );
    }
  }
  if (labels !== undefined && labels.length !== logits.length) {
    fail(`labels must match logits in length (${logits.length}), got ${labels.length}`);
  }
}
