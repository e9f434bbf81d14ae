// The softmax family's row numerics, in one place. A row is `size` entries of a tensor's
// storage spaced `stride` apart from `start`, so the same kernel walks the last dim of (N, C),
// the class dim of (N, C, d1…dk) or any dim softmax is asked for. softmax, logSoftmax,
// logSumExp, crossEntropy and every backward through log-softmax call these and nothing else.
//
// The order is PyTorch's CPU kernel's (aten/src/ATen/native/cpu/SoftMaxKernel.cpp): max, x − max,
// exp, Σ, log; log-softmax is (x − max) − log Σ and softmax is exp(x − max)·(1/Σ). A float32 row
// is computed in float32 — Math.fround after every operation, as PyTorch's float kernel rounds —
// so the core prints what PyTorch prints. The float64 and float32 kernels are twins on purpose:
// V8 keeps type feedback per function, and one loop fed both array types runs both slower.
//
// The NaN rule, PyTorch's, lives here and nowhere else: a NaN anywhere makes the row max NaN, and
// x − NaN spreads it to every entry; +∞ gives ∞ − ∞ = NaN the same way; an all −∞ row has max −∞
// and (−∞) − (−∞) = NaN. No caller special-cases a row.
import { roundingOf } from './dtype';
import { fastExp } from './fast-exp';
import { CompensatedSum, laneSum } from './reduction';
import type { FloatDType, TensorData } from './tensor';

/** The row operations of one float dtype; every array they read or write has that dtype. */
export interface RowKernels {
  readonly dtype: FloatDType;
  /** Round one arithmetic result to the dtype (the identity for float64). */
  readonly round: (value: number) => number;
  /** The row's largest entry; NaN if any entry is NaN. */
  max(x: TensorData, start: number, size: number, stride: number): number;
  /** Σ exp(x − max) over the row, in the dtype's arithmetic and PyTorch's summation order. */
  sumExp(x: TensorData, start: number, size: number, stride: number, max: number): number;
  /** The same sum, also storing each exp(x − max) into `out` (strided like the row). */
  expInto(
    x: TensorData,
    start: number,
    size: number,
    stride: number,
    max: number,
    out: TensorData,
  ): number;
  /** out_c = (x_c − max) − log Σ: log-softmax, given the row's max and its log-sum. */
  logSoftmaxInto(
    x: TensorData,
    start: number,
    size: number,
    stride: number,
    max: number,
    logSum: number,
    out: TensorData,
  ): void;
  /** Turn the exps stored by expInto into softmax: e_c·(1/Σ), as PyTorch's softmax does. */
  normalize(out: TensorData, start: number, size: number, stride: number, sum: number): void;
  /**
   * Turn the exps stored by expInto into the probabilities log-softmax's backward multiplies
   * by. Float64: e_c·(1/Σ). Float32: exp(log_softmax(x)_c) from the rounded log-probabilities,
   * a second exp per entry, because that is the value PyTorch's backward reads (it saves the
   * forward's output), and e_c·(1/Σ) would print a different fifth digit now and then.
   */
  backwardProbabilities(
    x: TensorData,
    start: number,
    size: number,
    stride: number,
    max: number,
    sum: number,
    out: TensorData,
  ): void;
  /**
   * Σ_c go_c of a row's upstream gradient (`size` values from `start`, `step` apart), summed as
   * log-softmax's backward sums it before dx = go − p·Σ go. Float64: a compensated sum. Float32
   * along the last dim: vec::reduce_all's lanes (reduction.ts laneSum); along another dim the
   * kernel vectorises across rows, so each row sums in order, rounded to float32 at every step.
   */
  upstreamSum(values: ArrayLike<number>, start: number, size: number, step: number): number;
  /**
   * log-softmax's backward when the upstream gradient is goY at class y and 0 elsewhere (the
   * index path without smoothing): `out` holds expInto's exps and becomes go − p·Σ go =
   * goY·(onehot_y − p). An ignored row passes goY = 0 and y = −1: zeros, or NaN where p is NaN.
   */
  oneHotBackward(
    x: TensorData,
    start: number,
    size: number,
    stride: number,
    max: number,
    sum: number,
    goY: number,
    y: number,
    out: TensorData,
  ): void;
  /**
   * One row of the index path without smoothing, fused so a caller makes one call per row:
   * returns log softmax(x)_y, and when `out` is given also writes the row's gradient
   * goY·(onehot_y − softmax) into it (see oneHotBackward; y = −1 for an ignored row).
   */
  indexRow(
    x: TensorData,
    start: number,
    size: number,
    stride: number,
    y: number,
    goY: number,
    out: TensorData | undefined,
  ): number;
}

