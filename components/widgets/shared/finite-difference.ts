// Central differences: the independent check of a closed-form gradient, found without calculus
// by nudging one input at a time and measuring the change in the function.

/** Relative step: small enough for accuracy (error ∝ h²), large enough for rounding (∝ ε/h). */
export const FD_STEP = 1e-5;

/**
 * ∂f/∂xⱼ ≈ (f(x + hⱼ) − f(x − hⱼ)) / 2hⱼ with hⱼ = FD_STEP·max(1, |xⱼ|), so a large input still
 * moves by more than its rounding: the gradient checks of the cells that show one.
 */
export function centralDifference(
  f: (x: readonly number[]) => number,
  x: readonly number[],
  step = FD_STEP,
): number[] {
  return x.map((xj, j) => {
    const h = step * Math.max(1, Math.abs(xj));
    const plus = [...x];
    const minus = [...x];
    plus[j] = xj + h;
    minus[j] = xj - h;
    // Divide by the step actually taken: xⱼ ± h is rounded, so (xⱼ + h) − (xⱼ − h) may differ from 2h.
    return (f(plus) - f(minus)) / (plus[j] - minus[j]);
  });
}
