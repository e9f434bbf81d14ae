// State of the label-format inspector: logits and a target typed as a Python list with a dtype;
// the target in its three forms, the path PyTorch takes, the loss by both paths, and the
// PyTorch program with exactly what it prints (the failing call last, with PyTorch's error).
// Every loss-core call of the cell is made here; helpers.ts stays pure.
import {
  crossEntropy,
  formatTensor,
  LossError,
  oneHot,
  tensor,
  type Tensor,
} from '../../../src/loss/index';
import { pyProgram, type PyTorchProgram } from '../../../src/pytorch/program';
import { formatFixed } from '../shared/format';
import { PropsCheck, type FigureWidth, type WidgetFrameProps } from '../shared/props';
import { timed } from '../shared/timed';
import type { StateReader } from '../shared/state-link';
import { encodeMatrix, type ShareableState } from '../shared/url-state';
import {
  argmax,
  BATCH_RANGE,
  checkTargetValues,
  CLASS_RANGE,
  DEFAULT_LOGITS,
  DEFAULT_TARGET,
  isIndexColumn,
  LOGIT_LIMIT,
  listText,
  literalText,
  nested,
  parseLiteral,
  parseLogits,
  planSteps,
  PRESETS,
  setupLines,
  shapeAndDtype,
  stepLines,
  TARGET_DTYPES,
  targetForms,
  targetPath,
  type Forms,
  type Literal,
  type StepKind,
  type TargetDType,
  type TargetPath,
} from './helpers';

/** A target typed as a Python list with a dtype: the path PyTorch takes for it, the target in all three forms, and the loss by both paths. */
export interface LabelInspectorProps extends WidgetFrameProps {
  /** How wide the cell is. @default 'body' */
  width?: FigureWidth;
  /** The batch of logits, 1–8 rows of 2–8 classes. @default [[2, 1, 0.1, -1], [0.5, 2.5, -0.5, 0], [1, 0, 0.3, 2]] */
  logits?: readonly (readonly number[])[];
  /** The target as the reader would type it. @default '[2, 0, 3]' */
  target?: string;
  /** The target's dtype. @default 'int64' */
  dtype?: TargetDType;
}

/** The loss by each path, where the target has that form for these logits. */
export interface BothPaths {
  /** F.cross_entropy with the int64 index form, or null when it has none. */
  readonly index: number | null;
  /** F.cross_entropy with the float32 probability form, or null when it has none. */
  readonly probability: number | null;
}

/** Everything the cell shows for one valid state. */
export interface Inspection {
  readonly path: TargetPath;
  readonly forms: Forms;
  readonly both: BothPaths;
  readonly program: PyTorchProgram;
  /** PyTorch's error line when the target as typed fails, else null. */
  readonly failure: string | null;
  /** PyTorch's error line when the loss runs but converting to the other form fails, else null. */
  readonly conversionFailure: string | null;
}

/** A step the program can take, run on the core: what it prints, or null when it does not apply. */
type Runner = () => string | null;

/** The loss of one call as a number, or null when the call fails. */
function lossOrNull(x: Tensor, target: () => Tensor): number | null {
  try {
    return crossEntropy(x, target()).data[0] as number;
  } catch (error) {
    if (error instanceof LossError) return null;
    throw error;
  }
}

/** PyTorch's default ignore_index: the index path skips these samples. */
const IGNORE_INDEX = -100;

/** The loss by both paths, from the target's forms, when they fit the logits. */
function bothPaths(x: Tensor, forms: Forms, batch: number, classes: number): BothPaths {
  const { rows } = forms;
  const fits = rows.length === batch;
  const indices = rows.map((r) => r.index);
  const probabilities = rows.map((r) => r.probability);
  return {
    index:
      fits && indices.every((k) => k === IGNORE_INDEX || (k !== null && k >= 0 && k < classes))
        ? lossOrNull(x, () => tensor(indices as number[], 'int64'))
        : null,
    probability:
      fits && probabilities.every((p) => p !== null && p.length === classes)
        ? lossOrNull(x, () => tensor(probabilities as number[][], 'float32'))
        : null,
  };
}

