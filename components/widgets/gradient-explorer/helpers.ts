// Pure pieces of the gradient explorer: defaults, the finite-difference check, the loss
// curve's scale, and the calls it shows.
import { crossEntropy, tensor, type Tensor } from '../../../src/loss/index';

export const DEFAULT_LOGITS: readonly number[] = [1, 2, 0.5];
export const LEARNING_RATE_RANGE = { min: 0.01, max: 5, step: 0.01 } as const;
/** Step size of the central differences: small enough for accuracy, large enough for rounding. */
export const FD_STEP = 1e-5;
/** How many loss values the curve keeps. */
export const HISTORY_LIMIT = 200;

/** What the loss is measured against: a class index, or a full target distribution. */
export type Target =
  | { readonly kind: 'class'; readonly index: number }
  | { readonly kind: 'soft'; readonly y: readonly number[] };

/** The target as the core takes it: an int64 index tensor, or a probability row. */
export function targetTensor(target: Target): Tensor {
  return target.kind === 'class' ? tensor([target.index], 'int64') : tensor([[...target.y]]);
}

/** The target as a distribution y (one-hot for a class), for display beside the gradient. */
export function targetDistribution(target: Target, classes: number): number[] {
  return target.kind === 'soft'
    ? [...target.y]
    : Array.from({ length: classes }, (_, c) => (c === target.index ? 1 : 0));
}

/** ∂L/∂o_j by central differences of the core's own loss: the independent check of the backward. */
export function finiteDifferenceGradient(logits: readonly number[], target: Target): number[] {
  const y = targetTensor(target);
  const loss = (o: number[]) => crossEntropy(tensor([o]), y).data[0] as number;
  return logits.map((_, j) => {
    const plus = [...logits];
    const minus = [...logits];
    plus[j] = (plus[j] as number) + FD_STEP;
    minus[j] = (minus[j] as number) - FD_STEP;
    return (loss(plus) - loss(minus)) / (2 * FD_STEP);
  });
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
