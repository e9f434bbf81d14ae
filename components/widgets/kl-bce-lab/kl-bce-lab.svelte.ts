// State of the KL/BCE lab: three gotchas of PyTorch's KL and binary losses, each computed by
// the loss core in float32 (PyTorch's default dtype) exactly as its PyTorch program computes
// it, with what that program prints. Every loss-core call of the cell is made here.
import {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  binaryCrossEntropyWithLogitsBackward,
  formatTensor,
  klDiv,
  LossError,
  logSoftmax,
  softmax,
  tensor,
  type NestedArray,
  type Tensor,
} from '../../../src/loss/index';
import type { PyTorchProgram } from '../../../src/pytorch/program';
import { formatPlain, formatTuple, subscript } from '../shared/format';
import { errorLine, NumberInput } from '../shared/number-input.svelte.ts';
import { PropsCheck, type FigureWidth, type WidgetFrameProps } from '../shared/props';
import type { StateReader } from '../shared/state-link';
import { timed } from '../shared/timed';
import { encodeNumbers, type ShareableState } from '../shared/url-state';
import {
  BATCH_RANGE,
  batchLogits,
  bceInputGradient,
  bceProgram,
  CLASS_RANGE,
  clampedTerms,
  DEFAULT_BATCH,
  DEFAULT_STUDENT,
  DEFAULT_TARGET,
  DEFAULT_TEACHER,
  DEFAULT_Z,
  formatValue as x,
  LOGIT_RANGE,
  logInputProgram,
  reductionProgram,
  SCENARIO_KEYS,
  SCENARIOS,
  sigmoid32,
  sigmoidBackward,
  Z_RANGE,
  type Scenario,
} from './helpers';

/** Three gotchas of PyTorch's KL and binary losses, each with the numbers its program prints: softmax where log-softmax belongs, 'mean' against 'batchmean', and sigmoid + BCELoss against BCEWithLogitsLoss. */
export interface KlBceLabProps extends WidgetFrameProps {
  /** How wide the cell is. @default 'page' */
  width?: FigureWidth;
  /** The gotcha shown first. @default 'log-input' */
  scenario?: Scenario;
  /** The student's three logits o. @default [1, 2, 0.5] */
  student?: readonly number[];
  /** The teacher's three logits v. @default [0.5, 1.5, 2] */
  teacher?: readonly number[];
  /** The binary logit z. @default 20 */
  z?: number;
  /** The binary target y in [0, 1]. @default 0 */
  target?: number;
}

/** Scenario 1: KL with log-probabilities in (right), probabilities in (wrong), and the true KL. */
export interface LogInputResult {
  readonly right: number;
  readonly wrong: number;
  readonly trueKl: number;
  readonly printed: string;
}

/** Scenario 2: both reductions, the true per-sample mean KL, and their ratio. */
export interface ReductionResult {
  readonly n: number;
  readonly c: number;
  readonly mean: number;
  readonly batchmean: number;
  readonly trueKl: number;
  readonly printed: string;
}

/** One binary loss of scenario 3: its value and ∂loss/∂z, or PyTorch's error. */
export type BceLine =
  | { readonly ok: true; readonly loss: number; readonly grad: number }
  | { readonly ok: false; readonly error: string };

/** Scenario 3: BCEWithLogitsLoss, then sigmoid + BCELoss (or the logit fed to BCELoss). */
export interface BceResult {
  readonly withLogits: BceLine & { ok: true };
  readonly bce: BceLine;
  /** sigmoid(z) as float32 holds it (z itself when the sigmoid is forgotten). */
  readonly p: number;
  /** Whether one of BCELoss's logs hit the −100 clamp. */
  readonly clamped: boolean;
  /** Whether BCELoss's gradient lost what BCEWithLogitsLoss's gradient holds. */
  readonly gradientLost: boolean;
  readonly printed: string;
}

