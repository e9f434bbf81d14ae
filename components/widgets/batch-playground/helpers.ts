// Pure pieces of the batch playground: its limits and starting batch, the PyTorch program it
// shows, PyTorch's error type for a core message, the reduction written out with its numbers,
// and the strict reading of a shared state. The loss-core calls live in the state class.
import {
  pyFloat,
  pyInt,
  pyPrint,
  pyProgram,
  pyStr,
  torchTensor,
} from '../../../src/pytorch/program';
import { formatFixed, formatShort, subscript } from '../shared/format';

/** How many samples (rows) and classes (columns) the table takes. */
export const SAMPLES = { min: 1, max: 16 } as const;
export const CLASSES = { min: 2, max: 8 } as const;
/** Logits and class weights are typed freely within this range. */
export const LOGIT_RANGE = { min: -1e6, max: 1e6 } as const;
export const WEIGHT_RANGE = { min: -1e6, max: 1e6 } as const;
/** Targets and ignore_index are whole numbers in this range (PyTorch takes any int64). */
export const INDEX_RANGE = { min: -1000, max: 1000 } as const;
/** label_smoothing ε, as PyTorch accepts it. */
export const SMOOTHING_RANGE = { min: 0, max: 1 } as const;
/** PyTorch's default ignore_index. */
export const DEFAULT_IGNORE_INDEX = -100;

export const REDUCTIONS = ['none', 'sum', 'mean'] as const;
export type BatchReduction = (typeof REDUCTIONS)[number];

/**
 * How the program writes the target: class indices (int64, PyTorch's usual form), or the same
 * indices as floats, a float target whose shape is not the input's, which PyTorch refuses.
 */
export const TARGET_FORMS = ['index', 'float-index'] as const;
export type TargetForm = (typeof TARGET_FORMS)[number];

/** The batch the cell starts from unless the chapter passes another. */
export const DEFAULT_BATCH = {
  logits: [
    [1, 2, 3],
    [0.5, -1, 2],
    [3, 0, -2],
    [0.1, 0.2, 0.3],
  ],
  targets: [2, 0, 1, 2],
} as const;

/** Everything the program depends on, as plain numbers. */
export interface BatchSetup {
  readonly logits: readonly (readonly number[])[];
  readonly targets: readonly number[];
  /** Class weights, or null for none. Their count may differ from the classes' (PyTorch refuses). */
  readonly weight: readonly number[] | null;
  readonly ignoreIndex: number;
  readonly reduction: BatchReduction;
  readonly labelSmoothing: number;
  readonly targetForm: TargetForm;
}

/**
 * The complete PyTorch 1.13 program the cell mirrors, in float32 (PyTorch's default): the
 * module form with its options, backward (through a sum for 'none', which PyTorch needs for a
 * non-scalar loss), then the loss and the gradient with respect to the logits.
 */
export function batchProgramCode(setup: BatchSetup): string {
  const options = [
    ...(setup.weight === null ? [] : ['weight=weight']),
    ...(setup.ignoreIndex === DEFAULT_IGNORE_INDEX
      ? []
      : [`ignore_index=${pyInt(setup.ignoreIndex)}`]),
    `reduction=${pyStr(setup.reduction)}`,
    ...(setup.labelSmoothing === 0 ? [] : [`label_smoothing=${pyFloat(setup.labelSmoothing)}`]),
  ];
  // One sample per line, so the table and the program read alike.
  const rows = setup.logits.map(
    (row) => `    ${torchTensor([...row]).slice('torch.tensor('.length, -1)},`,
  );
  return pyProgram([
    'x = torch.tensor([',
    ...rows,
    '], requires_grad=True)',
    `target = ${torchTensor([...setup.targets], setup.targetForm === 'index' ? 'int64' : 'float32')}`,
    ...(setup.weight === null ? [] : [`weight = ${torchTensor([...setup.weight])}`]),
    `criterion = torch.nn.CrossEntropyLoss(${options.join(', ')})`,
    'loss = criterion(x, target)',
    setup.reduction === 'none' ? 'loss.sum().backward()' : 'loss.backward()',
    pyPrint('loss.detach()'),
    pyPrint('x.grad'),
  ]);
}

