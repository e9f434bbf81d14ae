// State of the softmax explorer: the text in each field, the last valid logits, and the
// probabilities the loss core derives from them.
import { softmax, tensor, toArray } from '../../../src/loss/index';
import { formatFixed, parseNumberField } from '../shared/number-field';
import { DEFAULT_LOGITS, defaultLabels, softmaxCall, subscript, validateProps } from './helpers';

export interface SoftmaxExplorerProps {
  /** Starting logits, 2 to 8 finite numbers. @default [2, 1, 0.1] */
  logits?: readonly number[];
  /** A name per class, shown beside its bar. @default ['class 0', …] */
  labels?: readonly string[];
}

/** Run the core's softmax over the current logits. */
function probabilitiesOf(logits: readonly number[]): number[] {
  return toArray(softmax(tensor([...logits]))) as number[];
}

export class SoftmaxExplorerState {
  /** What each field shows: the reader's own text, valid or not. */
  texts: string[] = $state([]);
  /** The logits in use: the last valid value of each field. */
  logits: number[] = $state([]);
  /** Per-field problem, or null. */
  fieldErrors: (string | null)[] = $state([]);
  readonly labels: readonly string[];

  readonly probabilities: number[] = $derived(probabilitiesOf(this.logits));
  readonly call: string = $derived(softmaxCall(this.logits));
  readonly error: string | null = $derived(this.fieldErrors.find((e) => e !== null) ?? null);
  readonly summary: string = $derived(
    `Softmax of logits ${this.logits.map(String).join(', ')} gives probabilities ` +
      this.probabilities.map((p, i) => `${this.labels[i] ?? i} ${formatFixed(p, 4)}`).join(', ') +
      '.',
  );

  constructor(props: SoftmaxExplorerProps = {}) {
    const logits = [...(props.logits ?? DEFAULT_LOGITS)];
    validateProps(logits, props.labels);
    this.logits = logits;
    this.texts = logits.map(String);
    this.fieldErrors = logits.map(() => null);
    this.labels = props.labels ?? defaultLabels(logits.length);
  }

  /** The reader-facing name of logit i (o₁ is the first). */
  nameOf(i: number): string {
    return `logit o${subscript(i + 1)}`;
  }

  /** Take a field's text; a valid number updates the logits, anything else is explained. */
  setText(i: number, text: string): void {
    this.texts[i] = text;
    const parsed = parseNumberField(text, { name: this.nameOf(i) });
    if (parsed.ok) {
      this.logits[i] = parsed.value;
      this.fieldErrors[i] = null;
    } else {
      this.fieldErrors[i] = `${parsed.message} Still using ${String(this.logits[i])}.`;
    }
  }

  /** Set a logit from the slider, which only ever yields valid numbers. */
  setValue(i: number, value: number): void {
    this.setText(i, String(value));
  }

  /** Add the same constant to every logit: softmax does not change. */
  shiftAll(c: number): void {
    this.logits.forEach((v, i) => {
      this.setValue(i, Math.round((v + c) * 1e9) / 1e9);
    });
  }
}