/** The program for logits and a valid target, run step by step on the core as Python would. */
function inspect(logits: Literal, target: Literal, dtype: TargetDType): Inspection {
  const [batch, classes] = logits.shape as [number, number];
  const x = tensor(nested(logits), 'float32');
  const t = tensor(nested(target), dtype);
  const rowsOf = () => nested(target) as number[][];
  let oneHotTarget: Tensor | undefined;
  let indexTarget: Tensor | undefined;
  const runners: Record<StepKind, Runner> = {
    info: () => shapeAndDtype(target.shape, dtype),
    'as-is': () => formatTensor(crossEntropy(x, t)),
    'one-hot': () => {
      const hot = oneHot(t, { numClasses: classes });
      oneHotTarget = { ...hot, dtype: 'float32', data: Float32Array.from(hot.data) };
      return formatTensor(oneHotTarget);
    },
    'loss-one-hot': () => formatTensor(crossEntropy(x, oneHotTarget as Tensor)),
    argmax: () => {
      indexTarget = tensor(rowsOf().map(argmax), 'int64');
      return formatTensor(indexTarget);
    },
    'loss-argmax': () => formatTensor(crossEntropy(x, indexTarget as Tensor)),
    // .long() truncates; offered as the fix only for whole numbers, where it changes nothing.
    long: () =>
      target.values.every(Number.isInteger)
        ? formatTensor(crossEntropy(x, tensor(nested(target), 'int64')))
        : null,
    float: () => formatTensor(crossEntropy(x, tensor(nested(target), 'float32'))),
    // squeeze(1) of an (N, 1) column of whole numbers: the indices, shape (N,).
    squeeze: () => formatTensor(crossEntropy(x, tensor([...target.values], 'int64'))),
    'squeeze-long': () => formatTensor(crossEntropy(x, tensor([...target.values], 'int64'))),
  };
  const plan = planSteps(target.shape, dtype, isIndexColumn(target));
  const lines = setupLines(logits, target, dtype);
  const printed: string[] = [];
  let failure: string | null = null;
  let conversionFailure: string | null = null;
  const take = (kind: StepKind, printedLine: string) => {
    lines.push(...stepLines(kind, classes));
    printed.push(printedLine);
  };
  /** Run a step: its output, or PyTorch's error line. */
  const attempt = (kind: StepKind): { ok: boolean; text: string | null } => {
    try {
      return { ok: true, text: runners[kind]() };
    } catch (error) {
      if (!(error instanceof LossError)) throw error;
      return { ok: false, text: error.line };
    }
  };
  for (const kind of plan.first) take(kind, attempt(kind).text as string);
  // A fix is shown only while fixes succeed: the program must reach the call as typed.
  for (const kind of plan.fixes) {
    const result = attempt(kind);
    if (!result.ok || result.text === null) break;
    take(kind, result.text);
  }
  for (const kind of plan.after) {
    const result = attempt(kind);
    take(kind, result.text as string);
    if (!result.ok) {
      if (kind === 'as-is') failure = result.text;
      else conversionFailure = result.text;
      break;
    }
  }
  const forms = targetForms(target, classes);
  return {
    path: targetPath(target.shape, logits.shape),
    forms,
    both: bothPaths(x, forms, batch, classes),
    program: { code: pyProgram(lines), printed: printed.join('\n') },
    failure,
    conversionFailure,
  };
}

/** The shape as Python writes a tuple: (3,) or (3, 4). */
export function shapeTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

export class LabelInspectorState implements ShareableState {
  readonly cellId: string;
  readonly width: FigureWidth;
  /** What the reader typed, kept verbatim even when it cannot be read. */
  logitsText: string = $state('');
  targetText: string = $state('');
  dtype: TargetDType = $state('int64');
  /** The last logits and target that could be read; the outputs show these. */
  private logits: Literal = $state({ shape: [], values: [] });
  /** The last readable target with the dtype it was read for. */
  private applied: { target: Literal; dtype: TargetDType } = $state({
    target: { shape: [], values: [] },
    dtype: 'int64',
  });
  private logitsError: string | null = $state(null);
  private targetError: string | null = $state(null);

