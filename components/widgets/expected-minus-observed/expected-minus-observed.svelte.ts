// State of the expected-minus-observed cell: the reader's natural parameters and observations
// for three exponential families, and the rows the loss core computes from them. Every
// loss-core call of the cell is made here; helpers.ts stays pure.
import {
  binaryCrossEntropyWithLogitsBackward,
  crossEntropyBackward,
  mseLossBackward,
  oneHot,
  softmax,
  tensor,
} from '../../../src/loss/index';
import { formatFixed, subscript } from '../shared/format';
import { errorLine, NumberInput } from '../shared/number-input.svelte.ts';
import { PropsCheck, type FigureWidth, type WidgetFrameProps } from '../shared/props';
import { timed } from '../shared/timed';
import {
  DEFAULT_OBSERVATION,
  familyCalls,
  familyRow,
  LOGIT_RANGE,
  SCALAR_FIELDS,
  SCALAR_KEYS,
  type FamilyRow,
  type Observation,
  type ScalarKey,
} from './helpers';

export interface ExpectedMinusObservedProps extends WidgetFrameProps {
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

/** All three rows for one observation, every E[T] and gradient from the loss core: O(C). */
function familyRows(o: Observation): FamilyRow[] {
  const logits = tensor([[...o.logits]]);
  const index = tensor([o.observedClass], 'int64');
  const categorical = familyRow(
    'categorical',
    Array.from(softmax(tensor([...o.logits])).data),
    Array.from(oneHot(index, { numClasses: o.logits.length }).data),
    Array.from(crossEntropyBackward(logits, index).data),
  );
  // σ(η) is the two-class softmax with the second logit pinned at 0 (the appendix's minimal form).
  const bernoulli = familyRow(
    'bernoulli',
    [softmax(tensor([o.eta, 0])).data[0] as number],
    [o.t],
    Array.from(binaryCrossEntropyWithLogitsBackward(tensor([o.eta]), tensor([o.t])).data),
  );
  // MSELoss is (μ − y)², without the Gaussian's ½, so its gradient is halved to compare.
  const gaussian = familyRow(
    'gaussian',
    [o.mu],
    [o.y],
    Array.from(mseLossBackward(tensor([o.mu]), tensor([o.y])).data, (g) => g / 2),
  );
  return [categorical, bernoulli, gaussian];
}

export class ExpectedMinusObservedState {
  /** One field per logit, named logit o₁, o₂, … */
  readonly logitInputs: readonly NumberInput[];
  /** η, t, μ and y, each with its own name and bounds (see SCALAR_FIELDS). */
  readonly scalarInputs: Readonly<Record<ScalarKey, NumberInput>>;
  observedClass: number = $state(0);
  readonly labels: readonly string[];
  readonly width: FigureWidth;

  // $derived.by: the inputs are set in the constructor, which TypeScript cannot see through
  // $derived(expression); the deriveds are lazy, so they read them only after it has run.
  readonly logits: number[] = $derived.by(() => this.logitInputs.map((input) => input.value));
  readonly observation: Observation = $derived.by(() => ({
    logits: this.logits,
    observedClass: this.observedClass,
    eta: this.scalarInputs.eta.value,
    t: this.scalarInputs.t.value,
    mu: this.scalarInputs.mu.value,
    y: this.scalarInputs.y.value,
  }));
  readonly rows: FamilyRow[] = $derived(
    timed('expected-minus-observed', () => familyRows(this.observation)),
  );
  readonly call: string = $derived(familyCalls(this.observation));
  readonly error: string | null = $derived.by(() =>
    errorLine(...this.logitInputs, ...SCALAR_KEYS.map((key) => this.scalarInputs[key])),
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
    const check = new PropsCheck('ExpectedMinusObserved');
    const d = DEFAULT_OBSERVATION;
    const logits = props.logits ?? d.logits;
    const observedClass = props.observedClass ?? d.observedClass;
    const scalars: Record<ScalarKey, number> = {
      eta: props.eta ?? d.eta,
      t: props.t ?? d.t,
      mu: props.mu ?? d.mu,
      y: props.y ?? d.y,
    };
    check.vector('logits', logits, LOGIT_RANGE);
    check.classIndex('observedClass', observedClass, logits.length);
    for (const key of SCALAR_KEYS) check.number(key, scalars[key], SCALAR_FIELDS[key].bounds);
    check.sameLength('labels', props.labels, 'logits', logits.length);
    this.width = check.width(props.width, 'page');
    this.logitInputs = logits.map(
      (value, i) => new NumberInput({ name: `logit o${subscript(i + 1)}`, ...LOGIT_RANGE, value }),
    );
    const scalar = (key: ScalarKey) =>
      new NumberInput({
        name: SCALAR_FIELDS[key].name,
        ...SCALAR_FIELDS[key].bounds,
        value: scalars[key],
      });
    this.scalarInputs = { eta: scalar('eta'), t: scalar('t'), mu: scalar('mu'), y: scalar('y') };
    this.observedClass = observedClass;
    this.labels = props.labels ?? logits.map((_, c) => `class ${c}`);
  }

  /** Pick the observed class of the categorical row. */
  setObservedClass(k: number): void {
    if (Number.isInteger(k) && k >= 0 && k < this.logits.length) this.observedClass = k;
  }
}