/** Float64 rows: plain double arithmetic; exp is the table-driven fastExp. */
export const F64: RowKernels = {
  dtype: 'float64',
  round: roundingOf('float64'),
  // #region log-softmax-row
  max(x, start, size, stride) {
    const row = x as Float64Array;
    let max = -Infinity;
    for (let c = 0, i = start; c < size; c++, i += stride) {
      const v = row[i] as number;
      // True when v is larger, or NaN: a NaN wins
      // and ends the search, and x − NaN then
      // spreads it to every entry of the row.
      if (!(v <= max)) {
        if (v !== v) return v;
        max = v;
      }
    }
    return max;
  },
  sumExp(x, start, size, stride, max) {
    const row = x as Float64Array;
    let sum = 0;
    // x − max ≤ 0: no exp overflows, and the
    // largest term is exactly 1, so Σ ≥ 1.
    for (let c = 0, i = start; c < size; c++, i += stride) {
      sum += fastExp((row[i] as number) - max);
    }
    return sum;
  },
  logSoftmaxInto(x, start, size, stride, max, logSum, out) {
    const row = x as Float64Array;
    const dst = out as Float64Array;
    // (x − max) first, then − log Σ: for large
    // logits x − max is exact, log Σ small.
    for (let c = 0, i = start; c < size; c++, i += stride) {
      dst[i] = (row[i] as number) - max - logSum;
    }
  },
  // #endregion log-softmax-row
  expInto(x, start, size, stride, max, out) {
    const row = x as Float64Array;
    const dst = out as Float64Array;
    let sum = 0;
    for (let c = 0, i = start; c < size; c++, i += stride) {
      const e = fastExp((row[i] as number) - max);
      dst[i] = e;
      sum += e;
    }
    return sum;
  },
  normalize(out, start, size, stride, sum) {
    const dst = out as Float64Array;
    const inverse = 1 / sum;
    for (let c = 0, i = start; c < size; c++, i += stride) dst[i] = (dst[i] as number) * inverse;
  },
  backwardProbabilities(_x, start, size, stride, _max, sum, out) {
    F64.normalize(out, start, size, stride, sum);
  },
  upstreamSum(values, start, size, step) {
    const sum = new CompensatedSum();
    for (let c = 0; c < size; c++) sum.add(values[start + c * step] as number);
    return sum.value;
  },
  // #region one-hot-backward
  oneHotBackward(_x, start, size, stride, _max, sum, goY, y, out) {
    const dst = out as Float64Array;
    // dst holds e_c = exp(x_c − max), so p_c·goY
    // is e_c·(goY/Σ): one multiply per entry.
    const scale = goY / sum;
    for (let c = 0, i = start; c < size; c++, i += stride) {
      // 0 − …: +0 where PyTorch's go − p·Σgo is +0.
      dst[i] = 0 - (dst[i] as number) * scale;
    }
    // The true class gets goY back: goY·(1 − p_y).
    if (y >= 0) {
      const at = start + y * stride;
      dst[at] = (dst[at] as number) + goY;
    }
  },
  // #endregion one-hot-backward
  indexRow(x, start, size, stride, y, goY, out) {
    // F64.… rather than a shared helper taking the kernels: each call below has one target, so
    // V8 inlines it even when float32 rows run in the same program.
    const max = F64.max(x, start, size, stride);
    const sum =
      out === undefined
        ? F64.sumExp(x, start, size, stride, max)
        : F64.expInto(x, start, size, stride, max, out);
    if (out !== undefined) F64.oneHotBackward(x, start, size, stride, max, sum, goY, y, out);
    return y < 0 ? Number.NaN : (x[start + y * stride] as number) - max - Math.log(sum);
  },
};

const fround = Math.fround;

