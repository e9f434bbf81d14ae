// State of the batch playground: a table of N samples × C logits with a target per row, the
// options of nn.CrossEntropyLoss, and what the loss core computes for them: per-sample losses,
// the reduction, the gradient, and exactly what the equivalent PyTorch program prints (its
// error line when PyTorch refuses the state). Every loss-core call of the cell is made here.
import {
  crossEntropy,
  crossEntropyWithGrad,
  formatTensor,
  LossError,
  tensor,
  type Tensor,
} from '../../../src/loss/index';
import type { PyTorchProgram } from '../../../src/pytorch/program';
import { formatFixed, formatPlain, formatTuple, subscript } from '../shared/format';
import { errorLine, NumberInput } from '../shared/number-input.svelte.ts';
import { PropsCheck, type FigureWidth, type WidgetFrameProps } from '../shared/props';
import type { StateReader } from '../shared/state-link';
import { timed } from '../shared/timed';
import { encodeMatrix, encodeNumbers, type ShareableState } from '../shared/url-state';
import {
  batchProgramCode,
  CLASSES,
  DEFAULT_BATCH,
  DEFAULT_IGNORE_INDEX,
  INDEX_RANGE,
  LOGIT_RANGE,
  REDUCTIONS,
  SAMPLES,
  SMOOTHING_RANGE,
  TARGET_FORMS,
  WEIGHT_RANGE,
  writeReduction,
  type BatchReduction,
  type BatchSetup,
  type SampleTerm,
  type TargetForm,
  type WrittenReduction,
} from './helpers';

/** nn.CrossEntropyLoss on a small batch: edit logits, targets, class weights and the loss's options, and see per-sample losses, the reduction written out, the gradient and what PyTorch prints. */
export interface BatchPlaygroundProps extends WidgetFrameProps {
  /** How wide the cell is. @default 'page' */
  width?: FigureWidth;
  /** Starting logits, one row of 2–8 per sample, 1–16 rows. @default [[1, 2, 3], [0.5, -1, 2], [3, 0, -2], [0.1, 0.2, 0.3]] */
  logits?: readonly (readonly number[])[];
  /** One class index per sample. @default [2, 0, 1, 2] */
  targets?: readonly number[];
  /** Class weights, one per class (PyTorch's `weight`). @default none: every class weighs 1 */
  weight?: readonly number[];
  /** The target value whose samples are left out of the loss (PyTorch's `ignore_index`). @default -100 */
  ignoreIndex?: number;
  /** How the per-sample losses become one (PyTorch's `reduction`). @default 'mean' */
  reduction?: BatchReduction;
  /** How much of each target's weight is spread evenly over the classes, in [0, 1]. @default 0 */
  labelSmoothing?: number;
}

/** A class index or ignore_index: a whole number in the index range, in a field or a link. */
const INDEX = { ...INDEX_RANGE, integer: true };

/** What the cell shows for one state. */
export type BatchEvaluation =
  | {
      readonly ok: true;
      /** The loss as criterion(x, target) returns it: a number, or ℓ_n per sample for 'none'. */
      readonly loss: readonly number[];
      /** ∂L/∂x, one row per sample (for 'none': of Σ ℓ_n). */
      readonly grad: readonly (readonly number[])[];
      /** One entry per sample: ℓ_n, its share of the mean's denominator, whether it is ignored. */
      readonly samples: readonly SampleTerm[];
      readonly written: WrittenReduction;
      readonly printed: string;
    }
  | { readonly ok: false; readonly printed: string; readonly message: string };

/** A float32 tensor of the table's rows. */
const rows32 = (rows: readonly (readonly number[])[]): Tensor =>
  tensor(
    rows.map((r) => [...r]),
    'float32',
  );

