// The one input model every numeric field of every cell uses: the reader's text exactly as
// typed, the last valid value the cell computes with, and a message while the text is bad.
import { parseNumberField, type NumberFieldRules } from './number-field';

export interface NumberInputOptions extends NumberFieldRules {
  /** The starting value; its text is String(value). */
  readonly value: number;
}

export class NumberInput {
  /** The field's name as the reader sees it in its label, its messages and `data-field`. */
  readonly name: string;
  readonly min: number | undefined;
  readonly max: number | undefined;
  readonly integer: boolean | undefined;
  /** What the field shows: the reader's own text, valid or not. */
  text: string = $state('');
  /** The value in use: the last text that parsed, or the starting value. */
  value: number = $state(0);
  /** Why the text is not used, naming the field and the value still in use; null when valid. */
  error: string | null = $state(null);

  constructor(options: NumberInputOptions) {
    this.name = options.name;
    this.min = options.min;
    this.max = options.max;
    this.integer = options.integer;
    this.value = options.value;
    this.text = String(options.value);
  }

  /** Take the reader's text: a valid number becomes the value, anything else is explained and kept. */
  set(text: string): boolean {
    this.text = text;
    const parsed = parseNumberField(text, this);
    if (parsed.ok) {
      this.value = parsed.value;
      this.error = null;
    } else {
      this.error = `${parsed.message} Still using ${String(this.value)}.`;
    }
    return parsed.ok;
  }

  /** Set the value from a slider or a computation; the text follows, as if the reader typed it. */
  setValue(value: number): boolean {
    return this.set(String(value));
  }
}

/** The cell's error line: every current problem in order, or null when there is none. */
export function errorLine(
  ...problems: readonly (NumberInput | string | null | undefined)[]
): string | null {
  const messages = problems.map((p) => (p instanceof NumberInput ? p.error : p));
  return messages.filter((m) => m !== null && m !== undefined).join(' ') || null;
}
