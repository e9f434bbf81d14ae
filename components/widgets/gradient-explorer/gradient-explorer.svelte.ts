// State of the gradient explorer: logits, a target (class or distribution), the core's loss
// and closed-form gradient, a finite-difference check, and gradient descent on the logits.
import { crossEntropy, crossEntropyBackward, tensor } from '../../../src/loss/index';
import { formatFixed } from '../shared/format';
import { parseNumberField } from '../shared/number-field';
import { timed } from '../shared/timed';
import {
  DEFAULT_LOGITS,
  finiteDifferenceGradient,
  gradientCall,
  HISTORY_LIMIT,
  LEARNING_RATE_RANGE,
  normalise,
  targetDistribution,
  targetTensor,
  type Target,
} from './helpers';

export interface GradientExplorerProps {
  /** Starting logits, 2 to 8 finite numbers. @default [1, 2, 0.5] */
  logits?: readonly number[];
  /** The true class. @default 0 */
  trueClass?: number;
  /** A name per class. */
  labels?: readonly string[];
}

/** Loss, gradient and its finite-difference check for one state. */
interface Evaluation {
  readonly loss: number;
  readonly gradient: number[];
  readonly numeric: number[];
  readonly maxDifference: number;
}

function evaluate(logits: readonly number[], target: Target): Evaluation {
  const o = tensor([[...logits]]);
  const y = targetTensor(target);
  const gradient = Array.from(crossEntropyBackward(o, y).data);
  const numeric = finiteDifferenceGradient(logits, target);
  return {
    loss: crossEntropy(o, y).data[0] as number,
    gradient,
    numeric,
    maxDifference: Math.max(...gradient.map((g, j) => Math.abs(g - (numeric[j] as number)))),
  };
}

export class GradientExplorerState {
  logits: number[] = $state([]);
  texts: string[] = $state([]);
  /** 'class' targets one class; 'soft' uses the weights below, normalised. */
  mode: 'class' | 'soft' = $state('class');
  trueClass: number = $state(0);
  softWeights: number[] = $state([]);
  softTexts: string[] = $state([]);
  learningRate: number = $state(1);
  learningRateText: string = $state('1');
  /** Loss after each step, starting with the current one. */
  history: number[] = $state([]);
  errors: Record<string, string | null> = $state({});
  readonly labels: readonly string[];

  readonly target: Target = $derived(this.currentTarget());
  readonly y: number[] = $derived(targetDistribution(this.target, this.logits.length));
  readonly evaluation: Evaluation = $derived(
    timed('gradient-explorer', () => evaluate(this.logits, this.target)),
  );
  readonly call: string = $derived(gradientCall(this.logits, this.target));
  readonly error: string | null = $derived(
    Object.values(this.errors).find((e) => e !== null) ?? null,
  );
  readonly summary: string = $derived(
    `Loss ${formatFixed(this.evaluation.loss, 4)}; gradient ` +
      this.evaluation.gradient.map((g, j) => `${this.labels[j]} ${formatFixed(g, 4)}`).join(', ') +
      `; finite differences agree to ${this.evaluation.maxDifference.toExponential(1)}.`,
  );

  constructor(props: GradientExplorerProps = {}) {
    const logits = [...(props.logits ?? DEFAULT_LOGITS)];
    if (logits.length < 2 || logits.length > 8 || !logits.every(Number.isFinite)) {
      throw new Error(
        `GradientExplorer: logits must be 2–8 finite numbers, got [${logits.join(', ')}]`,
      );
    }
    const trueClass = props.trueClass ?? 0;
    if (!Number.isInteger(trueClass) || trueClass < 0 || trueClass >= logits.length) {
      throw new Error(
        `GradientExplorer: trueClass must be a class index 0–${logits.length - 1}, got ${trueClass}`,
      );
    }
    if (props.labels !== undefined && props.labels.length !== logits.length) {
      throw new Error(
        `GradientExplorer: labels must match logits in length (${logits.length}), got ${props.labels.length}`,
      );
    }
    this.logits = logits;
    this.texts = logits.map(String);
    this.trueClass = trueClass;
    this.softWeights = logits.map((_, c) => (c === trueClass ? 0.8 : 0.2 / (logits.length - 1)));
    this.softTexts = this.softWeights.map((w) => String(Number(w.toPrecision(6))));
    this.labels = props.labels ?? logits.map((_, c) => `class ${c}`);
  }

  private currentTarget(): Target {
    if (this.mode === 'class') return { kind: 'class', index: this.trueClass };
    const normalised = normalise(this.softWeights);
    return normalised.ok
      ? { kind: 'soft', y: normalised.y }
      : { kind: 'class', index: this.trueClass };
  }

  /** Take a logit field's text; keep the last valid value when it is not a number. */
  setLogit(j: number, text: string): void {
    this.texts[j] = text;
    const parsed = parseNumberField(text, { name: `logit o${j + 1}`, min: -1e6, max: 1e6 });
    if (parsed.ok) this.logits[j] = parsed.value;
    this.errors[`logit${j}`] = parsed.ok
      ? null
      : `${parsed.message} Still using ${this.logits[j]}.`;
    this.history = [];
  }

  /** Take a soft-target weight; all-zero weights are explained and the class target is used. */
  setSoftWeight(j: number, text: string): void {
    this.softTexts[j] = text;
    const parsed = parseNumberField(text, { name: `target weight y${j + 1}`, min: 0 });
    if (parsed.ok) this.softWeights[j] = parsed.value;
    const normalised = normalise(this.softWeights);
    this.errors[`soft${j}`] = parsed.ok
      ? null
      : `${parsed.message} Still using ${this.softWeights[j]}.`;
    this.errors['softTotal'] = normalised.ok ? null : normalised.message;
    this.history = [];
  }

  setMode(mode: 'class' | 'soft'): void {
    this.mode = mode;
    this.history = [];
  }

  setTrueClass(index: number): void {
    this.trueClass = index;
    this.history = [];
  }

  setLearningRate(text: string): void {
    this.learningRateText = text;
    const parsed = parseNumberField(text, {
      name: 'learning rate',
      min: LEARNING_RATE_RANGE.min,
      max: 100,
    });
    if (parsed.ok) this.learningRate = parsed.value;
    this.errors['learningRate'] = parsed.ok
      ? null
      : `${parsed.message} Still using ${this.learningRate}.`;
  }

  /** One step of gradient descent on the logits: o ← o − η·∇L, recording the loss curve. */
  step(count = 1): void {
    if (this.history.length === 0) this.history = [this.evaluation.loss];
    for (let s = 0; s < count; s++) {
      const gradient = this.evaluation.gradient;
      this.logits = this.logits.map((o, j) =>
        Number((o - this.learningRate * (gradient[j] as number)).toPrecision(12)),
      );
      this.history = [...this.history, this.evaluation.loss].slice(-HISTORY_LIMIT);
    }
    this.texts = this.logits.map(String);
  }
}
