// State of the training race: one data set and one start, two softmax-regression models trained
// side by side by plain gradient descent, one on cross-entropy and one on squared error between
// softmax outputs and one-hot targets. Every loss and every gradient with respect to the logits
// comes from the loss core; the model's own algebra (XW + b, Xᵀg, Σg) is model.ts.
import { crossEntropyWithGrad, formatTensor, tensor, type Tensor } from '../../../src/loss/index';
import type { PyTorchProgram } from '../../../src/pytorch/program';
import { formatFixed, formatPlain } from '../shared/format';
import { errorLine, NumberInput } from '../shared/number-input.svelte.ts';
import { PropsCheck, type FigureWidth, type WidgetFrameProps } from '../shared/props';
import { softmaxMseWithGrad } from '../shared/softmax-mse';
import { timed } from '../shared/timed';
import type { StateReader } from '../shared/state-link';
import type { ShareableState } from '../shared/url-state';
import {
  LEARNING_RATE_RANGE,
  MAX_STEPS,
  PROGRAM_STEPS,
  raceProgramCode,
  regionPaths,
  SEED_RANGE,
  percent,
} from './helpers';
import {
  accuracy,
  CLASSES,
  dataSet,
  descend,
  forward,
  gridInputs,
  initialWeights,
  INITS,
  parameterGradients,
  POINTS,
  predictions,
  type DataSet,
  type Init,
  type Weights,
} from './model';

/** One softmax-regression model trained on cross-entropy and on squared error side by side, with decision regions and loss curves. */
export interface TrainingRaceProps extends WidgetFrameProps {
  /** How wide the cell is. @default 'page' */
  width?: FigureWidth;
  /** The data set's seed, a whole number in [0, 2³² − 1]. @default 1 */
  seed?: number;
  /** The learning rate η of both models. @default 1 */
  learningRate?: number;
  /** How the weights start. @default 'small' */
  init?: Init;
}

/** The two losses, as the cell names them. */
export const LOSSES = ['cross-entropy', 'mse'] as const;
export type LossName = (typeof LOSSES)[number];

/** Steps per animation frame while playing. */
const STEPS_PER_FRAME = 2;

/** The data set's tensors as the core takes them: class indices and their one-hot rows. */
export interface Targets {
  readonly indices: Tensor;
  readonly oneHot: Tensor;
}

/** A data set's labels as int64 class indices and as float64 one-hot rows. */
export function targetsOf(data: DataSet): Targets {
  const indices: Tensor = { shape: [POINTS], dtype: 'int64', data: data.labels };
  // F.one_hot(y, 3).to(torch.float64): a 1 at each row's class, 0 elsewhere.
  const hot = new Float64Array(POINTS * CLASSES);
  data.labels.forEach((k, n) => (hot[n * CLASSES + k] = 1));
  return { indices, oneHot: { shape: [POINTS, CLASSES], dtype: 'float64', data: hot } };
}

/**
 * The mean loss of a batch of logits and its gradient with respect to them, from the core:
 * F.cross_entropy(logits, y), or F.mse_loss(F.softmax(logits, dim=1), one_hot) chained back
 * through softmax.
 */
export function lossAndGradient(
  loss: LossName,
  logits: Tensor,
  targets: Targets,
): { loss: number; gradient: ArrayLike<number> } {
  if (loss === 'cross-entropy') {
    const both = crossEntropyWithGrad(logits, targets.indices);
    return { loss: both.loss.data[0] as number, gradient: both.grad.data };
  }
  const { loss: value, grad } = softmaxMseWithGrad(logits, targets.oneHot);
  return { loss: value.data[0] as number, gradient: grad.data };
}

/** One model in the race: its weights, and the loss and logit gradient at them. */
export class Learner {
  readonly loss: LossName;
  readonly weights: Weights;
  /** Loss at the starting weights, then after each step. */
  readonly history: number[] = [];
  private readonly data: DataSet;
  private readonly targets: Targets;
  private readonly logits: Float64Array = new Float64Array(POINTS * CLASSES);
  private gradient: ArrayLike<number> = [];

  constructor(loss: LossName, data: DataSet, targets: Targets, start: Weights) {
    this.loss = loss;
    this.data = data;
    this.targets = targets;
    this.weights = { w: Float64Array.from(start.w), b: Float64Array.from(start.b) };
    this.evaluate();
  }

  /** Forward pass, then the core's loss and gradient with respect to the logits. */
  private evaluate(): void {
    forward(this.data.x, this.weights, this.logits);
    const tensorOfLogits: Tensor = {
      shape: [POINTS, CLASSES],
      dtype: 'float64',
      data: this.logits,
    };
    const { loss, gradient } = lossAndGradient(this.loss, tensorOfLogits, this.targets);
    this.history.push(loss);
    this.gradient = gradient;
  }

  /** One update θ ← θ − η·∂L/∂θ, with ∂L/∂W = Xᵀg and ∂L/∂b = Σg, then the new loss. */
  step(learningRate: number): void {
    descend(this.weights, parameterGradients(this.data.x, this.gradient), learningRate);
    this.evaluate();
  }

