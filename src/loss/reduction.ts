// Reductions shared by every loss: validation with PyTorch's wording, a compensated float64 sum, and
// PyTorch 1.13's float32 summation orders, ported from aten/src/ATen/native/LossNLL.cpp, LossNLL2d.cpp
// and cpu/SumKernel.cpp (each port names its function below).
import { LossError } from './errors';

export type Reduction = 'none' | 'mean' | 'sum';
export type KlReduction = Reduction | 'batchmean';

/** Reject a reduction PyTorch rejects, with its ValueError text. */
export function checkReduction<R extends string>(reduction: unknown, allowed: readonly R[]): R {
  if (typeof reduction !== 'string' || !(allowed as readonly string[]).includes(reduction)) {
    throw new LossError(`${String(reduction)} is not a valid value for reduction`, 'ValueError');
  }
  return reduction as R;
}

export const REDUCTIONS: readonly Reduction[] = ['none', 'mean', 'sum'];

/**
 * Neumaier's compensated running sum: lands within ~1 ulp of torch's cascade sums, where a
 * plain loop drifts by ~n ulp. The core's one accumulator: every loss sum goes through it.
 */
export class CompensatedSum {
  private sum: number;
  private compensation = 0;

  /** `start` is +0 or −0: torch's index-path sums start at +0, its elementwise sums at −0. */
  constructor(start = 0) {
    this.sum = start;
  }

  /** Add one term, keeping the low-order bits the addition loses. */
  add(value: number): void {
    const t = this.sum + value;
    // Recover what was lost from whichever operand was smaller in magnitude.
    this.compensation +=
      Math.abs(this.sum) >= Math.abs(value) ? this.sum - t + value : value - t + this.sum;
    this.sum = t;
  }

  /** The sum; an infinite sum makes the compensation NaN (∞ − ∞), so the plain sum is returned. */
  get value(): number {
    const { sum, compensation } = this;
    return compensation === 0 || !Number.isFinite(sum) ? sum : sum + compensation;
  }
}

/** Compensated sum of values[from, to), for sums over a whole array. */
export function compensatedSum(
  values: ArrayLike<number>,
  start = 0,
  from = 0,
  to = values.length,
): number {
  const sum = new CompensatedSum(start);
  for (let i = from; i < to; i++) sum.add(values[i] as number);
  return sum.value;
}

// ---------------------------------------------------------------------------------------------
// PyTorch 1.13's float32 summation orders. A float32 sum in PyTorch rounds every partial sum to
// float32, so its order decides the last bits, and those reach the printed digits (a weighted
// mean's total weight 30.000002 instead of 30). Float64 keeps the compensated sums above: its
// orders move results by ~1e-16, far below what anything prints or checks.

/** ceil(log2(n)) for 1 ≤ n < 2^31, 0 for n ≤ 1: c10's utils::CeilLog2. */
function ceilLog2(n: number): number {
  return n <= 1 ? 0 : 32 - Math.clz32(n - 1);
}

/** One accumulator fed row by row, as nllAccumulator returns it. */
export interface RowAccumulator {
  /** Add the value of row `index` (rows not added, like ignored ones, still count as indices). */
  add(index: number, value: number): void;
  readonly value: number;
}

/**
 * nll_loss's float32 reduction, ported from aten/src/ATen/native/LossNLL.cpp nll_loss_out_frame
 * (2-D input) and LossNLL2d.cpp nll_loss2d_forward_out_frame (K-dim input, its rows indexed
 * n·D + d): a cascade of eight float32 partial sums. Row b is added to level 0; then, while the
 * next `power` bits of b are all zero (b = 0, 16, 32, …), level j is added into level j + 1 and
 * cleared; an ignored row adds nothing and moves nothing. The result is 0 + level 0 + … + level 7.
 * PyTorch keeps one cascade for the losses and one for the target weights (the mean's divisor).
 */
export class NllCascade implements RowAccumulator {
  private readonly levels = new Float64Array(8);
  private readonly power: number;
  private readonly mask: number;

  constructor(rows: number) {
    // level_power = max(4, ceil(log2 rows) / 8) in integers: 4 (16 terms a level) below 2^40 rows.
    this.power = Math.max(4, Math.floor(ceilLog2(rows) / 8));
    this.mask = (1 << this.power) - 1;
  }

