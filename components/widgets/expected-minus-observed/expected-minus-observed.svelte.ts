// State of the expected-minus-observed cell: the reader's natural parameters and observations
// for three exponential families; E[T] − T(x) from the loss core's softmax, checked against the
// slope of each family's negative log-likelihood (the core's forward losses) measured by central
// differences, an independent computation. Every loss-core call is made here; helpers.ts stays pure.
import {
  binaryCrossEntropyWithLogits,
  binaryCrossEntropyWithLogitsBackward,
  crossEntropy,
  crossEntropyBackward,
  formatTensor,
  mseLoss,
  oneHot,
  softmax,
  tensor,
} from '../../../src/loss/index';
import type { PyTorchProgram } from '../../../src/pytorch/program';
import { centralDifference } from '../shared/finite-difference';
import { formatFixed, formatPlain, formatTuple, subscript } from '../shared/format';
import { errorLine, NumberInput } from '../shared/number-input.svelte.ts';
import {
  PropsCheck,
  VECTOR_LENGTH,
  type FigureWidth,
  type WidgetFrameProps,
} from '../shared/props';
import type { StateReader } from '../shared/state-link';
import { timed } from '../shared/timed';
import { encodeNumbers, type ShareableState } from '../shared/url-state';
import {
  DEFAULT_OBSERVATION,
  familyProgramCode,
  familyRow,
  LOGIT_RANGE,
  SCALAR_FIELDS,
  SCALAR_KEYS,
  type FamilyRow,
  type Observation,
  type ScalarKey,
} from './helpers';

/** For the categorical, Bernoulli and Gaussian families, the expected minus the observed statistic beside the slope of the negative log-likelihood measured by central differences. */
export interface ExpectedMinusObservedProps extends WidgetFrameProps {
  /** How wide the cell is. @default 'page' */
  width?: FigureWidth;
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

/** The scalar a one-element loss tensor holds. */
const scalar = (t: { readonly data: ArrayLike<number> }): number => t.data[0] as number;

/**
 * All three rows for one observation: E[T] from the core's softmax, T(x) as observed, and the
 * slope of each NLL by central differences of the core's forward loss (no backward, no closed form).
 */
function familyRows(o: Observation): FamilyRow[] {
  const index = tensor([o.observedClass], 'int64');
  const categorical = familyRow(
    'categorical',
    Array.from(softmax(tensor([...o.logits])).data),
    Array.from(oneHot(index, { numClasses: o.logits.length }).data),
    centralDifference((logits) => scalar(crossEntropy(tensor([[...logits]]), index)), o.logits),
  );
  // σ(η) is the two-class softmax with the second logit pinned at 0 (the appendix's minimal form).
  const bernoulli = familyRow(
    'bernoulli',
    [softmax(tensor([o.eta, 0])).data[0] as number],
    [o.t],
    centralDifference(
      ([eta]) => scalar(binaryCrossEntropyWithLogits(tensor([eta ?? 0]), tensor([o.t]))),
      [o.eta],
    ),
  );
  // MSELoss is (μ − y)², without the Gaussian's ½: half of it is the unit Gaussian's NLL.
  const gaussian = familyRow(
    'gaussian',
    [o.mu],
    [o.y],
    centralDifference(([mu]) => scalar(mseLoss(tensor([mu ?? 0]), tensor([o.y]))) / 2, [o.mu]),
  );
  return [categorical, bernoulli, gaussian];
}

/** What the program prints: per family E[T] − T as torch computes it, then autograd's gradient. */
function familyProgram(o: Observation, rows: readonly FamilyRow[]): PyTorchProgram {
  const [categorical, bernoulli, gaussian] = rows;
  const logits = tensor([[...o.logits]]);
  const index = tensor([o.observedClass], 'int64');
  const printed = [
    formatTensor(tensor([[...(categorical?.difference ?? [])]])),
    formatTensor(crossEntropyBackward(logits, index)),
    formatTensor(tensor([...(bernoulli?.difference ?? [])])),
    formatTensor(binaryCrossEntropyWithLogitsBackward(tensor([o.eta]), tensor([o.t]))),
    formatTensor(tensor([...(gaussian?.difference ?? [])])),
    formatTensor(tensor([o.mu - o.y])),
  ];
  return { code: familyProgramCode(o), printed: printed.join('\n') };
}

export class ExpectedMinusObservedState implements ShareableState {
  readonly cellId: string;
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
  readonly program: PyTorchProgram = $derived(familyProgram(this.observation, this.rows));
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
      `the slopes measured by central differences agree to ${gap.toExponential(1)}.`
    );
  });

  /** The inputs in words, the caption of the printed cell. */
  readonly parameters: string = $derived.by(() =>
    [
      `logits o = ${formatTuple(this.logits)}`,
      `observed class k = ${this.observedClass}`,
      ...SCALAR_KEYS.map(
        (key) => `${SCALAR_FIELDS[key].name} = ${formatPlain(this.observation[key])}`,
      ),
    ].join(', '),
  );

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
    this.cellId = check.cellId(props.cellId, 'expected-minus-observed');
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

  /** The link's state: logits `o`, observed class `k`, and η, t, μ, y under their own names. */
  shareState(): Record<string, string> {
    const o = this.observation;
    return {
      o: encodeNumbers(o.logits),
      k: String(o.observedClass),
      ...Object.fromEntries(SCALAR_KEYS.map((key) => [key, String(o[key])])),
    };
  }

  /** Take a link's state within the fields' own bounds, or say what was wrong and change nothing. */
  restoreState(read: StateReader): string | null {
    const count = this.logitInputs.length;
    const logits = read.numbers('o', {
      minLength: 1,
      maxLength: VECTOR_LENGTH.max,
      ...LOGIT_RANGE,
    });
    if (logits !== undefined && logits.length !== count) {
      read.error ??= `“o” must have ${count} logits, one per class of this cell, got ${logits.length}`;
    }
    const observedClass = read.number('k', { min: 0, max: count - 1, integer: true });
    const scalars = SCALAR_KEYS.map((key) => read.number(key, SCALAR_FIELDS[key].bounds));
    const done = read.done(logits, observedClass, ...scalars);
    if (typeof done === 'string') return done;
    const [o, k, ...values] = done;
    o.forEach((value, i) => this.logitInputs[i]?.setValue(value));
    SCALAR_KEYS.forEach((key, i) => this.scalarInputs[key].setValue(values[i] as number));
    this.setObservedClass(k);
    return null;
  }
}
