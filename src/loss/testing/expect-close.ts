// Shared numeric assertions for the core's tests.
import { expect } from 'vitest';

/** Named tolerances: the fixtures promise float64 to 1e-9 relative and float32 to 2e-5. */
export const TOLERANCE = {
  float64: { rtol: 1e-9, atol: 1e-12 },
  float32: { rtol: 2e-5, atol: 1e-6 },
  exact: { rtol: 0, atol: 0 },
} as const;

export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

/** Compare numbers elementwise with |a − e| ≤ atol + rtol·|e|; NaN matches NaN, ±∞ must match exactly. */
export function expectClose(
  actual: ArrayLike<number> | number,
  expected: ArrayLike<number> | number,
  tolerance: Tolerance = TOLERANCE.float64,
): void {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual);
  const e = typeof expected === 'number' ? [expected] : Array.from(expected);
  expect(a.length, 'length').toBe(e.length);
  a.forEach((value, i) => {
    const want = e[i] as number;
    const ok =
      (Number.isNaN(want) && Number.isNaN(value)) ||
      (!Number.isFinite(want) && value === want) ||
      (Number.isFinite(want) &&
        Math.abs(value - want) <= tolerance.atol + tolerance.rtol * Math.abs(want));
    if (!ok)
      expect.fail(
        `index ${i}: got ${value}, expected ${want} (rtol ${tolerance.rtol}, atol ${tolerance.atol})`,
      );
  });
}
