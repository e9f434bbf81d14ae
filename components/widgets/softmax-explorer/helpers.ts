// Pure pieces of the softmax explorer: default inputs, labels and the call it shows.

/** The logits a reader sees first, unless the chapter passes its own. */
export const DEFAULT_LOGITS: readonly number[] = [2, 1, 0.1];

/** Slider travel; typed values may go beyond it, the slider then rests at its end. */
export const SLIDER_RANGE = { min: -10, max: 10, step: 0.1 } as const;

/** Temperatures the control offers; typed values may be any number ≥ min. */
export const TEMPERATURE_RANGE = { min: 0.01, max: 10, step: 0.01 } as const;

/** o / T, rounded to 12 significant digits so the displayed call reads cleanly (T = 1 is exact). */
export function scaleLogits(logits: readonly number[], temperature: number): number[] {
  return temperature === 1
    ? [...logits]
    : logits.map((o) => Number((o / temperature).toPrecision(12)));
}

/** Default class labels when the chapter gives none. */
export function defaultLabels(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `class ${i}`);
}

/** The loss-core call the cell displays, with the logits exactly as used. */
export function softmaxCall(logits: readonly number[]): string {
  return `softmax(tensor([${logits.map((v) => String(v)).join(', ')}]))`;
}
