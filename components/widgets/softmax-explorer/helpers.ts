// Pure pieces of the softmax explorer: default inputs, labels, the temperature slider's
// logarithmic scale, o / T as PyTorch computes it, and the PyTorch program the cell shows.
import { pyFloat, pyProgram, torchTensor } from '../../../src/pytorch/program';

/** The logits a reader sees first, unless the chapter passes its own. */
export const DEFAULT_LOGITS: readonly number[] = [2, 1, 0.1];

/** Slider travel; typed values may go beyond it, the slider then rests at its end. */
export const SLIDER_RANGE = { min: -10, max: 10, step: 0.1 } as const;

/** Temperatures the control offers; typed values may be any number ≥ min. */
export const TEMPERATURE_RANGE = { min: 0.01, max: 10 } as const;

/**
 * The slider position (−1 … 1) of a temperature: logarithmic on each side of T = 1, which sits
 * in the middle, so 0.01–1 fills the left half and 1–10 the right.
 */
export function temperaturePosition(temperature: number): number {
  const decades = Math.log10(temperature);
  const position =
    decades < 0
      ? decades / -Math.log10(TEMPERATURE_RANGE.min)
      : decades / Math.log10(TEMPERATURE_RANGE.max);
  return Math.min(1, Math.max(-1, position));
}

/** The temperature at a slider position, rounded to 3 significant digits so the field reads cleanly. */
export function temperatureAt(position: number): number {
  const decades =
    position < 0
      ? position * -Math.log10(TEMPERATURE_RANGE.min)
      : position * Math.log10(TEMPERATURE_RANGE.max);
  return Number((10 ** decades).toPrecision(3));
}

/** The temperature slider (a NumberFieldSlider): 200 steps on a log track, T = 1 in the middle. */
export const TEMPERATURE_SLIDER = {
  min: -1,
  max: 1,
  step: 0.01,
  toPosition: temperaturePosition,
  fromPosition: temperatureAt,
} as const;

/** o / T in float32, as PyTorch divides a float32 tensor by a Python float (one rounding). */
export function scaleLogits(logits: readonly number[], temperature: number): number[] {
  const t = Math.fround(temperature);
  return logits.map((o) => Math.fround(Math.fround(o) / t));
}

/** Default class labels when the chapter gives none. */
export function defaultLabels(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `class ${i}`);
}

/** The PyTorch program the cell runs: the logits as typed, divided by T when it has a temperature. */
export function softmaxCode(logits: readonly number[], temperature: number | null): string {
  return pyProgram(
    temperature === null
      ? [
          `logits = ${torchTensor(logits)}`,
          'probabilities = torch.softmax(logits, dim=0)',
          'print(probabilities)',
        ]
      : [
          `logits = ${torchTensor(logits)}`,
          `T = ${pyFloat(temperature)}`,
          'probabilities = torch.softmax(logits / T, dim=0)',
          'print(probabilities)',
        ],
  );
}