/** Run the program's computation on the core: what it prints, or PyTorch's error line. */
export function evaluateBatch(setup: BatchSetup): BatchEvaluation {
  const classes = setup.logits[0]?.length ?? 0;
  const x = rows32(setup.logits);
  const options = {
    weight: setup.weight === null ? undefined : tensor([...setup.weight], 'float32'),
    ignoreIndex: setup.ignoreIndex,
    reduction: setup.reduction,
    labelSmoothing: setup.labelSmoothing,
  };
  try {
    const target = tensor([...setup.targets], setup.targetForm === 'index' ? 'int64' : 'float32');
    const upstream =
      setup.reduction === 'none'
        ? tensor(
            setup.targets.map(() => 1),
            'float32',
          )
        : undefined;
    const { loss, grad } = crossEntropyWithGrad(x, target, options, upstream);
    const perSample = crossEntropy(x, target, { ...options, reduction: 'none' });
    const samples = setup.targets.map((k, n): SampleTerm => {
      const ignored = k === setup.ignoreIndex;
      const weightClass = setup.weight === null ? null : k;
      return {
        n,
        loss: perSample.data[n] as number,
        denominator: ignored ? 0 : weightClass === null ? 1 : (setup.weight?.[k] as number),
        weightClass,
        ignored,
      };
    });
    const lossValues = Array.from(loss.data);
    return {
      ok: true,
      loss: lossValues,
      grad: setup.logits.map((_, n) => Array.from(grad.data.slice(n * classes, (n + 1) * classes))),
      samples,
      written: writeReduction(setup.reduction, samples, lossValues[0] as number),
      printed: `${formatTensor(loss)}\n${formatTensor(grad)}`,
    };
  } catch (error) {
    if (!(error instanceof LossError)) throw error;
    return {
      ok: false,
      message: error.message,
      printed: error.line,
    };
  }
}

/** What the table's buttons add or remove: a sample (row), a class (column) or a class weight. */
export type TablePart = 'sample' | 'class' | 'weight';
const PART_LIMITS = { sample: SAMPLES, class: CLASSES, weight: { min: 1, max: CLASSES.max } };

/** One editable sample: a field per class and its target. */
interface SampleRow {
  readonly logits: NumberInput[];
  readonly target: NumberInput;
}

const logitInput = (n: number, c: number, value: number) =>
  new NumberInput({ name: `logit of sample ${n}, class ${c}`, ...LOGIT_RANGE, value });
const targetInput = (n: number, value: number) =>
  new NumberInput({ name: `target of sample ${n}`, ...INDEX, value });
const weightInput = (c: number, value: number) =>
  new NumberInput({ name: `weight w${subscript(c)}`, ...WEIGHT_RANGE, value });

export class BatchPlaygroundState implements ShareableState {
  /** The id a link to this cell's state names it by. */
  readonly cellId: string;
  rows: SampleRow[] = $state([]);
  /** The class weights' fields; their count is the reader's, so it can differ from C. */
  weightInputs: NumberInput[] = $state([]);
  weightsOn: boolean = $state(false);
  readonly ignoreIndexInput = new NumberInput({
    name: 'ignore_index',
    ...INDEX,
    value: DEFAULT_IGNORE_INDEX,
  });
  readonly smoothingInput = new NumberInput({
    name: 'label_smoothing ε',
    ...SMOOTHING_RANGE,
    value: 0,
  });
  reduction: BatchReduction = $state('mean');
  targetForm: TargetForm = $state('index');
  readonly width: FigureWidth;

  readonly classes: number = $derived(this.rows[0]?.logits.length ?? 0);
  readonly setup: BatchSetup = $derived({
    logits: this.rows.map((row) => row.logits.map((input) => input.value)),
    targets: this.rows.map((row) => row.target.value),
    weight: this.weightsOn ? this.weightInputs.map((input) => input.value) : null,
    ignoreIndex: this.ignoreIndexInput.value,
    reduction: this.reduction,
    labelSmoothing: this.smoothingInput.value,
    targetForm: this.targetForm,
  });
  readonly evaluation: BatchEvaluation = $derived(
    timed('batch-playground', () => evaluateBatch(this.setup)),
  );
  readonly program: PyTorchProgram = $derived({
    code: batchProgramCode(this.setup),
    printed: this.evaluation.printed,
  });
  /** Which samples the loss skips: index targets equal to ignore_index. */
  readonly ignored: boolean[] = $derived(
    this.setup.targets.map((k) => k === this.setup.ignoreIndex),
  );
  readonly error: string | null = $derived.by(() =>
    errorLine(
      ...this.rows.flatMap((row) => [...row.logits, row.target]),
      ...(this.weightsOn ? this.weightInputs : []),
      this.ignoreIndexInput,
      this.smoothingInput,
    ),
  );
  readonly summary: string = $derived(this.describe());

