// State of the softmax explorer: the text in each field, the last valid logits, and the
// probabilities the loss core derives from them.
import { softmax, tensor, toArray } from '../../../src/loss/index';
import { formatFixed, subscript } from '../shared/format';
import { parseNumberField } from '../shared/number-field';
import { timed } from '../shared/timed';
import {
  DEFAULT_LOGITS,
  defaultLabels,
  scaleLogits,
  softmaxCall,
  TEMPERATURE_RANGE,
  validateProps,
} from './helpers';

export interface SoftmaxExplorerProps {
  /** Starting logits, 2 to 8 finite numbers. @default [2, 1, 0.1] */
  logits?: readonly number[];
  /** A name per class, shown beside its bar. @default ['class 0', …] */
  labels?: readonly string[];
  /** Show the temperature control (softmax(o / T)). @default false */
  temperature?: boolean;
}

/** Run the core's softmax over the logits as divided by the temperature. */
function probabilitiesOf(scaled: readonly number[]): number[] {
  return toArray(softmax(tensor([...scaled]))) as number[];
}

export class SoftmaxExplorerState {
  /** What each field shows: the reader's own text, valid or not. */
  texts: string[] = $state([]);
  /** The logits in use: the last valid value of each field. */
  logits: number[] = $state([]);
  /** Per-field problem, or null. */
  fieldErrors: (string | null)[] = $state([]);
  readonly labels: readonly string[];

  /** Temperature T > 0: the probabilities are softmax(o / T). */
  temperature: number = $state(1);
  temperatureText: string = $state('1');
  temperatureError: string | null = $state(null);
  readonly showsTemperature: boolean;

  /** The logits the core actually receives: o / T (just o at T = 1). */
  readonly scaled: number[] = $derived(scaleLogits(this.logits, this.temperature));
  readonly probabilities: number[] = $derived(
    timed('softmax-explorer', () => probabilitiesOf(this.scaled)),
  );
  readonly call: string = $derived(softmaxCall(this.scaled));
  readonly error: string | null = $derived(
    this.fieldErrors.find((e) => e !== null) ?? this.temperatureError,
  );
  readonly summary: string = $derived(
    `Softmax of logits ${this.logits.map(String).join(', ')}` +
      (this.temperature === 1 ? '' : ` at temperature ${this.temperature}`) +
      ' gives probabilities ' +
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
    this.showsTemperature = props.temperature ?? false;
  }

  /** Take the temperature field's text: a positive number updates it, anything else is explained. */
  setTemperatureText(text: string): void {
    this.temperatureText = text;
    const parsed = parseNumberField(text, { name: 'temperature T', min: TEMPERATURE_RANGE.min });
    if (parsed.ok) {
      this.temperature = parsed.value;
      this.temperatureError = null;
    } else {
      this.temperatureError = `${parsed.message} Still using T = ${this.temperature}.`;
    }
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