/** One row of the outputs table: what was computed, its entries, and whether it shows the gotcha. */
export interface ResultRow {
  readonly id: string;
  readonly name: string;
  readonly cells: readonly string[];
  readonly bad?: boolean;
}

/** The outputs table of the active scenario and the note under it. */
export interface ResultView {
  readonly head: readonly string[];
  /** How many leading entries of each row are numbers (the rest are words). */
  readonly numbers: number;
  readonly rows: readonly ResultRow[];
  readonly note: string;
}

const f32 = (values: NestedArray) => tensor(values, 'float32');
const scalar = (t: Tensor) => t.data[0] as number;

/**
 * KL(p ‖ q) by its definition, Σ p (log p − log q) over the batch divided by N, as the program
 * computes it: `(log_p.exp() * (log_p - log_q)).sum() / N`. kl_div with a log target forms
 * exactly these float32 terms, exp(log p)·(log p − log q), and 'batchmean' divides their sum by N.
 */
function definitionKl(logQ: Tensor, teacher: Tensor): Tensor {
  return klDiv(logQ, logSoftmax(teacher, { dim: 1 }), { reduction: 'batchmean', logTarget: true });
}

/** The printed block of scenarios 1 and 2: three KL values, one a line. */
const printedLines = (...values: Tensor[]) => values.map((t) => formatTensor(t)).join('\n');

function logInput(student: readonly number[], teacher: readonly number[]): LogInputResult {
  const o = f32([[...student]]);
  const v = f32([[...teacher]]);
  const p = softmax(v, { dim: 1 });
  const logQ = logSoftmax(o, { dim: 1 });
  const right = klDiv(logQ, p, { reduction: 'batchmean' });
  const wrong = klDiv(softmax(o, { dim: 1 }), p, { reduction: 'batchmean' });
  const trueKl = definitionKl(logQ, v);
  return {
    right: scalar(right),
    wrong: scalar(wrong),
    trueKl: scalar(trueKl),
    printed: printedLines(right, wrong, trueKl),
  };
}

function reductions(n: number, c: number): ReductionResult {
  const { student, teacher } = batchLogits(n, c);
  const v = f32(teacher);
  const logQ = logSoftmax(f32(student), { dim: 1 });
  const p = softmax(v, { dim: 1 });
  const mean = klDiv(logQ, p, { reduction: 'mean' });
  const batchmean = klDiv(logQ, p, { reduction: 'batchmean' });
  const trueKl = definitionKl(logQ, v);
  return {
    n,
    c,
    mean: scalar(mean),
    batchmean: scalar(batchmean),
    trueKl: scalar(trueKl),
    printed: printedLines(mean, batchmean, trueKl),
  };
}

function bce(zValue: number, target: number, forgotSigmoid: boolean): BceResult {
  const z = f32([zValue]);
  const y = f32([target]);
  const logitsLoss = binaryCrossEntropyWithLogits(z, y);
  const logitsGrad = binaryCrossEntropyWithLogitsBackward(z, y);
  const withLogits = { ok: true as const, loss: scalar(logitsLoss), grad: scalar(logitsGrad) };
  const lines = [formatTensor(logitsLoss), formatTensor(logitsGrad)];
  const probability = forgotSigmoid ? z : f32([sigmoid32(zValue)]);
  const p = scalar(probability);
  if (!forgotSigmoid) lines.push(formatTensor(probability));
  let line: BceLine;
  try {
    const loss = binaryCrossEntropy(probability, y);
    // Autograd's chain: BCELoss's backward, then the sigmoid's (float32 p(1 − p) may be 0 or tiny).
    const dp = bceInputGradient(p, target);
    const grad = forgotSigmoid ? dp : sigmoidBackward(dp, p);
    line = { ok: true, loss: scalar(loss), grad };
    lines.push(formatTensor(loss), formatTensor(f32([grad])));
  } catch (error) {
    if (!(error instanceof LossError)) throw error;
    // PyTorch raises this check as a RuntimeError, the last line of its traceback.
    line = { ok: false, error: `RuntimeError: ${error.message}` };
    lines.push(line.error);
  }
  const clamps = clampedTerms(p, target);
  const exact = withLogits.grad;
  return {
    withLogits,
    bce: line,
    p,
    clamped: line.ok && (clamps.logP || clamps.log1mP),
    gradientLost:
      line.ok &&
      !forgotSigmoid &&
      Math.abs(line.grad - exact) > 1e-3 * Math.max(Math.abs(exact), 1e-12),
    printed: lines.join('\n'),
  };
}