  add(index: number, value: number): void {
    const levels = this.levels;
    levels[0] = Math.fround((levels[0] as number) + value);
    for (let j = 0; j + 1 < 8; j++) {
      // Carry level j up only when row `index` closes a block of 2^power at that level.
      if ((index & (this.mask << (j * this.power))) !== 0) break;
      levels[j + 1] = Math.fround((levels[j + 1] as number) + (levels[j] as number));
      levels[j] = 0;
    }
  }

  get value(): number {
    let sum = 0;
    for (let j = 0; j < 8; j++) sum = Math.fround(sum + (this.levels[j] as number));
    return sum;
  }
}

/** The accumulator of nll_loss's sums for a dtype: the float32 cascade, or a compensated float64 sum. */
export function nllAccumulator(float32: boolean, rows: number): RowAccumulator {
  if (float32) return new NllCascade(rows);
  const sum = new CompensatedSum();
  return {
    add: (_index, value) => sum.add(value),
    get value() {
      return sum.value;
    },
  };
}

/** A partial sum's rounding: float32 rounds every partial sum, float64 keeps the double. */
export type Round = (value: number) => number;
export const keep: Round = (value) => value;

/** Lanes of one AVX2 register, Vectorized<T>::size(): eight float32 or four float64. */
export const lanesOf = (float32: boolean): number => (float32 ? 8 : 4);

/**
 * One lane of multi_row_sum (aten/src/ATen/native/cpu/SumKernel.cpp): the `size` terms
 * values[start + i·step] in order, in four levels; after each block of 2^power terms level 0 is
 * carried up, and level j into j + 1 while the next index is a multiple of 2^(power·j)
 * (power = max(4, ceil(log2 size) / 4)). At the end levels 1..3 are added to level 0. Each
 * partial sum is rounded by `r` (float32's fround, or nothing for float64).
 */
export function cascadeLane(
  values: ArrayLike<number>,
  start: number,
  step: number,
  size: number,
  r: Round,
): number {
  const power = Math.max(4, Math.floor(ceilLog2(size) / 4));
  const block = 2 ** power;
  const mask = block - 1;
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let i = 0;
  for (; i + block <= size;) {
    for (let end = i + block; i < end; i++) a0 = r(a0 + (values[start + i * step] as number));
    // Carry level 0 always; levels 1 and 2 only while i (the next index) ends their block.
    a1 = r(a1 + a0);
    a0 = 0;
    if ((i & (mask << power)) !== 0) continue;
    a2 = r(a2 + a1);
    a1 = 0;
    if ((i & (mask << (2 * power))) !== 0) continue;
    a3 = r(a3 + a2);
    a2 = 0;
  }
  for (; i < size; i++) a0 = r(a0 + (values[start + i * step] as number));
  return r(r(r(a0 + a1) + a2) + a3);
}

/**
 * SumKernel.cpp's row_sum: four interleaved lanes (term i in lane i mod 4) over the first
 * 4·⌊size/4⌋ terms, each a cascadeLane; the remaining terms go into lane 0, and the lanes fold
 * as ((l0 + l1) + l2) + l3. Fewer than 4 terms are therefore summed in order.
 */
export function rowSum(
  values: ArrayLike<number>,
  start: number,
  step: number,
  size: number,
  r: Round,
): number {
  const groups = Math.floor(size / 4);
  let l0 = cascadeLane(values, start, 4 * step, groups, r);
  for (let i = 4 * groups; i < size; i++) l0 = r(l0 + (values[start + i * step] as number));
  const l1 = cascadeLane(values, start + step, 4 * step, groups, r);
  const l2 = cascadeLane(values, start + 2 * step, 4 * step, groups, r);
  const l3 = cascadeLane(values, start + 3 * step, 4 * step, groups, r);
  return r(r(r(l0 + l1) + l2) + l3);
}

/**
 * SumKernel.cpp's vectorized_inner_sum for a contiguous run of at least one register of terms
 * (W = 8 float32 or 4 float64 lanes): lane l sums the terms l, l + W, … of the whole registers
 * with row_sum (so every lane is itself four interleaved cascades); the tail (fewer than W) is
 * summed in order from 0, then lanes 0..W−1 are added to it one by one.
 */
