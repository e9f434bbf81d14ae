// State of the loss and gradient plot: the logits (the true class's one swept along the x axis),
// cross-entropy and squared error on the softmax at the point and along the sweep, and their
// gradients with respect to the true-class logit. Every loss-core call of the cell is made here.
import { crossEntropy, crossEntropyBackward, formatTensor, tensor } from '../../../src/loss/index';
import type { PyTorchProgram } from '../../../src/pytorch/program';
import { formatFixed, formatTuple, subscript } from '../shared/format';
import { errorLine, NumberInput } from '../shared/number-input.svelte.ts';
import { PropsCheck, type FigureWidth, type WidgetFrameProps } from '../shared/props';
import { softmaxMseWithGrad } from '../shared/softmax-mse';
import { timed } from '../shared/timed';
import type { StateReader } from '../shared/state-link';
import { encodeNumbers, type ShareableState } from '../shared/url-state';
import { DEFAULT_LOGITS, LOGIT_RANGE, plotProgramCode, ratioText, sampleLogits } from './helpers';

/** Cross-entropy and squared error on the softmax, and their gradients, plotted against the true-class logit, with a point to drag and both gradients' ratio. */
export interface LossGradientPlotProps extends WidgetFrameProps {
  /** How wide the cell is. @default 'body' */
  width?: FigureWidth;
  /** Starting logits, 2 to 8 numbers in [−8, 8]; the true class's is the one the plot sweeps. @default [-4, 2, 0] */
  logits?: readonly number[];
  /** The true class k, 0-based as PyTorch's targets. @default 0 */
  trueClass?: number;
}

/** Both losses and both full gradients at one set of logits, as the core computes them. */
export interface Evaluation {
  /** ŷ_k, the true class's probability. */
  readonly probability: number;
  readonly crossEntropy: number;
  /** F.mse_loss(softmax(o), one-hot y): the mean over the C entries. */
  readonly squaredError: number;
  readonly crossEntropyGradient: readonly number[];
  readonly squaredErrorGradient: readonly number[];
  /** The two losses and two gradients as the cell's PyTorch program prints them (the point only). */
  readonly tensors: readonly string[];
}

/** The two losses and their gradients with respect to logits o, for true class k; `print` formats them as PyTorch does. */
export function evaluate(logits: readonly number[], k: number, print = true): Evaluation {
  const o = tensor([[...logits]]);
  const target = tensor([k], 'int64');
  const oneHot = tensor([logits.map((_, j) => (j === k ? 1 : 0))]);
  const ce = crossEntropy(o, target);
  const ceGrad = crossEntropyBackward(o, target);
  const { probabilities, loss: mse, grad: mseGrad } = softmaxMseWithGrad(o, oneHot);
  return {
    probability: probabilities.data[k] as number,
    crossEntropy: ce.data[0] as number,
    squaredError: mse.data[0] as number,
    crossEntropyGradient: Array.from(ceGrad.data),
    squaredErrorGradient: Array.from(mseGrad.data),
    tensors: print ? [ce, ceGrad, mse, mseGrad].map((t) => formatTensor(t)) : [],
  };
}

/** The four curves against o_k, the other logits held where they are. */
export interface Curves {
  readonly logits: readonly number[];
  readonly probability: readonly number[];
  readonly crossEntropy: readonly number[];
  readonly squaredError: readonly number[];
  /** ∂ℓ/∂o_k for each loss. */
  readonly crossEntropyGradient: readonly number[];
  readonly squaredErrorGradient: readonly number[];
}

/** Sweep o_k over the plot's range with the other logits fixed. */
export function sweep(others: readonly number[], k: number): Curves {
  const logits = sampleLogits();
  const points = logits.map((t) =>
    evaluate([...others.slice(0, k), t, ...others.slice(k)], k, false),
  );
  return {
    logits,
    probability: points.map((e) => e.probability),
    crossEntropy: points.map((e) => e.crossEntropy),
    squaredError: points.map((e) => e.squaredError),
    crossEntropyGradient: points.map((e) => e.crossEntropyGradient[k] as number),
    squaredErrorGradient: points.map((e) => e.squaredErrorGradient[k] as number),
  };
}

export class LossGradientPlotState implements ShareableState {
  readonly cellId: string;
  /** One field per logit, named logit o₁, o₂, …; the true class's has a slider too. */
  readonly logitInputs: readonly NumberInput[];
  readonly trueClass: number;
  readonly width: FigureWidth;