export class KlBceLabState implements ShareableState {
  /** The id of this cell's state in a shared link. */
  readonly cellId: string;
  scenario: Scenario = $state('log-input');
  /** Scenario 3: pass z straight to BCELoss, as if it were a probability. */
  forgotSigmoid: boolean = $state(false);
  readonly studentInputs: readonly NumberInput[];
  readonly teacherInputs: readonly NumberInput[];
  readonly batchInput = new NumberInput({
    name: 'batch size N',
    ...BATCH_RANGE,
    integer: true,
    value: 0,
  });
  readonly classInput = new NumberInput({
    name: 'classes C',
    ...CLASS_RANGE,
    integer: true,
    value: 0,
  });
  readonly zInput: NumberInput;
  readonly targetInput: NumberInput;
  readonly width: FigureWidth;

  readonly student: number[] = $derived.by(() => this.studentInputs.map((i) => i.value));
  readonly teacher: number[] = $derived.by(() => this.teacherInputs.map((i) => i.value));

  /** Only the active scenario is computed. */
  readonly result: LogInputResult | ReductionResult | BceResult = $derived.by(() =>
    timed('kl-bce-lab', () => {
      if (this.scenario === 'log-input') return logInput(this.student, this.teacher);
      if (this.scenario === 'mean-batchmean')
        return reductions(this.batchInput.value, this.classInput.value);
      return bce(this.zInput.value, this.targetInput.value, this.forgotSigmoid);
    }),
  );

  readonly program: PyTorchProgram = $derived.by(() => ({
    code: this.programCode(),
    printed: this.result.printed,
  }));

  readonly error: string | null = $derived.by(() => {
    if (this.scenario === 'log-input')
      return errorLine(...this.studentInputs, ...this.teacherInputs);
    if (this.scenario === 'mean-batchmean') return errorLine(this.batchInput, this.classInput);
    return errorLine(this.zInput, this.targetInput);
  });

  readonly view: ResultView = $derived.by(() => this.buildView());
  readonly summary: string = $derived.by(() =>
    [
      ...this.view.rows.map(
        (row) =>
          `${row.name}: ${row.cells.map((entry, i) => `${this.view.head[i + 1] ?? ''} ${entry}`).join(', ')}.`,
      ),
      this.view.note,
    ]
      .join(' ')
      .trim(),
  );

  /** The inputs in words, the caption of the printed cell: the gotcha shown and its own fields. */
  readonly parameters: string = $derived.by(() => {
    const gotcha = `gotcha: ${SCENARIOS.find((s) => s.value === this.scenario)?.label ?? this.scenario}; `;
    if (this.scenario === 'log-input') {
      return (
        gotcha +
        `student logits o = ${formatTuple(this.student)}, teacher logits v = ${formatTuple(this.teacher)}`
      );
    }
    if (this.scenario === 'mean-batchmean') {
      return (
        gotcha + `batch size N = ${this.batchInput.value}, classes C = ${this.classInput.value}`
      );
    }
    return (
      gotcha +
      `logit z = ${formatPlain(this.zInput.value)}, target y = ${formatPlain(this.targetInput.value)}` +
      (this.forgotSigmoid ? ', sigmoid forgotten (z passed to BCELoss)' : '')
    );
  });