/**
 * Float32 rows: every operation rounded to float32, in PyTorch's order. PyTorch has two float
 * kernels, and `lastDim` says which one to follow: along the last dim it vectorises within the
 * row (long rows sum in eight lanes, softmax multiplies by 1/Σ); along any other dim it
 * vectorises across rows, so each row sums in order and softmax divides by Σ.
 */
function float32Kernels(lastDim: boolean): RowKernels {
  const k: RowKernels = {
    dtype: 'float32',
    round: fround,
    max(x, start, size, stride) {
      const row = x as Float32Array;
      let max = -Infinity;
      for (let c = 0, i = start; c < size; c++, i += stride) {
        const v = row[i] as number;
        if (!(v <= max)) {
          if (v !== v) return v;
          max = v;
        }
      }
      return max;
    },
    sumExp(x, start, size, stride, max) {
      return sumExpF32(x as Float32Array, start, size, stride, max, undefined, lastDim);
    },
    expInto(x, start, size, stride, max, out) {
      return sumExpF32(x as Float32Array, start, size, stride, max, out as Float32Array, lastDim);
    },
    logSoftmaxInto(x, start, size, stride, max, logSum, out) {
      const row = x as Float32Array;
      const dst = out as Float32Array;
      // Storing into a Float32Array rounds the final subtraction.
      for (let c = 0, i = start; c < size; c++, i += stride)
        dst[i] = fround((row[i] as number) - max) - logSum;
    },
    normalize(out, start, size, stride, sum) {
      const dst = out as Float32Array;
      if (!lastDim) {
        for (let c = 0, i = start; c < size; c++, i += stride) dst[i] = (dst[i] as number) / sum;
        return;
      }
      // The last-dim kernel multiplies by the float32 reciprocal instead of dividing.
      const inverse = fround(1 / sum);
      for (let c = 0, i = start; c < size; c++, i += stride) dst[i] = (dst[i] as number) * inverse;
    },
    backwardProbabilities(x, start, size, stride, max, sum, out) {
      const row = x as Float32Array;
      const dst = out as Float32Array;
      const logSum = fround(Math.log(sum));
      for (let c = 0, i = start; c < size; c++, i += stride) {
        dst[i] = fastExp(fround(fround((row[i] as number) - max) - logSum));
      }
    },
    upstreamSum(values, start, size, step) {
      if (lastDim) return laneSum(values, start, size, step);
      let sum = 0;
      for (let c = 0; c < size; c++) sum = fround(sum + (values[start + c * step] as number));
      return sum;
    },
    oneHotBackward(x, start, size, stride, max, sum, goY, y, out) {
      const row = x as Float32Array;
      const dst = out as Float32Array;
      const logSum = fround(Math.log(sum));
      // p_c as backwardProbabilities has it, then go_c − p_c·goY with go_c = 0 off the
      // target: 0 − fround(p·goY), rounded on store.
      for (let c = 0, i = start; c < size; c++, i += stride) {
        const p = fround(fastExp(fround(fround((row[i] as number) - max) - logSum)));
        // At the target, goY − p·goY rounded once: PyTorch's AVX2 kernels fuse the multiply
        // and subtract (an FMA); the product of two floats is exact in a double, so one
        // rounding on store gives what the FMA gives.
        dst[i] = c === y ? goY - p * goY : 0 - fround(p * goY);
      }
    },
    indexRow(x, start, size, stride, y, goY, out) {
      const max = k.max(x, start, size, stride);
      const sum =
        out === undefined
          ? k.sumExp(x, start, size, stride, max)
          : k.expInto(x, start, size, stride, max, out);
      if (out !== undefined) k.oneHotBackward(x, start, size, stride, max, sum, goY, y, out);
      if (y < 0) return Number.NaN;
      return fround(fround((x[start + y * stride] as number) - max) - fround(Math.log(sum)));
    },
  };
  return k;
}

/** Float32 rows along the last dim (the classes of (N, C), softmax over dim −1). */
export const F32 = float32Kernels(true);

/** Float32 rows along any other dim (the classes of (N, C, d1, …), softmax over dim 0 of 2-D). */
export const F32_OTHER_DIM = float32Kernels(false);

