import { describe, expect, it } from 'vitest';
import { centralDifference } from './finite-difference';

describe('centralDifference', () => {
  it('recovers the gradient of a function whose gradient is known in closed form', () => {
    // f(x) = x₀² + 3·x₁ − x₀·x₂ has ∇f = (2x₀ − x₂, 3, −x₀).
    const f = (x: readonly number[]) => x[0]! ** 2 + 3 * x[1]! - x[0]! * x[2]!;
    const numeric = centralDifference(f, [1.5, -2, 4]);
    [-1, 3, -1.5].forEach((g, j) => expect(numeric[j]).toBeCloseTo(g, 8));
  });

  it('scales its step with |x|, so a large input still gives the slope', () => {
    // d/dx of x²/2 at 1e6 is 1e6; a fixed step of 1e-5 would drown in rounding of (1e6)²/2.
    const numeric = centralDifference((x) => x[0]! ** 2 / 2, [1e6]);
    expect(Math.abs(numeric[0]! - 1e6) / 1e6).toBeLessThan(1e-6);
  });
});
