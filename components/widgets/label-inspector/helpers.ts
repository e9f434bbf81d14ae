// Pure pieces of the label-format inspector: a strict parser of the Python list literals a reader
// types (never evaluated), the three forms of a target (class indices, one-hot rows, probability
// rows) and how each converts to the others, the presets, the program's step plan, and the
// Python exception type of each PyTorch message. The loss-core calls live in the state class.
import { torchTensor } from '../../../src/pytorch/program';
import { parseNumberField } from '../shared/number-field';

/** The dtypes a reader can give the target: PyTorch's index dtype and its default float. */
export const TARGET_DTYPES = ['int64', 'float32'] as const;
export type TargetDType = (typeof TARGET_DTYPES)[number];

/** The longest literal the fields read, in characters. */
export const TEXT_LIMIT = 600;
/** The most numbers in one list of a literal (a row, or the list of rows). */
export const LIST_LIMIT = 16;
/** Whole numbers a target may hold: far beyond any class count, well inside int64. */
export const INDEX_LIMIT = 1e6;
/** Logits are typed freely within this magnitude. */
export const LOGIT_LIMIT = 1e4;
/** The logits' batch and class counts the cell lays out. */
export const BATCH_RANGE = { min: 1, max: 8 } as const;
export const CLASS_RANGE = { min: 2, max: 8 } as const;

export const DEFAULT_LOGITS: readonly (readonly number[])[] = [
  [2, 1, 0.1, -1],
  [0.5, 2.5, -0.5, 0],
  [1, 0, 0.3, 2],
];
export const DEFAULT_TARGET = '[2, 0, 3]';

/** A parsed list literal: its shape (one or two dims) and its numbers, row-major. */
export interface Literal {
  readonly shape: readonly number[];
  readonly values: readonly number[];
}

export type LiteralResult = { ok: true; literal: Literal } | { ok: false; message: string };

/** One token of a literal: a bracket, a comma, or a number with its text. */
type Token = { kind: '[' | ']' | ',' } | { kind: 'number'; text: string };

/** Python's int and float literals (no underscores, no hex, no inf or nan). */
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/;
/** A whole number written with a leading zero, such as 007: a SyntaxError in Python 3 (00 is fine). */
const LEADING_ZERO = /^[-+]?0+[1-9]\d*$/;

/** One number of a literal as the cells' fields read it (no silent rounding to 0 or ∞), or the problem. */
function literalNumber(text: string, name: string): number | string {
  if (LEADING_ZERO.test(text)) {
    return `${name}: “${text}” starts with 0, which Python refuses in a whole number; write ${Number(text)}.`;
  }
  const parsed = parseNumberField(text, { name });
  // −0 reads as 0: a class or a probability has no sign of zero, and a link keeps none.
  return parsed.ok ? parsed.value + 0 : parsed.message;
}

