// Per-row kernels of the softmax family over one contiguous float64 row x[start, start + C).
// They allocate nothing, carry no data-dependent branch inside their loops and only ever see
// Float64Array: V8 then keeps the loops on unboxed doubles with monomorphic loads, which is
// what lets cross-entropy beat a plain Math.exp pass. RowReader feeds them any input layout.
import { fastExp } from './fast-exp';
import type { TensorData } from './tensor';

/** The largest logit of a row; NaN never wins (it poisons the exp pass that follows instead). */
export function rowMax(x: Float64Array, start: number, classes: number): number {
  let max = -Infinity;
  for (let i = start, end = start + classes; i < end; i++) {
    const v = x[i] as number;
    max = v > max ? v : max;
  }
  return max;
}

/** Σ_c exp(x_c − ref): finite whenever no logit exceeds ref by more than ~709. */
export function rowSumExp(x: Float64Array, start: number, classes: number, ref: number): number {
  let sum = 0;
  for (let i = start, end = start + classes; i < end; i++) sum += fastExp((x[i] as number) - ref);
  return sum;
}

// #region neg-log-softmax
/**
 * −log softmax(x)_k = log Σ_c exp(x_c − x_k), in one exp pass referenced to x_k itself.
 * The sum is ≥ 1 (the c = k term), so it cannot underflow; if some logit exceeds x_k by
 * more than ~709 it overflows, and only then is the row max found and the sum redone.
 * Non-finite rows come out as PyTorch has them: NaN for NaN/+∞/all −∞, +∞ for a −∞ target.
 */
export function rowNegLogSoftmaxAt(
  x: Float64Array,
  start: number,
  classes: number,
  k: number,
): number {
  const xk = x[start + k] as number;
  const sum = rowSumExp(x, start, classes, xk);
  // 0 − log s, negated twice, so a one-class row gives −0 exactly as PyTorch's −lp does.
  if (sum < Infinity) return -(0 - Math.log(sum));
  const max = rowMax(x, start, classes);
  // (x_k − max) first: for 1e4-sized logits that difference is exact, the log term tiny.
  return -(xk - max - Math.log(rowSumExp(x, start, classes, max)));
}
// #endregion neg-log-softmax

/** log Σ_c exp(x_c) of a row, shifted by its max; NaN for NaN, +∞ or all-−∞ rows, as in PyTorch. */
export function rowLogSumExp(x: Float64Array, start: number, classes: number): number {
  const max = rowMax(x, start, classes);
  return max + Math.log(rowSumExp(x, start, classes, max));
}

/** out_i = exp(x_i − ref) over one row, returning their sum. */
function expInto(
  x: Float64Array,
  start: number,
  out: Float64Array,
  outStart: number,
  classes: number,
  ref: number,
): number {
  let sum = 0;
  for (let c = 0; c < classes; c++) {
    const e = fastExp((x[start + c] as number) - ref);
    out[outStart + c] = e;
    sum += e;
  }
  return sum;
}

// #region scaled-softmax
/**
 * Write scale·softmax(x) of a row into out[outStart, outStart + C): exp(x_c − x_k) is stored
 * in one pass and normalised in a second; overflow falls back to the row max.
 */
export function rowScaledSoftmax(
  x: Float64Array,
  start: number,
  out: Float64Array,
  outStart: number,
  classes: number,
  k: number,
  scale: number,
): void {
  let sum = expInto(x, start, out, outStart, classes, x[start + k] as number);
  if (!(sum < Infinity)) {
    // Overflow (a logit far above x_k) or NaN: redo against the max; a true NaN stays NaN.
    sum = expInto(x, start, out, outStart, classes, rowMax(x, start, classes));
  }
  const factor = scale / sum;
  for (let i = outStart, end = outStart + classes; i < end; i++)
    out[i] = (out[i] as number) * factor;
}
// #endregion scaled-softmax

// #region softmax-from-lse
/**
 * Write scale·softmax(x) of a row in one exp pass from a log-sum-exp remembered by the
 * forward call. Returns false, leaving `out` to be rewritten, when Σ exp(x − lse) strays
 * from 1 by more than 1e-12: the logits changed since (or the lse was never exact), so the
 * remembered value cannot be trusted. Within that bound every entry is exact to ~1e-12.
 */