  constructor(props: KlBceLabProps = {}) {
    const check = new PropsCheck('KlBceLab');
    const scenario = props.scenario ?? 'log-input';
    const student = props.student ?? DEFAULT_STUDENT;
    const teacher = props.teacher ?? DEFAULT_TEACHER;
    const z = props.z ?? DEFAULT_Z;
    const target = props.target ?? DEFAULT_TARGET;
    // The build checks the chapter's props; the browser gets the same props, already checked.
    if (import.meta.env.SSR) {
      if (!SCENARIOS.some((s) => s.value === scenario)) {
        check.fail(
          'scenario',
          `be one of ${SCENARIOS.map((s) => `'${s.value}'`).join(', ')}`,
          scenario,
        );
      }
      check.vector('student', student, LOGIT_RANGE);
      check.sameLength('teacher', teacher, 'student', student.length);
      check.vector('teacher', teacher, LOGIT_RANGE);
      check.number('z', z, Z_RANGE);
      check.number('target', target, { min: 0, max: 1 });
    }
    this.width = check.width(props.width, 'page');
    this.cellId = check.cellId(props.cellId, 'kl-bce-lab');
    this.scenario = scenario;
    this.studentInputs = student.map(
      (value, j) =>
        new NumberInput({ name: `student logit o${subscript(j + 1)}`, ...LOGIT_RANGE, value }),
    );
    this.teacherInputs = teacher.map(
      (value, j) =>
        new NumberInput({ name: `teacher logit v${subscript(j + 1)}`, ...LOGIT_RANGE, value }),
    );
    this.batchInput.setValue(DEFAULT_BATCH.n);
    this.classInput.setValue(DEFAULT_BATCH.c);
    this.zInput = new NumberInput({ name: 'logit z', ...Z_RANGE, value: z });
    this.targetInput = new NumberInput({ name: 'target y', min: 0, max: 1, value: target });
  }

  setScenario(scenario: Scenario): void {
    this.scenario = scenario;
  }

  setBatch(text: string): void {
    this.batchInput.set(text);
  }

  setClasses(text: string): void {
    this.classInput.set(text);
  }

  setForgotSigmoid(forgot: boolean): void {
    this.forgotSigmoid = forgot;
  }

  /** The state a link reproduces: the scenario and every scenario's inputs. */
  shareState(): Record<string, string> {
    const values = (inputs: readonly NumberInput[]) => encodeNumbers(inputs.map((i) => i.value));
    return {
      v: SCENARIO_KEYS[this.scenario],
      o: values(this.studentInputs),
      t: values(this.teacherInputs),
      n: String(this.batchInput.value),
      c: String(this.classInput.value),
      z: String(this.zInput.value),
      y: String(this.targetInput.value),
      raw: this.forgotSigmoid ? '1' : '0',
    };
  }

  /** Check every value of a link first; apply them all, or nothing and say what was wrong. */
  restoreState(read: StateReader): string | null {
    const key = read.choice('v', Object.values(SCENARIO_KEYS));
    const count = this.studentInputs.length;
    const logits = { minLength: count, maxLength: count, ...LOGIT_RANGE };
    const o = read.numbers('o', logits);
    const t = read.numbers('t', logits);
    const n = read.number('n', { ...BATCH_RANGE, integer: true });
    const c = read.number('c', { ...CLASS_RANGE, integer: true });
    const z = read.number('z', Z_RANGE);
    const y = read.number('y', { min: 0, max: 1 });
    const raw = read.choice('raw', ['0', '1']);
    const scenario = SCENARIOS.find((s) => SCENARIO_KEYS[s.value] === key)?.value;
    const done = read.done(scenario, o, t, n, c, z, y, raw);
    if (typeof done === 'string') return done;
    const [v, student, teacher, batch, classes, logit, target, sigmoidOff] = done;
    this.studentInputs.forEach((input, j) => input.setValue(student[j] as number));
    this.teacherInputs.forEach((input, j) => input.setValue(teacher[j] as number));
    this.batchInput.setValue(batch);
    this.classInput.setValue(classes);
    this.zInput.setValue(logit);
    this.targetInput.setValue(target);
    this.forgotSigmoid = sigmoidOff === '1';
    this.scenario = v;
    return null;
  }

