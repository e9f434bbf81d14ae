// State of the distribution explorer: the reader's entries for p and q, the distributions they
// renormalise to, and the entropy, cross-entropy and both KL divergences the loss core derives.
import {
  distributionCrossEntropy,
  entropy,
  klDivergence,
  tensor,
  toArray,
  type Tensor,
} from '../../../src/loss/index';
import type { PyTorchProgram } from '../../../src/pytorch/program';
import { formatTuple, subscript } from '../shared/format';
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
  defaultLabel,
  formatDistribution,
  formatInformation,
  identityScale,
  infinityReason,
  informationCode,
  informationPrinted,
  missingSupport,
  normalise,
  probabilitiesWith,
  renormalisationNote,
  resolveDistributions,
  unitOptions,
  weightSum,
  type Unit,
} from './helpers';

/** Two distributions p and q to edit, with H(p), H(p, q) and both KL divergences, and H(p, q) = H(p) + D_KL(p‖q) drawn as one bar. */
export interface DistributionExplorerProps extends WidgetFrameProps {
  /** How wide the cell is. @default 'page' */
  width?: FigureWidth;
  /** Starting weights of p, renormalised to sum to 1. @default [0.5, 0.25, 0.125, 0.125] (uniform when only q is given) */
  p?: readonly number[];
  /** Starting weights of q, renormalised to sum to 1. @default uniform over p's outcomes */
  q?: readonly number[];
  /** A name per outcome. @default ['a', 'b', …] */
  labels?: readonly string[];
}

/** The four quantities the cell shows, each straight from the loss core. */
export interface Information {
  readonly entropy: number;
  readonly crossEntropy: number;
  readonly klPQ: number;
  readonly klQP: number;
}

/** Run the core's four calls on one pair of distributions: O(C) each. */
function informationOf(p: readonly number[], q: readonly number[], unit: Unit): Information {
  const [tp, tq] = [tensor([...p]), tensor([...q])];
  const options = unitOptions(unit);
  const value = (t: Tensor) => toArray(t) as number;
  return {
    entropy: value(entropy(tp, options)),
    crossEntropy: value(distributionCrossEntropy(tp, tq, options)),
    klPQ: value(klDivergence(tp, tq, options)),
    klQP: value(klDivergence(tq, tp, options)),
  };
}

/** One distribution's inputs: a NumberInput per outcome, and the weights the cell uses. */
export class WeightsInput {
  /** One field per outcome, named p₁, p₂, … (or q₁, …), each a weight ≥ 0. */
  fields: NumberInput[] = $state([]);
  /** The weights in use: the fields' weights, or the last ones that could be renormalised. */
  used: number[] = $state([]);
  readonly name: 'p' | 'q';

  /** Each field's last valid weight. */
  readonly weights: number[] = $derived(this.fields.map((field) => field.value));
  readonly total: number = $derived(weightSum(this.used));
  readonly distribution: number[] = $derived(this.used.map((w) => w / this.total));
  // $derived.by: name is set in the constructor (see DistributionExplorerState.count).
  readonly note: string = $derived.by(() => renormalisationNote(this.name, this.total));
  /** Why the fields' weights cannot be a distribution right now, or null. */
  readonly totalError: string | null = $derived.by(() => {
    const normalised = normalise(this.name, this.weights);
    return normalised.ok
      ? null
      : `${normalised.message} Still using ${this.name} = ${formatDistribution(this.distribution)}.`;
  });

  constructor(name: 'p' | 'q', weights: readonly number[]) {
    this.name = name;
    this.fields = weights.map((weight, i) => this.field(i, weight));
    this.used = [...weights];
  }

  /** Take a field's text: a number ≥ 0 becomes the weight, anything else is explained. */
  setText(i: number, text: string): void {
    if (this.fields[i]?.set(text)) this.adopt();
  }

  /**
   * Drag a bar or slide a slider: give outcome i the probability `target` and rescale the
   * others, rewriting every field, so the fields hold exactly the probabilities the table shows.
   */
  setProbability(i: number, target: number): void {
    const next = probabilitiesWith(this.distribution, i, target);
    next.forEach((value, j) => this.fields[j]?.setValue(value));
    this.adopt();
  }