  /** The share of the data set this model classifies correctly. */
  accuracy(): number {
    return accuracy(this.logits, this.data.labels);
  }
}

/** Both models' losses for the program's steps, as the cell computes them: the rows the program prints. */
export function programLosses(
  seed: number,
  init: Init,
  learningRate: number,
): Record<LossName, number[]> {
  const data = dataSet(seed);
  const targets = targetsOf(data);
  const start = initialWeights(init, seed);
  const run = (loss: LossName) => {
    const learner = new Learner(loss, data, targets, start);
    for (let s = 1; s < PROGRAM_STEPS; s++) learner.step(learningRate);
    return learner.history;
  };
  return { 'cross-entropy': run('cross-entropy'), mse: run('mse') };
}

const GRID_INPUTS = gridInputs();

/** The decision-region map of some weights: one SVG path per class. */
function regionsOf(weights: Weights): string[] {
  const logits = forward(
    GRID_INPUTS,
    weights,
    new Float64Array((GRID_INPUTS.length / 2) * CLASSES),
  );
  return regionPaths(predictions(logits));
}

/** A data point as the map marks it: x₁, x₂ and its class. */
export interface RacePoint {
  readonly x1: number;
  readonly x2: number;
  readonly k: number;
}

/** What the cell shows of the two models at one moment: replaced after every batch of steps. */
interface RaceView {
  readonly steps: number;
  /** The learners' own histories, handed over without copying (each race has new ones). */
  readonly curves: Record<LossName, readonly number[]>;
  readonly accuracies: Record<LossName, number>;
  readonly regions: Record<LossName, string[]>;
}

/** The view before the constructor has built the models. */
const EMPTY_VIEW: RaceView = {
  steps: 0,
  curves: { 'cross-entropy': [], mse: [] },
  accuracies: { 'cross-entropy': 0, mse: 0 },
  regions: { 'cross-entropy': [], mse: [] },
};

/** The points of a data set, built once per race: they never change while it runs. */
function pointsOf(data: DataSet): RacePoint[] {
  return Array.from(data.labels, (k, n) => ({
    x1: data.x[n * 2] as number,
    x2: data.x[n * 2 + 1] as number,
    k,
  }));
}

const isSeed = (value: number) =>
  Number.isInteger(value) && value >= SEED_RANGE.min && value <= SEED_RANGE.max;

export class TrainingRaceState implements ShareableState {
  readonly cellId = 'training-race';
  readonly seedInput: NumberInput;
  readonly learningRateInput: NumberInput;
  init: Init = $state('small');
  playing: boolean = $state(false);
  /** Set by the component from prefers-reduced-motion: the cell then offers Step, not Play. */
  reducedMotion: boolean = $state(false);
  private learners!: Record<LossName, Learner>;
  readonly width: FigureWidth;
  private frame = 0;
  /** What the cell shows of the models, replaced after every change (never during a batch of steps). */
  private view: RaceView = $state.raw(EMPTY_VIEW);

  readonly seed: number = $derived.by(() => this.seedInput.value);
  readonly learningRate: number = $derived.by(() => this.learningRateInput.value);
  /** Completed steps. */
  readonly steps: number = $derived(this.view.steps);
  readonly finished: boolean = $derived(this.view.steps >= MAX_STEPS);
  /** Loss curves, one per model: the loss at the start, then after each step. */
  readonly curves: Record<LossName, readonly number[]> = $derived(this.view.curves);
  readonly accuracies: Record<LossName, number> = $derived(this.view.accuracies);
  /** Each model's decision regions: one SVG path per class. */
  readonly regions: Record<LossName, string[]> = $derived(this.view.regions);
  /** The points of the data set: x₁, x₂ and the class; replaced only when a new race starts. */
  points: readonly RacePoint[] = $state.raw([]);
  /** The program's losses as the cell computes them, for the steps the program runs. */
  readonly firstLosses: Record<LossName, number[]> = $derived(
    programLosses(this.seed, this.init, this.learningRate),
  );
  readonly program: PyTorchProgram = $derived({
    code: raceProgramCode(
      dataSet(this.seed),
      initialWeights(this.init, this.seed),
      this.learningRate,
    ),
    printed: LOSSES.map((loss) => `${loss} ${formatTensor(tensor(this.firstLosses[loss]))}`).join(
      '\n',
    ),
  });
  readonly error: string | null = $derived.by(() =>
    errorLine(this.seedInput, this.learningRateInput),
  );
  readonly summary: string = $derived(
    `Step ${this.steps} of ${MAX_STEPS}. Cross-entropy: loss ${formatFixed(this.curves['cross-entropy'].at(-1) ?? 0, 4)}, ` +
      `accuracy ${percent(this.accuracies['cross-entropy'])}. Squared error: loss ${formatFixed(this.curves.mse.at(-1) ?? 0, 4)}, ` +
      `accuracy ${percent(this.accuracies.mse)}.`,
  );