  readonly logits: number[] = $derived.by(() => this.logitInputs.map((input) => input.value));
  /** The last other logits handed to the sweep (plain, not reactive: only `others` reads it). */
  private lastOthers: readonly number[] = [];
  /**
   * The other logits; the same array while their values stay the same, so the sweep reruns only
   * when one of them changes, not on every move of the point.
   */
  private readonly others: readonly number[] = $derived.by(() => {
    const next = this.logits.filter((_, j) => j !== this.trueClass);
    const same =
      next.length === this.lastOthers.length && next.every((v, j) => v === this.lastOthers[j]);
    if (!same) this.lastOthers = next;
    return this.lastOthers;
  });
  // Both recomputes are measured: the sweep when another logit changes, the point on every move.
  readonly curves: Curves = $derived.by(() =>
    timed('loss-gradient-plot', () => sweep(this.others, this.trueClass)),
  );
  readonly point: Evaluation = $derived.by(() =>
    timed('loss-gradient-plot', () => evaluate(this.logits, this.trueClass)),
  );
  readonly program: PyTorchProgram = $derived.by(() => ({
    code: plotProgramCode(this.logits, this.trueClass),
    printed: this.point.tensors.join('\n'),
  }));

  constructor(props: LossGradientPlotProps = {}) {
    const check = new PropsCheck('LossGradientPlot');
    const logits = props.logits ?? DEFAULT_LOGITS;
    check.vector('logits', logits, LOGIT_RANGE);
    const trueClass = props.trueClass ?? 0;
    check.classIndex('trueClass', trueClass, logits.length);
    this.width = check.width(props.width, 'body');
    this.cellId = check.cellId(props.cellId, 'loss-gradient-plot');
    this.trueClass = trueClass;
    this.logitInputs = logits.map(
      (value, j) =>
        new NumberInput({
          name: `logit o${subscript(j + 1)}`,
          min: LOGIT_RANGE.min,
          max: LOGIT_RANGE.max,
          value,
        }),
    );
  }

  // Cheap reads of `point` are getters rather than $derived fields: as reactive in the markup,
  // and lighter in the page's JavaScript.
  /** The swept logit o_k where the point is. */
  get trueLogit(): number {
    return this.logits[this.trueClass] as number;
  }

  /** ∂ℓ_CE/∂o_k at the point. */
  get crossEntropySlope(): number {
    return this.point.crossEntropyGradient[this.trueClass] as number;
  }

  /** ∂ℓ_MSE/∂o_k at the point. */
  get squaredErrorSlope(): number {
    return this.point.squaredErrorGradient[this.trueClass] as number;
  }

  /** How many times cross-entropy's gradient on o_k exceeds squared error's, as printed. */
  get ratio(): string {
    return ratioText(this.crossEntropySlope, this.squaredErrorSlope);
  }

  /** Why a field's text is not used, or null. */
  get error(): string | null {
    return errorLine(...this.logitInputs);
  }

  /** The state in one sentence, for screen readers. */
  get summary(): string {
    const f = formatFixed;
    // The point's logit to 4 decimals as the values are, trailing zeros dropped: a typed 0.25 reads 0.25.
    const logit = f(this.trueLogit, 4).replace(/(\.\d*?\d)0+$/, '$1');
    return (
      `At ${this.name} = ${logit}, ŷ${this.index} = ${f(this.point.probability, 4)}: ` +
      `cross-entropy ${f(this.point.crossEntropy, 4)} with gradient ${f(this.crossEntropySlope, 4)}, ` +
      `squared error ${f(this.point.squaredError, 4)} with gradient ${f(this.squaredErrorSlope, 4)}; ` +
      `cross-entropy's gradient is ${this.ratio} times as large.`
    );
  }

  /** The inputs in words, the caption of the printed cell: the logits and the swept one. */
  get parameters(): string {
    return `logits o = ${formatTuple(this.logits)}, true class k = ${this.trueClass} (${this.name} swept)`;
  }

  /** The true class's subscript as the formulas write it: 1 for class index 0. */
  get index(): string {
    return subscript(this.trueClass + 1);
  }

  /** The swept logit's name, o₁ for class index 0. */
  get name(): string {
    return `o${this.index}`;
  }

  /** Take a logit field's text. */
  setLogit(j: number, text: string): void {
    this.logitInputs[j]?.set(text);
  }

  /** Move the point: the slider, a drag or a click on the plot. */
  setTrueLogit(value: number): void {
    this.logitInputs[this.trueClass]?.setValue(value);
  }

  /** The link's state: the logits `o`, the true class's included. */
  shareState(): Record<string, string> {
    return { o: encodeNumbers(this.logits) };
  }

  /** Take a link's logits, one per class of this cell, each in the plot's range; or say what was wrong. */
  restoreState(read: StateReader): string | null {
    const count = this.logitInputs.length;
    const logits = read.numbers('o', {
      min: LOGIT_RANGE.min,
      max: LOGIT_RANGE.max,
      minLength: count,
      maxLength: count,
    });
    const done = read.done(logits);
    if (typeof done === 'string') return done;
    this.logitInputs.forEach((input, j) => input.setValue(done[0][j] as number));
    return null;
  }
}
