// Reductions shared by every loss: validation with PyTorch's wording, and a compensated sum.
import { LossError } from './errors';

export type Reduction = 'none' | 'mean' | 'sum';
export type KlReduction = Reduction | 'batchmean';

/** Reject a reduction PyTorch rejects, with its ValueError text. */
export function checkReduction<R extends string>(reduction: unknown, allowed: readonly R[]): R {
  if (typeof reduction !== 'string' || !(allowed as readonly string[]).includes(reduction)) {
    throw new LossError(`${String(reduction)} is not a valid value for reduction`);
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