/** Where sumExpF32 keeps a row's exps when the caller wants only their sum: grown on demand,
 * fully rewritten before every read, so no call ever sees another's values. */
let scratch = new Float32Array(256);

/**
 * Σ exp(x − max) over a float32 row, summed as PyTorch's float kernel sums it on AVX2. Along the
 * last dim (its vec::map_reduce_all, then vec_reduce_all) a row of 8 or more entries accumulates
 * in eight float lanes, entry c in lane c mod 8 (the tail lands in the first lanes), and the lanes
 * fold as ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7)); a shorter row, or a row along another
 * dim, is summed in order. Each exp is exp(fround(x − max)) rounded to float32; `out`, when given,
 * receives them.
 */
function sumExpF32(
  row: Float32Array,
  start: number,
  size: number,
  stride: number,
  max: number,
  out: Float32Array | undefined,
  lastDim: boolean,
): number {
  const end = start + size * stride;
  if (!lastDim || stride !== 1 || size < 8) {
    let sum = 0;
    for (let i = start; i < end; i += stride) {
      const e = fround(fastExp(fround((row[i] as number) - max)));
      if (out !== undefined) out[i] = e;
      sum = fround(sum + e);
    }
    return sum;
  }
  // First the exps, stored (a Float32Array store rounds to float32), then the lanes over them.
  let exps = out;
  let at = start;
  if (exps === undefined) {
    if (scratch.length < size) scratch = new Float32Array(size);
    exps = scratch;
    at = 0;
  }
  for (let i = start, j = at; i < end; i++, j++)
    exps[j] = fastExp(fround((row[i] as number) - max));
  let l0 = exps[at] as number;
  let l1 = exps[at + 1] as number;
  let l2 = exps[at + 2] as number;
  let l3 = exps[at + 3] as number;
  let l4 = exps[at + 4] as number;
  let l5 = exps[at + 5] as number;
  let l6 = exps[at + 6] as number;
  let l7 = exps[at + 7] as number;
  const last = at + size;
  let j = at + 8;
  for (; j + 8 <= last; j += 8) {
    l0 = fround(l0 + (exps[j] as number));
    l1 = fround(l1 + (exps[j + 1] as number));
    l2 = fround(l2 + (exps[j + 2] as number));
    l3 = fround(l3 + (exps[j + 3] as number));
    l4 = fround(l4 + (exps[j + 4] as number));
    l5 = fround(l5 + (exps[j + 5] as number));
    l6 = fround(l6 + (exps[j + 6] as number));
    l7 = fround(l7 + (exps[j + 7] as number));
  }
  // The tail (fewer than 8 entries) is added into lanes 0, 1, … in order.
  const tail = last - j;
  if (tail > 0) l0 = fround(l0 + (exps[j] as number));
  if (tail > 1) l1 = fround(l1 + (exps[j + 1] as number));
  if (tail > 2) l2 = fround(l2 + (exps[j + 2] as number));
  if (tail > 3) l3 = fround(l3 + (exps[j + 3] as number));
  if (tail > 4) l4 = fround(l4 + (exps[j + 4] as number));
  if (tail > 5) l5 = fround(l5 + (exps[j + 5] as number));
  if (tail > 6) l6 = fround(l6 + (exps[j + 6] as number));
  // vec_reduce_all's fold: lanes i and i + 4, then i and i + 2, then the last pair.
  const upper = fround(fround(l0 + l4) + fround(l2 + l6));
  const lower = fround(fround(l1 + l5) + fround(l3 + l7));
  return fround(upper + lower);
}

/**
 * The kernels for rows of a dtype along the last dim or another; integer tensors never get here
 * (their ops reject them first). Float64 has one set: its sums are exact to far below 1e-9 in any
 * order. @default lastDim true
 */
export function rowKernels(dtype: FloatDType, lastDim = true): RowKernels {
  if (dtype === 'float64') return F64;
  return lastDim ? F32 : F32_OTHER_DIM;
}

/** log Σ exp(x − max) of a row, rounded to the dtype: half of every log-softmax. */
export function rowLogSum(
  k: RowKernels,
  x: TensorData,
  start: number,
  size: number,
  stride: number,
  max: number,
): number {
  return k.round(Math.log(k.sumExp(x, start, size, stride, max)));
}