/** The reduction with its actual numbers: the symbols, the values, and the result. */
export interface WrittenReduction {
  /** e.g. "L = (ℓ₀ + ℓ₂) / (w₂ + w₀)". */
  readonly symbols: string;
  /** e.g. "= (0.4076 + 1.2) / (3 + 1)". */
  readonly numbers: string;
  /** e.g. "= 1.6076 / 4 = 0.4019". */
  readonly result: string;
}

/** One sample as the written reduction needs it. */
export interface SampleTerm {
  readonly n: number;
  /** ℓ_n as reduction='none' gives it (weights and smoothing included). */
  readonly loss: number;
  /** The sample's share of the mean's denominator: w[k_n], or 1 without weights. */
  readonly denominator: number;
  /** The class whose weight that share is, or null where the share is not a class weight. */
  readonly weightClass: number | null;
  readonly ignored: boolean;
}

/** A sum written out, or "0" when nothing is summed. */
const sumOf = (terms: readonly string[]) => (terms.length === 0 ? '0' : terms.join(' + '));
/** A value as the written reduction shows it: four decimals, true minus signs; nan as PyTorch prints it. */
const four = (x: number) => (Number.isNaN(x) ? 'nan' : formatFixed(x, 4));
/** A weight or weight total: short, with a true minus sign. */
const short = (x: number) => formatShort(x).replace('-', '−');
/** Wrap a sum of several terms in brackets, so "a + b / c" never misreads. */
const bracket = (terms: readonly string[]) =>
  terms.length > 1 ? `(${sumOf(terms)})` : sumOf(terms);

/**
 * Write the reduction out: 'sum' adds ℓ_n over the samples that count, 'mean' divides that by
 * the sum of their target-class weights (index targets) or by N (probability targets), 'none'
 * keeps the vector.
 */
export function writeReduction(
  reduction: BatchReduction,
  terms: readonly SampleTerm[],
  result: number,
): WrittenReduction {
  const counted = terms.filter((t) => !t.ignored);
  const lossSymbols = counted.map((t) => `ℓ${subscript(t.n)}`);
  const lossValues = counted.map((t) => four(t.loss));
  if (reduction === 'none') {
    return {
      symbols: `L = (${terms.map((t) => `ℓ${subscript(t.n)}`).join(', ')})`,
      numbers: `= (${terms.map((t) => four(t.loss)).join(', ')})`,
      result: 'backward() runs on their sum',
    };
  }
  const numerator = counted.reduce((a, t) => a + t.loss, 0);
  // Nothing counts: "L = 0" or "L = 0 / 0", then the result, with no line of numbers repeating it.
  if (counted.length === 0) {
    return {
      symbols: reduction === 'sum' ? 'L = 0' : 'L = 0 / 0',
      numbers: '',
      result: `= ${four(result)}`,
    };
  }
  if (reduction === 'sum') {
    return {
      symbols: `L = ${sumOf(lossSymbols)}`,
      numbers: `= ${sumOf(lossValues)}`,
      result: `= ${four(result)}`,
    };
  }
  const denominatorSymbols = counted.map((t) =>
    t.weightClass === null ? '1' : `w${subscript(t.weightClass)}`,
  );
  const denominatorValues = counted.map((t) => short(t.denominator));
  const denominator = counted.reduce((a, t) => a + t.denominator, 0);
  return {
    symbols: `L = ${bracket(lossSymbols)} / ${bracket(denominatorSymbols)}`,
    numbers: `= ${bracket(lossValues)} / ${bracket(denominatorValues)}`,
    result: `= ${four(numerator)} / ${short(denominator)} = ${four(result)}`,
  };
}