/** Split a literal into tokens, or say which character has no place in it. */
function tokenize(text: string, name: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '[' || ch === ']' || ch === ',') {
      tokens.push({ kind: ch });
      i++;
    } else {
      // The typographic minus, as the cells print numbers, reads as a hyphen-minus.
      const match = NUMBER.exec(text.slice(i).replace(/^\u2212/, '-'));
      if (match === null) {
        if (/^(torch|F)\./.test(text.slice(i))) {
          return `${name}: type just the list, such as [2, 0, 3], and choose the dtype below.`;
        }
        return `${name}: “${text.slice(i, i + 12)}” at character ${i + 1} is not a number, a bracket or a comma.`;
      }
      tokens.push({ kind: 'number', text: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

/**
 * Read a Python list literal of numbers, one or two levels deep and rectangular, as
 * `torch.tensor` would take it; anything else becomes a sentence naming the problem.
 * @example parseLiteral('[[0, 1], [1, 0]]', 'target') // { ok: true, literal: { shape: [2, 2], … } }
 */
export function parseLiteral(text: string, name: string, example = '[2, 0, 3]'): LiteralResult {
  const fail = (message: string): LiteralResult => ({ ok: false, message });
  const typed = text.trim();
  if (typed === '') return fail(`${name} is empty: type a list such as ${example}.`);
  if (typed.length > TEXT_LIMIT) {
    return fail(`${name} is ${typed.length} characters long; the cell reads up to ${TEXT_LIMIT}.`);
  }
  const tokens = tokenize(typed, name);
  if (typeof tokens === 'string') return fail(tokens);
  let position = 0;
  const rows: number[][] = [];
  let depth: number;

  /** A list of numbers `[a, b, …]` (a trailing comma allowed, as in Python). */
  const readNumbers = (): number[] | string => {
    const numbers: number[] = [];
    for (;;) {
      const token = tokens[position];
      if (token?.kind === ']') {
        position++;
        return numbers;
      }
      if (token?.kind === '[')
        return `${name}: lists nest at most two deep, like [[0, 1], [1, 0]].`;
      if (token?.kind === ',') {
        return numbers.length === 0
          ? `${name}: a list starts with a comma; a number comes first, as in [2, 0].`
          : `${name}: two commas in a row; a number goes between them.`;
      }
      if (token?.kind !== 'number') return `${name}: a list is not closed with “]”.`;
      const value = literalNumber(token.text, name);
      if (typeof value === 'string') return value;
      numbers.push(value);
      position++;
      const next = tokens[position];
      if (next?.kind === ',') position++;
      else if (next === undefined) return `${name}: a list is not closed with “]”.`;
      else if (next.kind !== ']') return `${name}: numbers must be separated by commas.`;
      if (numbers.length > LIST_LIMIT) {
        return `${name}: a list holds at most ${LIST_LIMIT} numbers here.`;
      }
    }
  };

  if (tokens[0]?.kind !== '[')
    return fail(`${name} must be a list in brackets, such as ${example}.`);
  position = 1;
  if (tokens[1]?.kind === '[') {
    depth = 2;
    for (;;) {
      const token = tokens[position];
      if (token?.kind === ']') {
        position++;
        break;
      }
      if (token?.kind !== '[') {
        return fail(
          token === undefined
            ? `${name}: a list is not closed with “]”.`
            : `${name}: every entry of the outer list must be a row [ … ].`,
        );
      }
      position++;
      const row = readNumbers();
      if (typeof row === 'string') return fail(row);
      rows.push(row);
      if (rows.length > LIST_LIMIT) return fail(`${name}: at most ${LIST_LIMIT} rows here.`);
      const next = tokens[position];
      if (next?.kind === ',') position++;
      else if (next?.kind !== ']') return fail(`${name}: rows must be separated by commas.`);
    }
  } else {
    depth = 1;
    const numbers = readNumbers();
    if (typeof numbers === 'string') return fail(numbers);
    rows.push(numbers);
  }
  if (position !== tokens.length) return fail(`${name}: something follows the closing “]”.`);
  const values = rows.flat();
  if (depth === 1) {
    if (values.length === 0) return fail(`${name} is an empty list: give at least one number.`);
    return { ok: true, literal: { shape: [values.length], values } };
  }
  const width = rows[0]?.length ?? 0;
  if (rows.length === 0 || width === 0) {
    return fail(`${name} has an empty row: give every row at least one number.`);
  }
  const ragged = rows.findIndex((row) => row.length !== width);
  if (ragged >= 0) {
    const length = rows[ragged]?.length;
    return fail(
      `${name}: row ${ragged + 1} has ${length} ${length === 1 ? 'number' : 'numbers'} and row 1 has ${width}; a tensor's rows all have one length.`,
    );
  }
  return { ok: true, literal: { shape: [rows.length, width], values } };
}

/** Read the logits: rows of finite numbers, 1–8 rows of 2–8 classes. */
export function parseLogits(text: string): LiteralResult {
  const name = 'Logits x';
  const parsed = parseLiteral(text, name, '[[2, 1, 0.1]]');
  if (!parsed.ok) return parsed;
  const [rows, classes] = parsed.literal.shape;
  if (classes === undefined) {
    return { ok: false, message: `${name} must be rows of logits, such as [[2, 1, 0.1]].` };
  }
  if (
    (rows as number) > BATCH_RANGE.max ||
    classes < CLASS_RANGE.min ||
    classes > CLASS_RANGE.max
  ) {
    return {
      ok: false,
      message: `${name} must have ${BATCH_RANGE.min}–${BATCH_RANGE.max} rows of ${CLASS_RANGE.min}–${CLASS_RANGE.max} classes, got ${rows} × ${classes}.`,
    };
  }
  if (parsed.literal.values.some((v) => Math.abs(v) > LOGIT_LIMIT)) {
    return { ok: false, message: `${name}: keep every logit within ±${LOGIT_LIMIT}.` };
  }
  return parsed;
}

/** Check a target literal against its dtype: int64 holds whole numbers only. */
export function checkTargetValues(literal: Literal, dtype: TargetDType): string | null {
  if (dtype === 'float32') return null;
  const bad = literal.values.find((v) => !Number.isInteger(v));
  if (bad !== undefined) {
    return `Target: int64 holds whole numbers and ${bad} is not one; choose float32 for probabilities.`;
  }
  if (literal.values.some((v) => Math.abs(v) > INDEX_LIMIT)) {
    return `Target: keep whole numbers within ±${INDEX_LIMIT} here.`;
  }
  return null;
}

/** The literal as nested rows, for torch.tensor. */
export function nested(literal: Literal): number[] | number[][] {
  const [rows, columns] = literal.shape;
  if (columns === undefined) return [...literal.values];
  return Array.from({ length: rows as number }, (_, r) =>
    literal.values.slice(r * columns, (r + 1) * columns),
  );
}

/** Numbers, or rows of numbers, as the fields show them: [2, 0, 3] or [[0, 1], [1, 0]]. */
export function listText(values: readonly (number | readonly number[])[]): string {
  return `[${values.map((v) => (typeof v === 'number' ? String(v) : listText(v))).join(', ')}]`;
}

/** A literal as the field shows it. */
export function literalText(literal: Literal): string {
  return listText(nested(literal));
}

/** How PyTorch reads a target against (N, C) logits: same shape → probabilities, else indices. */
export type TargetPath = 'probabilities' | 'indices';

export function targetPath(shape: readonly number[], logitShape: readonly number[]): TargetPath {
  return shape.length === logitShape.length && shape.every((s, i) => s === logitShape[i])
    ? 'probabilities'
    : 'indices';
}

/** One row of the target in the three forms; null where that form does not exist. */
export interface FormRow {
  readonly index: number | null;
  readonly oneHot: readonly number[] | null;
  readonly probability: readonly number[] | null;
}

/** The target converted to every form, with what a conversion loses or why it cannot be made. */
export interface Forms {
  readonly rows: readonly FormRow[];
  /** A sentence on the conversions: lossless, what argmax drops, or why one is impossible. */
  readonly note: string;
  /** True when every form exists and carries the same information. */
  readonly lossless: boolean;
}

/** The one-hot vector e_k of length C, or null when k is not a class. */
export function oneHotRow(k: number, classes: number): number[] | null {
  if (!Number.isInteger(k) || k < 0 || k >= classes) return null;
  return Array.from({ length: classes }, (_, c) => (c === k ? 1 : 0));
}

/** The first largest entry's position, as torch.argmax picks it. */
export function argmax(row: readonly number[]): number {
  let best = 0;
  row.forEach((v, i) => {
    if (v > (row[best] as number)) best = i;
  });
  return best;
}

/** Whether a row is exactly a one-hot vector. */
function isOneHot(row: readonly number[]): boolean {
  return row.filter((v) => v === 1).length === 1 && row.every((v) => v === 0 || v === 1);
}

/**
 * A target in all three forms for C classes: indices give one-hot rows (also valid probability
 * rows); rows give indices by argmax, exact only when every row is one-hot.
 */
/** Whether a target is a column of whole numbers, shape (N, 1): indices with one dimension too many. */
export function isIndexColumn(literal: Literal): boolean {
  return literal.shape[1] === 1 && literal.values.every(Number.isInteger);
}

export function targetForms(literal: Literal, classes: number): Forms {
  const rowsOf = nested(literal);
  const column = isIndexColumn(literal);
  if (literal.shape.length === 1 || column) {
    const indices = column ? [...literal.values] : (rowsOf as number[]);
    const rows = indices.map((k) => {
      const oneHot = oneHotRow(k, classes);
      return { index: Number.isInteger(k) ? k : null, oneHot, probability: oneHot };
    });
    const whole = indices.every(Number.isInteger);
    const outside = indices.find((k) => Number.isInteger(k) && (k < 0 || k >= classes));
    const note = !whole
      ? 'These are not whole numbers, so they name no class.'
      : outside !== undefined
        ? `${outside} is not a class 0–${classes - 1}, so it has no one-hot row.`
        : 'Indices → one-hot: nothing is lost; a one-hot row is also a probability row.';
    return {
      rows,
      note: column
        ? `A column of shape (N, 1) holds class indices; target.squeeze(1) gives the shape (N,) PyTorch wants. ${note}`
        : note,
      lossless: whole && outside === undefined,
    };
  }
  const matrix = rowsOf as number[][];
  const width = literal.shape[1] as number;
  const rows = matrix.map((row) => {
    const index = argmax(row);
    return { index, oneHot: oneHotRow(index, width), probability: row };
  });
  const soft = matrix.filter((row) => !isOneHot(row)).length;
  const notDistributions = matrix.filter(
    (row) => row.some((v) => v < 0) || Math.abs(row.reduce((a, b) => a + b, 0) - 1) > 1e-6,
  ).length;
  const parts = [
    soft === 0
      ? 'Every row is one-hot, so argmax recovers the indices exactly.'
      : `argmax keeps only each row's largest entry: ${soft} of ${matrix.length} rows ${soft === 1 ? 'is' : 'are'} not one-hot, and what ${soft === 1 ? 'it says' : 'they say'} about the other classes is lost.`,
  ];
  if (width !== classes) {
    parts.push(
      `Rows have ${width} ${width === 1 ? 'entry' : 'entries'} but x has ${classes} classes.`,
    );
  }
  if (notDistributions > 0) {
    parts.push(
      `${notDistributions} ${notDistributions === 1 ? 'row is' : 'rows are'} not a distribution (entries ≥ 0 summing to 1); PyTorch does not check.`,
    );
  }
  return { rows, note: parts.join(' '), lossless: soft === 0 && width === classes };
}

/** The steps a program can take, in the order the plan lists them. */
export type StepKind =
  | 'info'
  | 'as-is'
  | 'one-hot'
  | 'loss-one-hot'
  | 'argmax'
  | 'loss-argmax'
  | 'long'
  | 'float'
  | 'squeeze'
  | 'squeeze-long';

/** A step: its lines of code, and whether it runs only when it succeeds (a fix before a failure). */
export interface PlannedStep {
  readonly kind: StepKind;
  readonly lines: readonly string[];
}

/** The code of each step, for C classes. */
export function stepLines(kind: StepKind, classes: number): string[] {
  switch (kind) {
    case 'info':
      return ['print(target.shape, target.dtype)'];
    case 'as-is':
      return ['print(F.cross_entropy(x, target))'];
    case 'one-hot':
      return [`one_hot = F.one_hot(target, num_classes=${classes}).float()`, 'print(one_hot)'];
    case 'loss-one-hot':
      return ['print(F.cross_entropy(x, one_hot))'];
    case 'argmax':
      return ['index = target.argmax(dim=1)', 'print(index)'];
    case 'loss-argmax':
      return ['print(F.cross_entropy(x, index))'];
    case 'long':
      return ['print(F.cross_entropy(x, target.long()))'];
    case 'float':
      return ['print(F.cross_entropy(x, target.float()))'];
    case 'squeeze':
      return ['print(F.cross_entropy(x, target.squeeze(1)))'];
    case 'squeeze-long':
      return ['print(F.cross_entropy(x, target.squeeze(1).long()))'];
  }
}

/**
 * What the program does for a target: print its shape and dtype, then the loss as typed and
 * the other form's loss; or, when the target as typed fails, the fixes first and the failing
 * call last (a Python program stops at its first error).
 */
export function planSteps(
  shape: readonly number[],
  dtype: TargetDType,
  column = false,
): {
  readonly first: readonly StepKind[];
  readonly fixes: readonly StepKind[];
  readonly after: readonly StepKind[];
} {
  const twoDim = shape.length === 2;
  // A column of indices, shape (N, 1): squeeze(1) is the fix, whatever the dtype.
  if (column) {
    return {
      first: ['info'],
      fixes: [dtype === 'int64' ? 'squeeze' : 'squeeze-long'],
      after: ['as-is'],
    };
  }
  if (dtype === 'int64' && !twoDim) {
    return { first: ['info'], fixes: [], after: ['as-is', 'one-hot', 'loss-one-hot'] };
  }
  if (dtype === 'float32' && twoDim) {
    return { first: ['info'], fixes: [], after: ['as-is', 'argmax', 'loss-argmax'] };
  }
  // Float indices or int64 rows: the fixes people reach for, then the call as typed.
  return {
    first: ['info'],
    fixes: twoDim ? ['float', 'argmax', 'loss-argmax'] : ['long'],
    after: ['as-is'],
  };
}

/** The lines that build x and the target, in float32 as PyTorch's default. */
export function setupLines(logits: Literal, target: Literal, dtype: TargetDType): string[] {
  return [`x = ${torchTensor(nested(logits))}`, `target = ${torchTensor(nested(target), dtype)}`];
}

/** What print(t.shape, t.dtype) shows: torch.Size([3]) torch.int64. */
export function shapeAndDtype(shape: readonly number[], dtype: TargetDType): string {
  return `torch.Size([${shape.join(', ')}]) torch.${dtype}`;
}

/** A preset target: a name, the text, and its dtype. */
export interface Preset {
  readonly id: string;
  readonly label: string;
  readonly text: string;
  readonly dtype: TargetDType;
}

export const PRESETS: readonly Preset[] = [
  { id: 'indices', label: 'class indices', text: '[2, 0, 3]', dtype: 'int64' },
  {
    id: 'one-hot',
    label: 'one-hot, float',
    text: '[[0, 0, 1, 0], [1, 0, 0, 0], [0, 0, 0, 1]]',
    dtype: 'float32',
  },
  {
    id: 'soft',
    label: 'soft rows',
    text: '[[0.1, 0.1, 0.7, 0.1], [0.6, 0.2, 0.1, 0.1], [0, 0, 0.5, 0.5]]',
    dtype: 'float32',
  },
  {
    id: 'smoothed',
    label: 'smoothed rows (ε = 0.1)',
    text: '[[0.025, 0.025, 0.925, 0.025], [0.925, 0.025, 0.025, 0.025], [0.025, 0.025, 0.025, 0.925]]',
    dtype: 'float32',
  },
  { id: 'float-indices', label: 'mistake: float indices', text: '[2, 0, 3]', dtype: 'float32' },
  {
    id: 'int-one-hot',
    label: 'mistake: int64 one-hot',
    text: '[[0, 0, 1, 0], [1, 0, 0, 0], [0, 0, 0, 1]]',
    dtype: 'int64',
  },
  { id: 'short', label: 'mistake: too few labels', text: '[2, 0]', dtype: 'int64' },
  {
    id: 'column',
    label: 'mistake: labels of shape (N, 1)',
    text: '[[2], [0], [3]]',
    dtype: 'int64',
  },
  { id: 'out-of-range', label: 'mistake: label 4 with C = 4', text: '[2, 0, 4]', dtype: 'int64' },
  { id: 'ignored', label: 'ignore_index −100', text: '[2, -100, 3]', dtype: 'int64' },
];
