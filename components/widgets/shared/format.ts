// How numbers read in every cell: fixed decimals with a true minus sign, short significant
// forms as code prints them, and subscripts that match the chapters' formulas.

/** Format a number with fixed decimals for display, keeping −0 out and spelling infinities. */
export function formatFixed(value: number, digits: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '−∞';
  const text = value.toFixed(digits);
  return Number(text) === 0 ? (0).toFixed(digits) : text.replace('-', '−');
}

/** A number with up to `digits` significant digits and no trailing zeros, as code would print it. */
export function formatShort(value: number, digits = 6): string {
  return String(Number(value.toPrecision(digits)));
}

/** Subscript digits so names read o₁, p₂, … as in the chapters' formulas. */
export function subscript(n: number): string {
  return String(n).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'.charAt(Number(d)));
}

/** A number as a printed caption writes it: shortest round-trip text with true minus signs. */
export function formatPlain(value: number): string {
  return String(value).replace(/-/g, '−');
}

/** Numbers as a printed caption lists them: each as formatPlain writes it, in parentheses. */
export function formatTuple(values: readonly number[]): string {
  return `(${values.map(formatPlain).join(', ')})`;
}