  readonly inspection: Inspection = $derived(
    timed('label-inspector', () => inspect(this.logits, this.applied.target, this.applied.dtype)),
  );
  // Plain getters over the state above (reactive all the same, and lighter than more deriveds).
  private get target(): Literal {
    return this.applied.target;
  }
  /** The dtype of the target in use (the chosen one once the text suits it). */
  get appliedDtype(): TargetDType {
    return this.applied.dtype;
  }
  get program(): PyTorchProgram {
    return this.inspection.program;
  }
  get error(): string | null {
    return [this.logitsError, this.targetError].filter((m) => m !== null).join(' ') || null;
  }
  /** The logits' shape (N, C) and the target's, as the outputs show them. */
  get logitShape(): readonly number[] {
    return this.logits.shape;
  }
  get targetShape(): readonly number[] {
    return this.target.shape;
  }
  get summary(): string {
    const { path, both, failure, conversionFailure, forms } = this.inspection;
    const loss = (v: number | null) => (v === null ? 'none' : formatFixed(v, 4));
    return (
      `Target ${literalText(this.target)} as ${this.applied.dtype}, shape ${shapeTuple(this.target.shape)} ` +
      `against logits ${shapeTuple(this.logits.shape)}: PyTorch reads class ${path}. ` +
      (failure === null ? 'It runs. ' : `It fails with ${failure} `) +
      (conversionFailure === null ? '' : `Converting it fails with ${conversionFailure} `) +
      `Loss by the index path ${loss(both.index)}, by the probability path ${loss(both.probability)}. ` +
      forms.note
    );
  }

  /** The inputs in use, as Python lists, the caption of the printed cell. */
  get parameters(): string {
    return (
      `logits x = ${literalText(this.logits)}, ` +
      `target = ${literalText(this.target)} as ${this.applied.dtype}`
    );
  }

  constructor(props: LabelInspectorProps = {}) {
    const check = new PropsCheck('LabelInspector');
    const logits = props.logits ?? DEFAULT_LOGITS;
    const dtype = props.dtype ?? 'int64';
    if (!TARGET_DTYPES.includes(dtype))
      check.fail('dtype', `be one of ${TARGET_DTYPES.join(', ')}`, dtype);
    this.cellId = check.cellId(props.cellId, 'label-inspector');
    this.width = check.width(props.width, 'body');
    // The props are read as the fields read a reader's text, with the same limits and messages.
    if (!this.setLogits(listText(logits))) check.fail('logits', 'be readable', this.logitsError);
    this.dtype = dtype;
    const target = props.target ?? DEFAULT_TARGET;
    if (!this.setTarget(target)) check.fail('target', 'be a readable target', this.targetError);
  }

  /** Take the logits' text; the last readable logits stay in use while it cannot be read. */
  setLogits(text: string): boolean {
    this.logitsText = text;
    const parsed = parseLogits(text);
    this.logitsError = parsed.ok ? null : parsed.message;
    if (parsed.ok) this.logits = parsed.literal;
    return parsed.ok;
  }

  /** Take the target's text; the last readable target stays in use while it cannot be read. */
  setTarget(text: string): boolean {
    this.targetText = text;
    return this.readTarget();
  }

  /** Choose the target's dtype; the text is read again, since int64 holds whole numbers only. */
  setDtype(dtype: TargetDType): void {
    this.dtype = dtype;
    this.readTarget();
  }

  /** Load a preset target and dtype. */
  preset(id: string): void {
    const found = PRESETS.find((p) => p.id === id);
    if (found === undefined) return;
    this.dtype = found.dtype;
    this.setTarget(found.text);
  }

  private readTarget(): boolean {
    const parsed = parseLiteral(this.targetText, 'Target');
    const problem = parsed.ok ? checkTargetValues(parsed.literal, this.dtype) : parsed.message;
    this.targetError = problem;
    if (parsed.ok && problem === null) this.applied = { target: parsed.literal, dtype: this.dtype };
    return problem === null;
  }

  shareState(): Record<string, string> {
    return {
      x: encodeMatrix(nested(this.logits) as number[][]),
      t: literalText(this.target),
      d: this.applied.dtype,
    };
  }

  restoreState(reader: StateReader): string | null {
    const rule = { min: -LOGIT_LIMIT, max: LOGIT_LIMIT };
    const logits = reader.matrix(
      'x',
      { minLength: BATCH_RANGE.min, maxLength: BATCH_RANGE.max },
      { ...rule, minLength: CLASS_RANGE.min, maxLength: CLASS_RANGE.max },
    );
    const text = reader.text('t');
    const dtype = reader.choice('d', TARGET_DTYPES);
    const done = reader.done(logits, text, dtype);
    if (typeof done === 'string') return done;
    const [x, t, d] = done;
    const parsed = parseLiteral(t, '“t”');
    if (!parsed.ok) return parsed.message.replace(/\.$/, '');
    const problem = checkTargetValues(parsed.literal, d);
    if (problem !== null) return `“t”: ${problem.replace(/^Target: /, '').replace(/\.$/, '')}`;
    this.setLogits(listText(x));
    this.dtype = d;
    this.setTarget(literalText(parsed.literal));
    return null;
  }
}
