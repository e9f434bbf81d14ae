// Pure pieces of the stability lab: the naive log-softmax that the chapter warns against
// (computed exactly as a framework without the fused kernel would), and the logits it is fed.

/** The shape of the logits; the slider scales them by 10^k. */
export const BASE_LOGITS: readonly number[] = [1, 2, 3];

/** Slider travel for k in 10^k: from 1× to a million times the base logits. */
export const EXPONENT_RANGE = { min: 0, max: 6, step: 0.5 } as const;

export type Precision = 'float32' | 'float64';

/** The logits at scale 10^k, written without floating-point noise (10^2.5 is kept as is). */
export function scaledLogits(exponent: number): number[] {
  const scale = 10 ** exponent;
  return BASE_LOGITS.map((o) => Number((o * scale).toPrecision(12)));
}

/**
 * log(softmax(o)) the naive way: exp, sum, divide, log, each step rounded to the dtype as a
 * float32 or float64 kernel would. exp overflows past ~88.7 (float32) or ~709.8 (float64),
 * giving ∞/∞ = NaN, and a probability that underflows to 0 gives log 0 = −∞.
 */
export function naiveLogSoftmax(logits: readonly number[], precision: Precision): number[] {
  const round = precision === 'float32' ? Math.fround : (v: number) => v;
  const exps = logits.map((o) => round(Math.exp(round(o))));
  const sum = exps.reduce((total, e) => round(total + e), 0);
  return exps.map((e) => round(Math.log(round(e / sum))));
}

/** The core call the lab shows for one precision. */
export function logSoftmaxCall(logits: readonly number[], precision: Precision): string {
  return `logSoftmax(tensor([${logits.join(', ')}], '${precision}'))`;
}
