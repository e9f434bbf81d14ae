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
 * Neumaier's compensated sum: lands within ~1 ulp of torch's cascade sums, where a plain
 * loop drifts by ~n ulp. `start` is +0 or −0: torch's index-path sums start at +0, its
 * elementwise sums at −0 (so a sum of −0.0 entries stays −0.0).
 */
export function compensatedSum(
  values: ArrayLike<number>,
  start = 0,
  from = 0,
  to = values.length,
): number {
  let sum = start;
  let compensation = 0;
  for (let i = from; i < to; i++) {
    const v = values[i] as number;
    const t = sum + v;
    // Recover the low-order bits the addition just lost, from whichever operand was smaller.
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  // Infinite sums make the compensation NaN (inf − inf); the plain sum is then the answer.
  return compensation === 0 || !Number.isFinite(sum) ? sum : sum + compensation;
}