  /** Add an outcome of weight 0, so the distribution is unchanged until the reader gives it some. */
  append(): void {
    this.fields.push(this.field(this.fields.length, 0));
    this.used.push(0);
  }

  /** Whether dropping the last outcome would still leave weights that can be renormalised. */
  canDropLast(): boolean {
    return [this.weights, this.used].some((w) => normalise(this.name, w.slice(0, -1)).ok);
  }

  /** Take a whole set of weights (a link's), each field as if the reader had typed it. */
  replace(weights: readonly number[]): void {
    this.fields = weights.map((weight, i) => this.field(i, weight));
    this.used = [...weights];
  }

  /** Drop the last outcome; callers check canDropLast first. */
  dropLast(): void {
    this.fields.pop();
    this.used.pop();
    this.adopt();
  }

  /** The reader-facing name of entry i, e.g. "q₂", in its field, its messages and its bar. */
  nameOf(i: number): string {
    return `${this.name}${subscript(i + 1)}`;
  }

  /** The field of outcome i: a weight ≥ 0. */
  private field(i: number, weight: number): NumberInput {
    return new NumberInput({ name: this.nameOf(i), min: 0, value: weight });
  }

  /** Use the fields' weights whenever they form a distribution; otherwise keep the last ones. */
  private adopt(): void {
    if (normalise(this.name, this.weights).ok) this.used = [...this.weights];
  }
}

/** The whole cell: p and q over the same outcomes, the unit, and what the core makes of them. */
export class DistributionExplorerState implements ShareableState {
  readonly cellId: string;
  readonly p: WeightsInput;
  readonly q: WeightsInput;
  /** Bits (log base 2) or nats (natural log). */
  unit: Unit = $state('bits');
  /** Why the last "remove outcome" was refused, until the next change. */
  removeError: string | null = $state(null);
  private readonly givenLabels: readonly string[];
  readonly width: FigureWidth;

  // p and q are set in the constructor, so what reads them directly sits in $derived.by: the
  // deriveds are lazy, but TypeScript cannot see that through $derived(expression).
  readonly count: number = $derived.by(() => this.p.used.length);
  readonly labels: string[] = $derived(
    Array.from({ length: this.count }, (_, i) => this.givenLabels[i] ?? defaultLabel(i)),
  );
  readonly canAdd: boolean = $derived(this.count < VECTOR_LENGTH.max);
  readonly canRemove: boolean = $derived(this.count > VECTOR_LENGTH.min);
  readonly information: Information = $derived.by(() =>
    timed('distribution-explorer', () =>
      informationOf(this.p.distribution, this.q.distribution, this.unit),
    ),
  );
  /** Why H(p, q) and D_KL(p‖q) are infinite, or null. */
  readonly crossReason: string | null = $derived.by(() =>
    infinityReason('p', 'q', missingSupport(this.p.distribution, this.q.distribution)),
  );
  /** Why D_KL(q‖p) is infinite, or null. */
  readonly reverseReason: string | null = $derived.by(() =>
    infinityReason('q', 'p', missingSupport(this.q.distribution, this.p.distribution)),
  );
  /** The track of the identity bar, in the current unit. */
  readonly scale: number = $derived(
    identityScale(this.count, this.unit, this.information.crossEntropy),
  );
  /** The PyTorch program for this state and what it prints (the core's four values). */
  readonly program: PyTorchProgram = $derived.by(() => ({
    code: informationCode(this.p.distribution, this.q.distribution, this.unit),
    printed: informationPrinted(
      [
        this.information.entropy,
        this.information.crossEntropy,
        this.information.klPQ,
        this.information.klQP,
      ],
      this.unit,
    ),
  }));
  readonly error: string | null = $derived.by(() =>
    errorLine(
      ...this.p.fields,
      ...this.q.fields,
      this.p.totalError,
      this.q.totalError,
      this.removeError,
    ),
  );
  readonly summary: string = $derived.by(
    () =>
      `Over ${this.count} outcomes, p = ${formatDistribution(this.p.distribution)} and ` +
      `q = ${formatDistribution(this.q.distribution)} give ` +
      `H(p) = ${this.show(this.information.entropy)}, ` +
      `H(p, q) = ${this.show(this.information.crossEntropy)}, ` +
      `KL(p‖q) = ${this.show(this.information.klPQ)} and ` +
      `KL(q‖p) = ${this.show(this.information.klQP)}.`,
  );

