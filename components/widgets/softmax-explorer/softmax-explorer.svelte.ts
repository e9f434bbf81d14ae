// State of the softmax explorer: one NumberInput per logit (and the temperature), and the
// probabilities the loss core derives from their last valid values, in float32 as PyTorch's
// default dtype computes them.
import { formatTensor, softmax, tensor, toArray, type Tensor } from '../../../src/loss/index';
import type { PyTorchProgram } from '../../../src/pytorch/program';
import { formatFixed, formatPlain, formatTuple, subscript } from '../shared/format';
import { errorLine, NumberInput } from '../shared/number-input.svelte.ts';
import {
  PropsCheck,
  VECTOR_LENGTH,
  type FigureWidth,
  type WidgetFrameProps,
} from '../shared/props';
import { timed } from '../shared/timed';
import type { StateReader } from '../shared/state-link';
import { encodeNumbers, type ShareableState } from '../shared/url-state';
import {
  DEFAULT_LOGITS,
  defaultLabels,
  scaleLogits,
  softmaxCode,
  TEMPERATURE_RANGE,
} from './helpers';

/** A few logits to edit and the softmax probabilities the loss core computes from them. */
export interface SoftmaxExplorerProps extends WidgetFrameProps {
  /** How wide the cell is. @default 'body' */
  width?: FigureWidth;
  /** Starting logits, 2 to 8 finite numbers. @default [2, 1, 0.1] */
  logits?: readonly number[];
  /** A name per class, shown beside its bar. @default ['class 0', …] */
  labels?: readonly string[];
  /** Show the temperature control (softmax(o / T)). @default false */
  temperature?: boolean;
}

/** Run the core's softmax over the logits as divided by the temperature, in float32. */
function softmaxOf(scaled: readonly number[]): Tensor {
  return softmax(tensor([...scaled], 'float32'));
}

export class SoftmaxExplorerState implements ShareableState {
  readonly cellId: string;
  /** One field per logit, named logit o₁, o₂, … */
  readonly inputs: readonly NumberInput[];
  /** Temperature T > 0: the probabilities are softmax(o / T). */
  readonly temperatureInput = new NumberInput({
    name: 'temperature T',
    min: TEMPERATURE_RANGE.min,
    value: 1,
  });
  readonly labels: readonly string[];
  readonly showsTemperature: boolean;
  readonly width: FigureWidth;

  /** The logits in use: the last valid value of each field. */
  // $derived.by: the inputs are set in the constructor, which TypeScript cannot see through
  // $derived(expression); the deriveds are lazy, so they read them only after it has run.
  readonly logits: number[] = $derived.by(() => this.inputs.map((input) => input.value));
  readonly temperature: number = $derived(this.temperatureInput.value);
  /** The logits the core actually receives: o / T in float32, as PyTorch divides them. */
  readonly scaled: number[] = $derived(scaleLogits(this.logits, this.temperature));
  readonly result: Tensor = $derived(timed('softmax-explorer', () => softmaxOf(this.scaled)));
  readonly probabilities: number[] = $derived(toArray(this.result) as number[]);
  /** The PyTorch program for this state and what it prints (the core's result, as torch prints it). */
  readonly program: PyTorchProgram = $derived.by(() => ({
    code: softmaxCode(this.logits, this.showsTemperature ? this.temperature : null),
    printed: formatTensor(this.result),
  }));
  readonly error: string | null = $derived.by(() =>
    errorLine(...this.inputs, this.temperatureInput),
  );
  readonly summary: string = $derived(
    `Softmax of logits ${this.logits.map(String).join(', ')}` +
      (this.temperature === 1 ? '' : ` at temperature ${this.temperature}`) +
      ' gives probabilities ' +
      this.probabilities.map((p, i) => `${this.labels[i] ?? i} ${formatFixed(p, 4)}`).join(', ') +
      '.',
  );

  /** The inputs in words, the caption of the printed cell. */
  readonly parameters: string = $derived.by(
    () =>
      `logits o = ${formatTuple(this.logits)}` +
      (this.showsTemperature ? `, temperature T = ${formatPlain(this.temperature)}` : ''),
  );

  constructor(props: SoftmaxExplorerProps = {}) {
    const check = new PropsCheck('SoftmaxExplorer');
    const logits = props.logits ?? DEFAULT_LOGITS;
    check.vector('logits', logits);
    check.sameLength('labels', props.labels, 'logits', logits.length);
    this.width = check.width(props.width, 'body');
    this.cellId = check.cellId(props.cellId, 'softmax-explorer');
    this.inputs = logits.map(
      (value, i) => new NumberInput({ name: `logit o${subscript(i + 1)}`, value }),
    );
    this.labels = props.labels ?? defaultLabels(logits.length);
    this.showsTemperature = props.temperature ?? false;
  }

  /** Add the same constant to every logit: softmax does not change. */
  shiftAll(c: number): void {
    for (const input of this.inputs) input.setValue(Math.round((input.value + c) * 1e9) / 1e9);
  }

  /** The link's state: the logits `o` in use, and the temperature `t` where the chapter shows it. */
  shareState(): Record<string, string> {
    return {
      o: encodeNumbers(this.logits),
      ...(this.showsTemperature ? { t: String(this.temperature) } : {}),
    };
  }

  /** Take a link's logits (as many as the cell has) and temperature, or say what was wrong. */
  restoreState(read: StateReader): string | null {
    const count = this.inputs.length;
    const logits = read.numbers('o', { minLength: 1, maxLength: VECTOR_LENGTH.max });
    if (logits !== undefined && logits.length !== count) {
      read.error ??= `“o” must have ${count} logits, one per class of this cell, got ${logits.length}`;
    }
    const temperature = this.showsTemperature
      ? read.number('t', { min: TEMPERATURE_RANGE.min })
      : undefined;
    const done = read.done(logits);
    if (typeof done === 'string') return done;
    done[0].forEach((value, i) => this.inputs[i]?.setValue(value));
    if (temperature !== undefined) this.temperatureInput.setValue(temperature);
    return null;
  }
}
