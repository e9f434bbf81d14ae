// Pure pieces of the gradient explorer: defaults, central differences, the loss curve's
// scale, and the calls it shows. The loss-core calls live in the state class.

export const DEFAULT_LOGITS: readonly number[] = [1, 2, 0.5];
/** The learning-rate slider's travel; a typed rate may go up to typedMax. */
export const LEARNING_RATE_RANGE = { min: 0.01, max: 5, step: 0.01, typedMax: 100 } as const;
/** Logits are typed freely, within the range where the loss curve stays readable. */
export const LOGIT_RANGE = { min: -1e6, max: 1e6 } as const;
/** How many loss values the curve keeps. */
export const HISTORY_LIMIT = 200;

/** What the loss is measured against: a class index, or a full target distribution. */
export type Target =
  | { readonly kind: 'class'; readonly index: number }
  | { readonly kind: 'soft'; readonly y: readonly number[] };

/** The target as a distribution y (one-hot for a class), for display beside the gradient. */
export function targetDistribution(target: Target, classes: number): number[] {
  return target.kind === 'soft'
    ? [...target.y]
    : Array.from({ length: classes }, (_, c) => (c === target.index ? 1 : 0));
}

/** The soft target a reader starts from: 0.8 on the true class, the rest shared evenly. */
export function softWeightsFor(trueClass: number, classes: number): number[] {
  return Array.from({ length: classes }, (_, c) =>
    c === trueClass ? 0.8 : Number((0.2 / (classes - 1)).toPrecision(6)),
  );
}

/** Normalise non-negative weights into a distribution, or explain why that is impossible. */
export function normalise(
  weights: readonly number[],
): { ok: true; y: number[] } | { ok: false; message: string } {
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0))
    return {
      ok: false,
      message: 'The target weights are all zero: give at least one class some weight.',
    };
  return { ok: true, y: weights.map((w) => w / total) };
}

/** SVG polyline points for a loss curve in a width × height box (the y axis from 0 to the max). */
export function curvePoints(history: readonly number[], width: number, height: number): string {
  if (history.length === 0) return '';
  const top = Math.max(...history.filter(Number.isFinite), 1e-12);
  const stepX = history.length > 1 ? width / (history.length - 1) : 0;
  return history
    .map((loss, i) => {
      const y = height - (Math.min(loss, top) / top) * height;
      return `${(i * stepX).toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

/** The two core calls the cell runs, with the current values. */
export function gradientCall(logits: readonly number[], target: Target): string {
  const y =
    target.kind === 'class'
      ? `tensor([${target.index}], 'int64')`
      : `tensor([[${target.y.map((v) => Number(v.toPrecision(6))).join(', ')}]])`;
  const o = `tensor([[${logits.join(', ')}]])`;
  return `crossEntropy(${o}, ${y})\ncrossEntropyBackward(${o}, ${y})`;
}