  /** The inputs in words, the caption of the printed cell: the weights as typed, and the unit. */
  readonly parameters: string = $derived.by(
    () =>
      `weights p = ${formatTuple(this.p.used)} and q = ${formatTuple(this.q.used)}, ` +
      `unit ${this.unit}`,
  );

  constructor(props: DistributionExplorerProps = {}) {
    const check = new PropsCheck('DistributionExplorer');
    const { p, q } = resolveDistributions(props.p, props.q);
    for (const [name, weights] of [
      ['p', p],
      ['q', q],
    ] as const) {
      check.vector(name, weights, { min: 0 });
      if (!normalise(name, weights).ok) {
        check.fail(name, 'have weights with a positive, finite total', weights);
      }
    }
    check.sameLength('q', q, 'p', p.length);
    check.sameLength('labels', props.labels, 'p', p.length);
    this.width = check.width(props.width, 'page');
    this.cellId = check.cellId(props.cellId, 'distribution-explorer');
    this.p = new WeightsInput('p', p);
    this.q = new WeightsInput('q', q);
    this.givenLabels = props.labels ?? [];
  }

  /** An information quantity with its unit, as every output shows it. */
  show(value: number): string {
    return formatInformation(value, this.unit);
  }

  /** Take the text of p's or q's field i (see WeightsInput.setText). */
  setText(name: 'p' | 'q', i: number, text: string): void {
    this[name].setText(i, text);
    this.removeError = null;
  }

  /** Set p's or q's probability i from its dragged bar. */
  setProbability(name: 'p' | 'q', i: number, target: number): void {
    this[name].setProbability(i, target);
    this.removeError = null;
  }

  /** Switch between bits and nats; the core recomputes with the matching log base. */
  setUnit(unit: Unit): void {
    this.unit = unit;
    this.removeError = null;
  }

  /** Add an outcome (weight 0 in both p and q), up to the maximum. */
  addOutcome(): void {
    if (!this.canAdd) return;
    this.p.append();
    this.q.append();
    this.removeError = null;
  }

  /** Remove the last outcome from both p and q, down to the minimum, unless it holds all of one's weight. */
  removeOutcome(): void {
    if (!this.canRemove) return;
    const label = this.labels[this.count - 1] ?? defaultLabel(this.count - 1);
    const stuck = [this.p, this.q].find((input) => !input.canDropLast());
    if (stuck !== undefined) {
      this.removeError = `Cannot remove ${label}: it holds all of ${stuck.name}'s weight.`;
      return;
    }
    this.p.dropLast();
    this.q.dropLast();
    this.removeError = null;
  }

  /** The link's state: the weights `p` and `q` in use (as entered, before dividing) and the unit `u`. */
  shareState(): Record<string, string> {
    return { p: encodeNumbers(this.p.used), q: encodeNumbers(this.q.used), u: this.unit };
  }

  /**
   * Take a link's p and q (2–8 weights ≥ 0 each, as many in q as in p, each with a positive,
   * finite total, as the fields require) and unit, or say what was wrong and change nothing.
   */
  restoreState(read: StateReader): string | null {
    const rule = { minLength: VECTOR_LENGTH.min, maxLength: VECTOR_LENGTH.max, min: 0 };
    const weights = (name: 'p' | 'q') => {
      const values = read.numbers(name, rule);
      if (values === undefined || read.error !== null) return undefined;
      const normalised = normalise(name, values);
      if (!normalised.ok) read.error = `“${name}”: ${normalised.message.replace(/\.$/, '')}`;
      return values;
    };
    const p = weights('p');
    const q = weights('q');
    if (p !== undefined && q !== undefined && q.length !== p.length) {
      read.error ??= `“q” must have as many weights as “p” (${p.length}), got ${q.length}`;
    }
    const unit = read.choice('u', ['bits', 'nats'] as const);
    const done = read.done(p, q, unit);
    if (typeof done === 'string') return done;
    this.p.replace(done[0]);
    this.q.replace(done[1]);
    this.setUnit(done[2]);
    return null;
  }
}
