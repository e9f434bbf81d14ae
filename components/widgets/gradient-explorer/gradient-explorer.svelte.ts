// State of the gradient explorer: logits, a target (class or distribution), the core's loss
// and closed-form gradient, a finite-difference check, and gradient descent on the logits.
// Every loss-core call of the cell is made here; helpers.ts stays pure.
import {
  crossEntropy,
  crossEntropyBackward,
  formatTensor,
  softmax,
  tensor,
  type Tensor,
} from '../../../src/loss/index';
import type { PyTorchProgram } from '../../../src/pytorch/program';
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
import { centralDifference } from '../shared/finite-difference';
import {
  confidentlyWrongLogits,
  DEFAULT_LOGITS,
  gradientProgramCode,
  HISTORY_LIMIT,
  LEARNING_RATE_RANGE,
  LOGIT_RANGE,
  normalise,
  roundLogit,
  softWeightsFor,
  targetDistribution,
  type Target,
} from './helpers';

/** Cross-entropy's gradient ŷ − y beside finite differences, with bars for the gradient and gradient descent on the logits drawing its loss curve. */
export interface GradientExplorerProps extends WidgetFrameProps {
  /** How wide the cell is. @default 'page' */
  width?: FigureWidth;
  /** Starting logits, 2 to 8 finite numbers. @default [1, 2, 0.5] */
  logits?: readonly number[];
  /** The true class. @default 0 */
  trueClass?: number;
  /** A name per class. @default ['class 0', …] */
  labels?: readonly string[];
}

/** Loss, ŷ, gradient and its finite-difference check for one state, with what PyTorch prints. */
interface Evaluation {
  readonly loss: number;
  /** ŷ = softmax(o), the model's probabilities. */
  readonly probabilities: number[];
  readonly gradient: number[];
  readonly numeric: number[];
  readonly maxDifference: number;
  /** The loss, ŷ and the gradient as PyTorch prints them. */
  readonly printed: string;
}

/** The target as the core takes it: an int64 index tensor, or a probability row. */
function targetTensor(target: Target): Tensor {
  return target.kind === 'class' ? tensor([target.index], 'int64') : tensor([[...target.y]]);
}

/** The core's loss, ŷ, closed-form gradient, and central differences of that loss to check it. */
function evaluate(logits: readonly number[], target: Target): Evaluation {
  const o = tensor([[...logits]]);
  const y = targetTensor(target);
  const lossTensor = crossEntropy(o, y);
  const probabilities = softmax(o, { dim: 1 });
  const backward = crossEntropyBackward(o, y);
  const gradient = Array.from(backward.data);
  const numeric = centralDifference(
    (shifted) => crossEntropy(tensor([[...shifted]]), y).data[0] as number,
    logits,
  );
  return {
    loss: lossTensor.data[0] as number,
    probabilities: Array.from(probabilities.data),
    gradient,
    numeric,
    maxDifference: Math.max(...gradient.map((g, j) => Math.abs(g - (numeric[j] as number)))),
    printed: [lossTensor, probabilities, backward].map((t) => formatTensor(t)).join('\n'),
  };
}

export class GradientExplorerState implements ShareableState {
  readonly cellId: string;
  /** One field per logit, named logit o₁, o₂, … */
  readonly logitInputs: readonly NumberInput[];
  /** One field per soft-target weight, named weight y₁, y₂, … (normalised before use). */
  readonly softInputs: readonly NumberInput[];
  readonly learningRateInput = new NumberInput({
    name: 'learning rate η',
    min: LEARNING_RATE_RANGE.min,
    max: LEARNING_RATE_RANGE.typedMax,
    value: 1,
  });
  /** 'class' targets one class; 'soft' uses the weights above, normalised. */
  mode: 'class' | 'soft' = $state('class');
  trueClass: number = $state(0);
  /** Loss after each step, starting with the current one. */
  history: number[] = $state([]);
  readonly labels: readonly string[];
  readonly width: FigureWidth;
  private readonly initialLogits: readonly number[];