  /** The inputs in words, the caption of the printed cell: the table, one tuple per sample. */
  readonly parameters: string = $derived.by(() => {
    const { setup } = this;
    return (
      `logits x = [${setup.logits.map(formatTuple).join(', ')}], ` +
      `targets ${formatTuple(setup.targets)}${setup.targetForm === 'index' ? '' : ' as float'}, ` +
      `${setup.weight === null ? 'no class weights' : `weight ${formatTuple(setup.weight)}`}, ` +
      `ignore_index ${formatPlain(setup.ignoreIndex)}, ` +
      `label_smoothing ${formatPlain(setup.labelSmoothing)}, reduction '${setup.reduction}'`
    );
  });

  constructor(props: BatchPlaygroundProps = {}) {
    const check = new PropsCheck('BatchPlayground');
    const logits = props.logits ?? DEFAULT_BATCH.logits;
    const classes = logits[0]?.length ?? 0;
    if (!classes || logits.length > SAMPLES.max || logits.some((r) => r.length !== classes)) {
      check.fail(
        'logits',
        'have 1–16 rows of one length',
        logits.map((r) => r.length),
      );
    }
    logits.forEach((row, n) => check.vector(`logits[${n}]`, row, LOGIT_RANGE));
    const targets = props.targets ?? DEFAULT_BATCH.targets;
    if (targets.length !== logits.length) {
      check.fail('targets', `have ${logits.length} entries, one per row of logits`, targets.length);
    }
    targets.forEach((k, n) => check.number(`targets[${n}]`, k, INDEX_RANGE));
    if (props.weight !== undefined) {
      check.sameLength('weight', props.weight, 'classes', classes);
      check.vector('weight', props.weight, WEIGHT_RANGE);
    }
    const ignoreIndex = props.ignoreIndex ?? DEFAULT_IGNORE_INDEX;
    check.number('ignoreIndex', ignoreIndex, INDEX_RANGE);
    const labelSmoothing = props.labelSmoothing ?? 0;
    check.number('labelSmoothing', labelSmoothing, SMOOTHING_RANGE);
    const reduction = props.reduction ?? 'mean';
    if (!REDUCTIONS.includes(reduction)) {
      check.fail('reduction', "be 'none', 'sum' or 'mean'", reduction);
    }
    this.width = check.width(props.width, 'page');
    this.cellId = check.cellId(props.cellId, 'batch-playground');
    this.apply({
      logits,
      targets,
      weight: props.weight ?? null,
      ignoreIndex,
      reduction,
      labelSmoothing,
      targetForm: 'index',
    });
  }

  /** Put a whole setup into the fields (the chapter's props, or a shared link). */
  private apply(setup: BatchSetup): void {
    this.rows = setup.logits.map((row, n) => ({
      logits: row.map((value, c) => logitInput(n, c, value)),
      target: targetInput(n, setup.targets[n] ?? 0),
    }));
    this.weightsOn = setup.weight !== null;
    this.weightInputs = (setup.weight ?? setup.logits[0]?.map(() => 1) ?? []).map((w, c) =>
      weightInput(c, w),
    );
    this.ignoreIndexInput.setValue(setup.ignoreIndex);
    this.smoothingInput.setValue(setup.labelSmoothing);
    this.reduction = setup.reduction;
    this.targetForm = setup.targetForm;
  }

  /** One sentence for screen readers: the batch, the options and the result. */
  private describe(): string {
    const { setup, evaluation } = this;
    const result = evaluation.ok
      ? `loss ${evaluation.loss.map((l) => formatFixed(l, 4)).join(', ')}`
      : `PyTorch refuses it: ${evaluation.printed}`;
    return (
      `${setup.logits.length} samples × ${this.classes} classes, targets ${setup.targets.join(', ')}, ` +
      `weights ${setup.weight?.join(', ') ?? 'none'}, ignore_index ${setup.ignoreIndex}, ` +
      `label_smoothing ${setup.labelSmoothing}, reduction ${setup.reduction}: ${result}`
    );
  }

  setLogit(n: number, c: number, text: string): void {
    this.rows[n]?.logits[c]?.set(text);
  }

  setTarget(n: number, text: string): void {
    this.rows[n]?.target.set(text);
  }

  setWeight(c: number, text: string): void {
    this.weightInputs[c]?.set(text);
  }

