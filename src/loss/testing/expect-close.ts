// Shared numeric assertions for the core's tests.
import { expect } from 'vitest';

/** 2^−21: four float32 ulps of a value in [1, 2), eight of one just below 1. */
const FLOAT32_FEW_ULPS = 2 ** -21;

/**
 * Named tolerances: float64 agrees with PyTorch to 1e-9 relative; float32, computed in float32
 * as PyTorch computes it, within a few float32 ulps of each value. A float32 gradient entry may
 * also be off by a few ulps of the largest entry: one that cancels (p − 1 with p ≈ 1) keeps only
 * the ulps of its terms.
 */
export const TOLERANCE = {
  float64: { rtol: 1e-9, atol: 1e-12 },
  float32: { rtol: FLOAT32_FEW_ULPS, atol: 0 },
  float32Gradient: { rtol: FLOAT32_FEW_ULPS, atol: 0, normwise: FLOAT32_FEW_ULPS },
  exact: { rtol: 0, atol: 0 },
} as const;

export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
  /** Also allow this fraction of the largest finite |expected| value (a normwise bound). */
  readonly normwise?: number;
}

/**
 * Compare numbers elementwise with |a − e| ≤ atol + rtol·|e| (+ normwise·max|e|); NaN matches
 * NaN, ±∞ must match exactly.
 */
export function expectClose(
  actual: ArrayLike<number> | number,
  expected: ArrayLike<number> | number,
  tolerance: Tolerance = TOLERANCE.float64,
): void {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual);
  const e = typeof expected === 'number' ? [expected] : Array.from(expected);
  expect(a.length, 'length').toBe(e.length);
  const largest = e.reduce((m, v) => (Number.isFinite(v) ? Math.max(m, Math.abs(v)) : m), 0);
  const atol = tolerance.atol + (tolerance.normwise ?? 0) * largest;
  a.forEach((value, i) => {
    const want = e[i] as number;
    const ok =
      (Number.isNaN(want) && Number.isNaN(value)) ||
      (!Number.isFinite(want) && value === want) ||
      (Number.isFinite(want) && Math.abs(value - want) <= atol + tolerance.rtol * Math.abs(want));
    if (!ok)
      expect.fail(
        `index ${i}: got ${value}, expected ${want} (rtol ${tolerance.rtol}, atol ${atol})`,
      );
  });
}
