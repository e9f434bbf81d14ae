// Parsing what a reader types into a numeric field: every failure becomes a sentence that
// names the field and quotes the text, never an exception, and never a silent misreading.

export type ParseResult = { ok: true; value: number } | { ok: false; message: string };

export interface NumberFieldRules {
  /** The field's name as the reader sees it, e.g. "logit o₂". */
  readonly name: string;
  readonly min?: number | undefined;
  readonly max?: number | undefined;
  /** Whole numbers only: a class index, a count, a seed. */
  readonly integer?: boolean | undefined;
}

/** A decimal number with an optional sign and exponent; hex, `Infinity` and `NaN` are not. */
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** Turn a field's text into a finite number, or a message naming the field and the problem. */
export function parseNumberField(text: string, rules: NumberFieldRules): ParseResult {
  const typed = text.trim();
  const fail = (problem: string): ParseResult => ({
    ok: false,
    message: `${rules.name}: “${typed}” ${problem}.`,
  });
  if (typed === '') return { ok: false, message: `${rules.name} is empty: type a number.` };
  // A comma is a decimal comma ("0,5") or a thousands separator ("1,000"): never guess which.
  if (typed.includes(',')) {
    return fail(
      'has a comma: write numbers with a decimal point and no thousands separator, e.g. 1000 or 0.5',
    );
  }
  // The typographic minus (U+2212), as the cells print numbers, reads as a hyphen-minus.
  const ascii = typed.replace(/\u2212/g, '-');
  if (!DECIMAL.test(ascii)) return fail('is not a number');
  const value = Number(ascii);
  if (!Number.isFinite(value)) return fail('is beyond the largest float64 (±1.8e308)');
  // Number() rounds a nonzero literal below the smallest subnormal to 0: say so instead.
  const mantissa = ascii.split(/e/i)[0] ?? '';
  if (value === 0 && /[1-9]/.test(mantissa)) {
    return fail('is closer to 0 than the smallest float64 (5e-324): type 0 if you mean 0');
  }
  if (rules.min !== undefined && value < rules.min) {
    return { ok: false, message: `${rules.name} must be at least ${rules.min}, got ${value}.` };
  }
  if (rules.max !== undefined && value > rules.max) {
    return { ok: false, message: `${rules.name} must be at most ${rules.max}, got ${value}.` };
  }
  if (rules.integer === true && !Number.isInteger(value)) {
    return { ok: false, message: `${rules.name} must be a whole number, got ${value}.` };
  }
  return { ok: true, value };
}