  private programCode(): string {
    if (this.scenario === 'log-input') return logInputProgram(this.student, this.teacher);
    if (this.scenario === 'mean-batchmean') {
      const { student, teacher } = batchLogits(this.batchInput.value, this.classInput.value);
      return reductionProgram(student, teacher);
    }
    return bceProgram(this.zInput.value, this.targetInput.value, this.forgotSigmoid);
  }

  /** The outputs table: a row per computation, problem entries marked, and a note under it. */
  private buildView(): ResultView {
    const r = this.result;
    if ('right' in r) {
      return {
        head: ['call', 'value', 'verdict'],
        numbers: 1,
        rows: [
          {
            id: 'right',
            name: 'kl_div(log_softmax(o), p)',
            cells: [x(r.right), 'right: log-probabilities in'],
          },
          {
            id: 'wrong',
            name: 'kl_div(softmax(o), p)',
            cells: [
              x(r.wrong),
              r.wrong < 0 ? 'wrong: negative, which no KL divergence can be' : 'wrong',
            ],
            bad: true,
          },
          { id: 'true', name: 'Σ p (log p − log q)', cells: [x(r.trueKl), 'the true KL(p ‖ q)'] },
        ],
        note: '',
      };
    }
    if ('mean' in r) {
      return {
        head: ['reduction', 'value', 'divides by'],
        numbers: 1,
        rows: [
          { id: 'mean', name: "'mean'", cells: [x(r.mean), `N·C = ${r.n * r.c}`], bad: true },
          { id: 'batchmean', name: "'batchmean'", cells: [x(r.batchmean), `N = ${r.n}`] },
          {
            id: 'true',
            name: 'Σ p (log p − log q) / N',
            cells: [x(r.trueKl), 'the true KL per sample'],
          },
        ],
        note: `'batchmean' ÷ 'mean' = ${x(r.batchmean / r.mean)}: the factor C = ${r.c}. PyTorch also warns about 'mean', on stderr, which the printed block leaves out.`,
      };
    }
    const forgot = this.forgotSigmoid;
    const bce = r.bce;
    const notes = [
      forgot
        ? ''
        : `In float32, sigmoid(z) = ${x(r.p)}${r.p === 1 || r.p === 0 ? `, exactly ${r.p}` : ''}.`,
      r.clamped
        ? `BCELoss's log of ${r.p === 1 ? '1 − p' : 'p'} is below −100, so it counts as −100.`
        : '',
      r.gradientLost
        ? "The gradient through the sigmoid is lost: p(1 − p) is below BCELoss's floor of 1e-12."
        : '',
      // Before the clamp, a probability near 1 keeps few bits of 1 − p in float32.
      !r.clamped && bce.ok && Math.abs(bce.loss - r.withLogits.loss) > 1e-3
        ? `In float32, ${r.p > 0.5 ? '1 − p' : 'p'} keeps only a few significant bits here, so BCELoss is already off by ${x(Math.abs(bce.loss - r.withLogits.loss))}.`
        : '',
    ];
    return {
      head: ['loss', 'ℓ', '∂ℓ/∂z'],
      numbers: 2,
      rows: [
        {
          id: 'with-logits',
          name: 'BCEWithLogitsLoss',
          cells: [x(r.withLogits.loss), x(r.withLogits.grad)],
        },
        {
          id: 'bce',
          name: forgot ? 'BCELoss on z' : 'sigmoid + BCELoss',
          cells: bce.ok ? [x(bce.loss), x(bce.grad)] : ['raises', bce.error],
          bad: !bce.ok || r.clamped || r.gradientLost,
        },
      ],
      note: notes.filter(Boolean).join(' '),
    };
  }
}
