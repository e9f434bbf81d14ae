// Pure pieces of the gradient explorer: defaults and presets, the loss curve's scale and ticks,
// how stepped logits are rounded, and the PyTorch program it shows. The loss-core calls live in
// the state class.
import { pyPrint, pyProgram, torchTensor } from '../../../src/pytorch/program';

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
  if (!Number.isFinite(total))
    return {
      ok: false,
      message:
        'The target weights add up to more than the largest number there is: make them smaller.',
    };
  return { ok: true, y: weights.map((w) => w / total) };
}

/** The loss curve's scale: the y axis runs from 0 to a round number at or above the largest loss. */
export function curveTop(history: readonly number[]): number {
  const largest = Math.max(...history.filter(Number.isFinite), 0);
  if (!(largest > 0)) return 1;
  // The next 1, 2 or 5 times a power of ten, so the ticks read as round numbers.
  const power = 10 ** Math.floor(Math.log10(largest));
  const top = [1, 2, 5, 10].map((m) => m * power).find((v) => v >= largest * (1 - 1e-12));
  return top ?? 10 * power;
}

/** SVG polyline points for a loss curve in a width × height box, y from 0 (bottom) to `top`. */
export function curvePoints(
  history: readonly number[],
  width: number,
  height: number,
  top = curveTop(history),
): string {
  if (history.length === 0) return '';
  const stepX = history.length > 1 ? width / (history.length - 1) : 0;
  return history
    .map((loss, i) => {
      const y = height - (Math.min(loss, top) / top) * height;
      return `${(i * stepX).toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

/** Tick values for an axis from 0 to `top`: three or so round steps, both ends included. */
export function axisTicks(top: number, count = 2): number[] {
  return Array.from({ length: count + 1 }, (_, i) => Number(((top * i) / count).toPrecision(6)));
}

/** Whole-step ticks for the x axis: 0, the last step, and a round step in between. */
export function stepTicks(steps: number): number[] {
  if (steps <= 1) return [0, Math.max(steps, 0)];
  const middle = Math.round(steps / 2);
  return middle === steps ? [0, steps] : [0, middle, steps];
}

/** A stepped logit as the field shows it and the cell then uses: six significant digits. */
export function roundLogit(value: number): number {
  return Number(value.toPrecision(6));
}

/**
 * Logits that are confidently wrong about `trueClass`: its logit at −2, one wrong class at 4,
 * the rest at 1, so ŷ puts almost all its mass on the wrong class.
 */
export function confidentlyWrongLogits(trueClass: number, classes: number): number[] {
  const favourite = trueClass === 0 ? 1 : 0;
  return Array.from({ length: classes }, (_, c) =>
    c === trueClass ? -2 : c === favourite ? 4 : 1,
  );
}

/**
 * The PyTorch program the cell mirrors, in float64 as it computes: the loss, ŷ = softmax(o),
 * and the gradient autograd finds, which is ŷ − y.
 */
export function gradientProgramCode(logits: readonly number[], target: Target): string {
  const y =
    target.kind === 'class'
      ? `torch.tensor([${target.index}])`
      : torchTensor([[...target.y]], 'float64');
  return pyProgram([
    `o = ${torchTensor([[...logits]], 'float64').replace(/\)$/, ', requires_grad=True)')}`,
    `target = ${y}`,
    'loss = F.cross_entropy(o, target)',
    'loss.backward()',
    pyPrint('loss.detach()'),
    pyPrint('torch.softmax(o, dim=1).detach()'),
    pyPrint('o.grad'),
  ]);
}
