// State of the expected-minus-observed cell: the reader's natural parameters and observations
// for three exponential families, and the rows the loss core computes from them.
import { formatFixed, subscript } from '../shared/format';
import { parseNumberField } from '../shared/number-field';
import { timed } from '../shared/timed';
import {
  DEFAULT_OBSERVATION,
  familyCalls,
  familyRows,
  LOGIT_RANGE,
  SCALAR_FIELDS,
  validateObservation,
  type FamilyRow,
  type Observation,
  type ScalarKey,
} from './helpers';

export interface ExpectedMinusObservedProps {
  /** Categorical logits o, 2 to 8 finite numbers. @default [2, 0.5, -1] */
  logits?: readonly number[];
  /** The observed class k. @default 1 */
  observedClass?: number;
  /** A name per class. @default ['class 0', …] */
  labels?: readonly string[];
  /** Bernoulli log-odds η. @default 0.8 */
  eta?: number;
  /** Bernoulli target t in [0, 1] (soft targets allowed). @default 0 */
  t?: number;
  /** Gaussian mean μ. @default 1.5 */
  mu?: number;
  /** Gaussian observation y. @default 0.4 */
  y?: number;
}

const SCALAR_KEYS = Object.keys(SCALAR_FIELDS) as ScalarKey[];

export class ExpectedMinusObservedState {
  logits: number[] = $state([]);
  logitTexts: string[] = $state([]);
  observedClass: number = $state(0);
  scalars: Record<ScalarKey, number> = $state({ eta: 0, t: 0, mu: 0, y: 0 });
  scalarTexts: Record<ScalarKey, string> = $state({ eta: '', t: '', mu: '', y: '' });
  /** Per-field problem (keys `logit<i>` and the scalar keys), or null. */
  errors: Record<string, string | null> = $state({});
  readonly labels: readonly string[];

  readonly observation: Observation = $derived({
    logits: this.logits,
    observedClass: this.observedClass,
    ...this.scalars,
  });
  readonly rows: FamilyRow[] = $derived(
    timed('expected-minus-observed', () => familyRows(this.observation)),
  );
  readonly call: string = $derived(familyCalls(this.observation));
  readonly error: string | null = $derived(
    Object.values(this.errors).find((e) => e !== null) ?? null,
  );
  readonly summary: string = $derived.by(() => {
    const [categorical, bernoulli, gaussian] = this.rows;
    const list = (v: readonly number[] | undefined) =>
      (v ?? []).map((x) => formatFixed(x, 4)).join(', ');
    const gap = Math.max(...this.rows.map((r) => r.gap));
    return (
      `Expected minus observed: softmax(o) − eₖ = (${list(categorical?.difference)}), ` +
      `σ(η) − t = ${list(bernoulli?.difference)}, μ − y = ${list(gaussian?.difference)}; ` +
      `the core's gradients agree to ${gap.toExponential(1)}.`
    );
  });

  constructor(props: ExpectedMinusObservedProps = {}) {
    const d = DEFAULT_OBSERVATION;
    const observation: Observation = {
      logits: props.logits ?? d.logits,
      observedClass: props.observedClass ?? d.observedClass,
      eta: props.eta ?? d.eta,
      t: props.t ?? d.t,
      mu: props.mu ?? d.mu,
      y: props.y ?? d.y,
    };
    validateObservation(observation, props.labels);
    this.logits = [...observation.logits];
    this.logitTexts = observation.logits.map(String);
    this.observedClass = observation.observedClass;
    for (const key of SCALAR_KEYS) {
      this.scalars[key] = observation[key];
      this.scalarTexts[key] = String(observation[key]);
    }
    this.labels = props.labels ?? observation.logits.map((_, c) => `class ${c}`);
  }

  /** The reader-facing name of logit i, e.g. "logit o₂". */
  logitName(i: number): string {
    return `logit o${subscript(i + 1)}`;
  }

  /** Take a logit's text; keep the last valid value, with a message, when it is not a number. */
  setLogit(i: number, text: string): void {
    this.logitTexts[i] = text;
    const parsed = parseNumberField(text, { name: this.logitName(i), ...LOGIT_RANGE });
    if (parsed.ok) this.logits[i] = parsed.value;
    this.errors[`logit${i}`] = parsed.ok
      ? null
      : `${parsed.message} Still using ${this.logits[i]}.`;
  }

  /** Take η, t, μ or y as typed; t must stay in [0, 1], the others may be any finite number. */
  setScalar(key: ScalarKey, text: string): void {
    this.scalarTexts[key] = text;
    const { name, min, max } = SCALAR_FIELDS[key];
    const parsed = parseNumberField(text, key === 't' ? { name, min, max } : { name });
    if (parsed.ok) this.scalars[key] = parsed.value;
    this.errors[key] = parsed.ok ? null : `${parsed.message} Still using ${this.scalars[key]}.`;
  }

  /** Pick the observed class of the categorical row. */
  setObservedClass(k: number): void {
    if (Number.isInteger(k) && k >= 0 && k < this.logits.length) this.observedClass = k;
  }
}