  /** The inputs in words, the caption of the printed cell: the race and how far it has run. */
  readonly parameters: string = $derived(
    `seed ${this.seed}, learning rate η = ${formatPlain(this.learningRate)}, ` +
      `start '${this.init}', after ${this.steps} of ${MAX_STEPS} steps`,
  );

  constructor(props: TrainingRaceProps = {}) {
    const check = new PropsCheck('TrainingRace');
    const seed = props.seed ?? 1;
    if (!isSeed(seed))
      check.fail('seed', `be a whole number in [${SEED_RANGE.min}, ${SEED_RANGE.max}]`, seed);
    const learningRate = props.learningRate ?? 1;
    check.number('learningRate', learningRate, LEARNING_RATE_RANGE);
    const init = props.init ?? 'small';
    if (!INITS.includes(init))
      check.fail('init', `be one of ${INITS.map((i) => `'${i}'`).join(', ')}`, init);
    this.width = check.width(props.width, 'page');
    this.seedInput = new NumberInput({ name: 'seed', ...SEED_RANGE, integer: true, value: seed });
    this.learningRateInput = new NumberInput({
      name: 'learning rate η',
      ...LEARNING_RATE_RANGE,
      value: learningRate,
    });
    this.init = init;
    this.restart();
  }

  /** Both models back at the start of the current seed and init. */
  private restart(): void {
    this.pause();
    const seed = this.seedInput.value;
    const data = dataSet(seed);
    const targets = targetsOf(data);
    const start = initialWeights(this.init, seed);
    this.learners = {
      'cross-entropy': new Learner('cross-entropy', data, targets, start),
      mse: new Learner('mse', data, targets, start),
    };
    this.points = pointsOf(data);
    this.view = this.viewOf();
  }

  /**
   * The models as the cell shows them: curves, accuracies, regions. The curves are the learners'
   * histories themselves, not copies: a new view object tells the cell they grew.
   */
  private viewOf(): RaceView {
    const { 'cross-entropy': ce, mse } = this.learners;
    return {
      steps: ce.history.length - 1,
      curves: { 'cross-entropy': ce.history, mse: mse.history },
      accuracies: { 'cross-entropy': ce.accuracy(), mse: mse.accuracy() },
      regions: { 'cross-entropy': regionsOf(ce.weights), mse: regionsOf(mse.weights) },
    };
  }

  /** Take the seed's text: a whole number in range starts a new race on a new data set. */
  setSeed(text: string): void {
    if (this.seedInput.set(text)) this.restart();
  }

  /** Take the learning rate's text: a valid one starts the race again with it. */
  setLearningRate(text: string): void {
    if (this.learningRateInput.set(text)) this.restart();
  }

  /** Choose how the weights start; the race starts again. */
  setInit(init: Init): void {
    this.init = init;
    this.restart();
  }

  /** Back to step 0 with the current settings. */
  reset(): void {
    this.restart();
  }

  /** `count` steps of both models (stopping at MAX_STEPS), measured as one recompute. */
  step(count = 1): void {
    const todo = Math.min(count, MAX_STEPS - this.steps);
    if (todo <= 0) return;
    timed('training-race', () => {
      for (let s = 0; s < todo; s++) {
        this.learners['cross-entropy'].step(this.learningRate);
        this.learners.mse.step(this.learningRate);
      }
    });
    this.view = this.viewOf();
  }

  /**
   * Animate: a few steps per frame until paused or finished. The cell offers Play only when the
   * reader's system allows motion; under reduced motion it offers Step alone.
   */
  play(): void {
    if (this.playing || this.finished) return;
    this.playing = true;
    const frame = () => {
      if (!this.playing) return;
      this.step(STEPS_PER_FRAME);
      if (this.finished) this.playing = false;
      else this.frame = requestAnimationFrame(frame);
    };
    this.frame = requestAnimationFrame(frame);
  }

  /** Play or pause: the cell's one Play/Pause button. */
  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  /** Stop the animation (on Pause, when the cell leaves the screen or the page is hidden). */
  pause(): void {
    this.playing = false;
    if (typeof cancelAnimationFrame === 'function') cancelAnimationFrame(this.frame);
  }

  /** The link's state: seed, learning rate, start and steps taken. */
  shareState(): Record<string, string> {
    return {
      seed: String(this.seed),
      lr: String(this.learningRate),
      init: this.init,
      steps: String(this.steps),
    };
  }

  /** Replay a linked race: every value checked first, nothing applied on a problem. */
  restoreState(read: StateReader): string | null {
    const seed = read.number('seed', { ...SEED_RANGE, integer: true });
    const learningRate = read.number('lr', LEARNING_RATE_RANGE);
    const init = read.choice('init', INITS);
    const steps = read.number('steps', { min: 0, max: MAX_STEPS, integer: true });
    const done = read.done(seed, learningRate, init, steps);
    if (typeof done === 'string') return done;
    const [s, lr, start, count] = done;
    this.seedInput.setValue(s);
    this.learningRateInput.setValue(lr);
    this.init = start;
    this.restart();
    this.step(count);
    return null;
  }
}