  setReduction(reduction: BatchReduction): void {
    this.reduction = reduction;
  }

  setTargetForm(form: TargetForm): void {
    this.targetForm = form;
  }

  /** Weights on: one field of 1 per class (fresh); off: none passed. */
  setWeightsOn(on: boolean): void {
    if (on && !this.weightsOn) {
      this.weightInputs = Array.from({ length: this.classes }, (_, c) => weightInput(c, 1));
    }
    this.weightsOn = on;
  }

  /** How many samples, classes or class weights there are now. */
  count(part: TablePart): number {
    if (part === 'sample') return this.rows.length;
    return part === 'class' ? this.classes : this.weightInputs.length;
  }

  /** Whether one more (delta 1) or one fewer (delta −1) stays within the table's limits. */
  canResize(part: TablePart, delta: 1 | -1): boolean {
    const next = this.count(part) + delta;
    return next >= PART_LIMITS[part].min && next <= PART_LIMITS[part].max;
  }

  /**
   * Add (delta 1) or remove (delta −1) the last sample, class or class weight. A new sample has
   * logits 0 and target 0; a new class has logit 0 everywhere and leaves the weights as they
   * are, so PyTorch refuses their length until a weight is added; removing a class leaves a
   * target that named it out of range, as PyTorch will say.
   */
  resize(part: TablePart, delta: 1 | -1): void {
    if (!this.canResize(part, delta)) return;
    const size = this.count(part);
    if (part === 'weight') {
      this.weightInputs =
        delta > 0 ? [...this.weightInputs, weightInput(size, 1)] : this.weightInputs.slice(0, -1);
    } else if (part === 'sample') {
      this.rows =
        delta > 0
          ? [
              ...this.rows,
              {
                logits: Array.from({ length: this.classes }, (_, c) => logitInput(size, c, 0)),
                target: targetInput(size, 0),
              },
            ]
          : this.rows.slice(0, -1);
    } else {
      this.rows = this.rows.map((row, n) => ({
        logits: delta > 0 ? [...row.logits, logitInput(n, size, 0)] : row.logits.slice(0, -1),
        target: row.target,
      }));
    }
  }

  /**
   * The link's state, every key always: logits `x` (rows by `;`), targets `t`, class weights `w`
   * (empty for none), `ignore_index` `i`, label smoothing `s`, reduction `r`, target form `f`.
   */
  shareState(): Record<string, string> {
    const { setup } = this;
    return {
      x: encodeMatrix(setup.logits),
      t: encodeNumbers(setup.targets),
      w: setup.weight === null ? '' : encodeNumbers(setup.weight),
      i: String(setup.ignoreIndex),
      s: String(setup.labelSmoothing),
      r: setup.reduction,
      f: setup.targetForm,
    };
  }

  /** Take a link's whole table and options within the fields' own limits, or say what was wrong. */
  restoreState(read: StateReader): string | null {
    const logits = read.matrix(
      'x',
      { minLength: SAMPLES.min, maxLength: SAMPLES.max },
      { minLength: CLASSES.min, maxLength: CLASSES.max, ...LOGIT_RANGE },
    );
    const targets = read.numbers('t', { minLength: SAMPLES.min, maxLength: SAMPLES.max, ...INDEX });
    if (logits !== undefined && targets !== undefined && targets.length !== logits.length) {
      read.error ??= `“t” must have ${logits.length} targets, one per row of “x”, got ${targets.length}`;
    }
    const weight = read.numbers('w', { minLength: 0, maxLength: CLASSES.max, ...WEIGHT_RANGE });
    const ignoreIndex = read.number('i', INDEX);
    const labelSmoothing = read.number('s', SMOOTHING_RANGE);
    const reduction = read.choice('r', REDUCTIONS);
    const targetForm = read.choice('f', TARGET_FORMS);
    const done = read.done(
      logits,
      targets,
      weight,
      ignoreIndex,
      labelSmoothing,
      reduction,
      targetForm,
    );
    if (typeof done === 'string') return done;
    const [x, t, w, i, s, r, f] = done;
    this.apply({
      logits: x,
      targets: t,
      weight: w.length === 0 ? null : w,
      ignoreIndex: i,
      labelSmoothing: s,
      reduction: r,
      targetForm: f,
    });
    return null;
  }
}