export function rowSoftmaxFromLse(
  x: Float64Array,
  start: number,
  out: Float64Array,
  outStart: number,
  classes: number,
  lse: number,
  scale: number,
): boolean {
  let sum = 0;
  for (let c = 0; c < classes; c++) {
    const e = fastExp((x[start + c] as number) - lse);
    out[outStart + c] = e * scale;
    sum += e;
  }
  return Math.abs(sum - 1) <= 1e-12;
}
// #endregion softmax-from-lse

/**
 * The two hot loops again, for float32 logits read in place. They are deliberate twins of
 * rowSumExp and rowSoftmaxFromLse: V8 keeps type feedback per function, and one function fed
 * both Float32Array and Float64Array runs both slower (measured: +1.6 ns per element).
 */
export function rowSumExpF32(x: Float32Array, start: number, classes: number, ref: number): number {
  let sum = 0;
  for (let i = start, end = start + classes; i < end; i++) sum += fastExp((x[i] as number) - ref);
  return sum;
}

/** rowSoftmaxFromLse over float32 logits and a float32 output, in place. */
export function rowSoftmaxFromLseF32(
  x: Float32Array,
  out: Float32Array,
  start: number,
  classes: number,
  lse: number,
  scale: number,
): boolean {
  let sum = 0;
  for (let i = start, end = start + classes; i < end; i++) {
    const e = fastExp((x[i] as number) - lse);
    out[i] = e * scale;
    sum += e;
  }
  return Math.abs(sum - 1) <= 1e-12;
}

/** Two reusable C-sized rows (reader, writer), grown on demand: the core never runs re-entrantly. */
const scratch: Float64Array[] = [new Float64Array(64), new Float64Array(64)];

function scratchRow(slot: 0 | 1, classes: number): Float64Array {
  if ((scratch[slot] as Float64Array).length < classes) scratch[slot] = new Float64Array(classes);
  return scratch[slot] as Float64Array;
}

/**
 * Hands the kernels each row of a classification input as a contiguous Float64Array run:
 * a float64 (N, C) input is read in place; float32 or spatial (stride > 1) rows are first
 * copied into one C-sized scratch row (never an N×C temporary).
 */
export class RowReader {
  /** The array the current row lives in. */
  readonly array: Float64Array;
  private readonly direct: boolean;
  private readonly source: TensorData;
  private readonly classes: number;
  private readonly stride: number;

  constructor(source: TensorData, classes: number, stride: number) {
    this.source = source;
    this.classes = classes;
    this.stride = stride;
    this.direct = source instanceof Float64Array && stride === 1;
    this.array = this.direct ? (source as Float64Array) : scratchRow(0, classes);
  }

  /** Make the row starting at `start` (in the input's layout) readable; returns its offset in `array`. */
  row(start: number): number {
    if (this.direct) return start;
    const { source, array, classes, stride } = this;
    for (let c = 0; c < classes; c++) array[c] = source[start + c * stride] as number;
    return 0;
  }
}

/** The output side of RowReader: rows are written in place or through a scratch row. */
export class RowWriter {
  readonly array: Float64Array;
  private readonly direct: boolean;
  private readonly target: TensorData;
  private readonly classes: number;
  private readonly stride: number;

  constructor(target: TensorData, classes: number, stride: number) {
    this.target = target;
    this.classes = classes;
    this.stride = stride;
    this.direct = target instanceof Float64Array && stride === 1;
    this.array = this.direct ? (target as Float64Array) : scratchRow(1, classes);
  }

  /** Where the row starting at `start` is to be written in `array`. */
  row(start: number): number {
    return this.direct ? start : 0;
  }

  /** Copy a scratch row out to the tensor (a no-op when writing in place). */
  flush(start: number): void {
    if (this.direct) return;
    const { target, array, classes, stride } = this;
    for (let c = 0; c < classes; c++) target[start + c * stride] = array[c] as number;
  }
}