  // $derived.by: the inputs are set in the constructor, which TypeScript cannot see through
  // $derived(expression); the deriveds are lazy, so they read them only after it has run.
  readonly logits: number[] = $derived.by(() => this.logitInputs.map((input) => input.value));
  readonly learningRate: number = $derived(this.learningRateInput.value);
  /** Why the soft weights cannot be a distribution, or null. */
  readonly softError: string | null = $derived.by(() => {
    const normalised = normalise(this.softInputs.map((input) => input.value));
    return normalised.ok ? null : normalised.message;
  });
  readonly target: Target = $derived(this.currentTarget());
  readonly y: number[] = $derived(targetDistribution(this.target, this.logits.length));
  readonly evaluation: Evaluation = $derived(
    timed('gradient-explorer', () => evaluate(this.logits, this.target)),
  );
  readonly program: PyTorchProgram = $derived({
    code: gradientProgramCode(this.logits, this.target),
    printed: this.evaluation.printed,
  });
  readonly error: string | null = $derived.by(() =>
    errorLine(...this.logitInputs, ...this.softInputs, this.softError, this.learningRateInput),
  );
  readonly summary: string = $derived(
    `Loss ${formatFixed(this.evaluation.loss, 4)}; gradient ` +
      this.evaluation.gradient.map((g, j) => `${this.labels[j]} ${formatFixed(g, 4)}`).join(', ') +
      `; finite differences agree to ${this.evaluation.maxDifference.toExponential(1)}.`,
  );

  /** The inputs in words, the caption of the printed cell: soft weights as typed, when in use. */
  readonly parameters: string = $derived.by(
    () =>
      `logits o = ${formatTuple(this.logits)}, ` +
      (this.target.kind === 'class'
        ? `true class k = ${this.target.index}`
        : `soft target weights y = ${formatTuple(this.softInputs.map((input) => input.value))}`) +
      `, learning rate η = ${formatPlain(this.learningRate)}`,
  );

  constructor(props: GradientExplorerProps = {}) {
    const check = new PropsCheck('GradientExplorer');
    const logits = props.logits ?? DEFAULT_LOGITS;
    check.vector('logits', logits, LOGIT_RANGE);
    const trueClass = props.trueClass ?? 0;
    check.classIndex('trueClass', trueClass, logits.length);
    check.sameLength('labels', props.labels, 'logits', logits.length);
    this.width = check.width(props.width, 'page');
    this.cellId = check.cellId(props.cellId, 'gradient-explorer');
    this.logitInputs = logits.map(
      (value, j) => new NumberInput({ name: `logit o${subscript(j + 1)}`, ...LOGIT_RANGE, value }),
    );
    this.softInputs = softWeightsFor(trueClass, logits.length).map(
      (value, j) => new NumberInput({ name: `weight y${subscript(j + 1)}`, min: 0, value }),
    );
    this.trueClass = trueClass;
    this.initialLogits = [...logits];
    this.labels = props.labels ?? logits.map((_, c) => `class ${c}`);
  }

  /** The target in use: the class, or the soft weights normalised (the class while they cannot be). */
  private currentTarget(): Target {
    if (this.mode === 'class') return { kind: 'class', index: this.trueClass };
    const normalised = normalise(this.softInputs.map((input) => input.value));
    return normalised.ok
      ? { kind: 'soft', y: normalised.y }
      : { kind: 'class', index: this.trueClass };
  }

  /** Take a logit field's text; the loss curve starts again from the new logits. */
  setLogit(j: number, text: string): void {
    this.logitInputs[j]?.set(text);
    this.history = [];
  }

  /** Take a soft-target weight; all-zero weights are explained and the class target is used. */
  setSoftWeight(j: number, text: string): void {
    this.softInputs[j]?.set(text);
    this.history = [];
  }