export function vectorSum(
  values: ArrayLike<number>,
  start: number,
  step: number,
  size: number,
  float32: boolean,
): number {
  const r = float32 ? Math.fround : keep;
  const lanes = lanesOf(float32);
  const vectors = Math.floor(size / lanes);
  let sum = 0;
  for (let i = lanes * vectors; i < size; i++) sum = r(sum + (values[start + i * step] as number));
  for (let lane = 0; lane < lanes; lane++) {
    sum = r(sum + rowSum(values, start + lane * step, lanes * step, vectors, r));
  }
  return sum;
}

/**
 * torch.sum of a contiguous tensor, all its elements (`x.sum()`, the mean's numerator), in the
 * dtype's arithmetic: float32 in SumKernel.cpp's order (vectorSum from 8 terms, row_sum below),
 * the result added to the output's 0 as PyTorch's store does; float64 compensated. PyTorch splits
 * a sum of more than 32768 terms across threads; this is its one-thread order.
 */
export function tensorSum(
  float32: boolean,
  values: ArrayLike<number>,
  from = 0,
  to = values.length,
): number {
  if (!float32) return compensatedSum(values, 0, from, to);
  const size = to - from;
  const sum =
    size >= 8 ? vectorSum(values, from, 1, size, true) : rowSum(values, from, 1, size, Math.fround);
  return Math.fround(0 + sum);
}

/**
 * x.sum(class_dim) of an (N, C, D…) tensor at one row (n, d), its C terms at
 * values[start + c·step]: the order PyTorch's TensorIterator gives that reduction. With D = 1
 * (a (N, C) input) the classes are contiguous: vectorSum from 8 classes, row_sum below. With
 * D > 1 each output column d sums down its classes: as one lane of multi_row_sum (cascadeLane)
 * where d falls in a full block of columns — blocks of 32 when D ≥ 8 (vectorized_outer_sum),
 * of 4 when D < 8 (scalar_outer_sum) — and with row_sum for the columns after the last block.
 * Float64 is a compensated sum.
 */
export function classDimSum(
  float32: boolean,
  values: ArrayLike<number>,
  start: number,
  classes: number,
  step: number,
  spatial: number,
  column: number,
): number {
  if (!float32) {
    const compensated = new CompensatedSum();
    for (let c = 0; c < classes; c++) compensated.add(values[start + c * step] as number);
    return compensated.value;
  }
  let sum: number;
  if (spatial === 1) {
    sum =
      classes >= 8
        ? vectorSum(values, start, step, classes, true)
        : rowSum(values, start, step, classes, Math.fround);
  } else {
    const block = spatial >= 8 ? 32 : 4;
    sum =
      column < Math.floor(spatial / block) * block
        ? cascadeLane(values, start, step, classes, Math.fround)
        : rowSum(values, start, step, classes, Math.fround);
  }
  return Math.fround(0 + sum);
}

/**
 * vec::reduce_all's float32 sum on AVX2 (aten/src/ATen/cpu/vec/functional_base.h), the sum
 * log-softmax's backward takes of its upstream gradient along the last dim: from 8 terms, eight
 * lanes (term c in lane c mod 8, the tail into the first lanes) folded as
 * ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7)); fewer than 8 terms in order. The softmax
 * rows' Σ exp (row-kernels.ts, sumExpF32) follows the same order, fused with its exps.
 */
export function laneSum(
  values: ArrayLike<number>,
  start: number,
  size: number,
  step: number,
): number {
  const fround = Math.fround;
  if (size < 8) {
    let sum = values[start] as number;
    for (let c = 1; c < size; c++) sum = fround(sum + (values[start + c * step] as number));
    return size === 0 ? 0 : sum;
  }
  const lanes = new Float64Array(8);
  for (let l = 0; l < 8; l++) lanes[l] = values[start + l * step] as number;
  for (let c = 8; c < size; c++) {
    lanes[c % 8] = fround((lanes[c % 8] as number) + (values[start + c * step] as number));
  }
  const [l0, l1, l2, l3, l4, l5, l6, l7] = lanes as unknown as number[];
  const upper = fround(fround(l0! + l4!) + fround(l2! + l6!));
  const lower = fround(fround(l1! + l5!) + fround(l3! + l7!));
  return fround(upper + lower);
}
