// Parsing what a reader types into a numeric field: every failure becomes a sentence that
// names the field, never an exception, and the field keeps the text so nothing is lost.

export type ParseResult = { ok: true; value: number } | { ok: false; message: string };

export interface NumberFieldRules {
  /** The field's name as the reader sees it, e.g. "logit o₂". */
  readonly name: string;
  readonly min?: number;
  readonly max?: number;
}

/** Turn a field's text into a finite number, or a message naming the field and the problem. */
export function parseNumberField(text: string, rules: NumberFieldRules): ParseResult {
  const trimmed = text.trim().replace(/^−/, '-').replace(/,/g, '.');
  if (trimmed === '') return { ok: false, message: `${rules.name} is empty: type a number.` };
  const value = Number(trimmed);
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(trimmed) || Number.isNaN(value)) {
    return { ok: false, message: `${rules.name}: “${text.trim()}” is not a number.` };
  }
  if (!Number.isFinite(value)) {
    return {
      ok: false,
      message: `${rules.name}: ${text.trim()} is too large to be a finite number.`,
    };
  }
  if (rules.min !== undefined && value < rules.min) {
    return { ok: false, message: `${rules.name} must be at least ${rules.min}, got ${value}.` };
  }
  if (rules.max !== undefined && value > rules.max) {
    return { ok: false, message: `${rules.name} must be at most ${rules.max}, got ${value}.` };
  }
  return { ok: true, value };
}