  /** Switch between a class target and a soft one; the loss curve starts again. */
  setMode(mode: 'class' | 'soft'): void {
    this.mode = mode;
    this.history = [];
  }

  /** Pick the class target; the loss curve starts again. */
  setTrueClass(index: number): void {
    this.trueClass = index;
    this.history = [];
  }

  /** Start confidently wrong: the true class's logit well below a wrong favourite's. */
  confidentlyWrong(): void {
    const logits = confidentlyWrongLogits(this.trueClass, this.logitInputs.length);
    this.logitInputs.forEach((input, j) => input.setValue(logits[j] as number));
    this.history = [];
  }

  /** Back to the logits the chapter started the cell with. */
  reset(): void {
    this.logitInputs.forEach((input, j) => input.setValue(this.initialLogits[j] as number));
    this.history = [];
  }

  /** One step of gradient descent on the logits: o ← o − η·∇L, recording the loss curve. */
  step(count = 1): void {
    if (this.history.length === 0) this.history = [this.evaluation.loss];
    for (let s = 0; s < count; s++) {
      const gradient = this.evaluation.gradient;
      // The field shows the stepped logit rounded, and the cell goes on from what it shows.
      this.logitInputs.forEach((input, j) =>
        input.setValue(roundLogit(input.value - this.learningRate * (gradient[j] as number))),
      );
      this.history = [...this.history, this.evaluation.loss].slice(-HISTORY_LIMIT);
    }
  }

  /**
   * The link's state: logits `o`, true class `k`, target mode `m`, soft weights `y` and learning
   * rate `lr`, each as the cell uses it. Soft weights that cannot be normalised are not in use
   * (the class is), so the link then says so: mode class, with the starting soft weights.
   */
  shareState(): Record<string, string> {
    const weights = this.softInputs.map((input) => input.value);
    const usable = normalise(weights).ok;
    return {
      o: encodeNumbers(this.logits),
      k: String(this.trueClass),
      m: usable ? this.mode : 'class',
      y: encodeNumbers(usable ? weights : softWeightsFor(this.trueClass, weights.length)),
      lr: String(this.learningRate),
    };
  }

  /** Take a link's state within the fields' own limits, or say what was wrong and change nothing. */
  restoreState(read: StateReader): string | null {
    const count = this.logitInputs.length;
    const sameLength = (key: string, what: string, values: readonly number[] | undefined) => {
      if (values !== undefined && values.length !== count) {
        read.error ??= `“${key}” must have ${count} ${what}, one per class of this cell, got ${values.length}`;
      }
    };
    const logits = read.numbers('o', {
      minLength: 1,
      maxLength: VECTOR_LENGTH.max,
      ...LOGIT_RANGE,
    });
    sameLength('o', 'logits', logits);
    const trueClass = read.number('k', { min: 0, max: count - 1, integer: true });
    const mode = read.choice('m', ['class', 'soft'] as const);
    const weights = read.numbers('y', { minLength: 1, maxLength: VECTOR_LENGTH.max, min: 0 });
    sameLength('y', 'weights', weights);
    if (weights !== undefined && read.error === null) {
      const normalised = normalise(weights);
      if (!normalised.ok) read.error = `“y”: ${normalised.message.replace(/\.$/, '')}`;
    }
    const learningRate = read.number('lr', {
      min: LEARNING_RATE_RANGE.min,
      max: LEARNING_RATE_RANGE.typedMax,
    });
    const done = read.done(logits, trueClass, mode, weights, learningRate);
    if (typeof done === 'string') return done;
    const [o, k, m, y, lr] = done;
    o.forEach((value, j) => this.logitInputs[j]?.setValue(value));
    y.forEach((value, j) => this.softInputs[j]?.setValue(value));
    this.learningRateInput.setValue(lr);
    this.setTrueClass(k);
    this.setMode(m);
    return null;
  }
}
