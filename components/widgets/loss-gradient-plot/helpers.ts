// Pure pieces of the loss and gradient plot: its defaults, the range of the true-class logit it
// sweeps, the plot's geometry and scales, and the PyTorch program it shows. The loss-core calls
// live in the state class.
import { pyInt, pyPrint, pyProgram, torchTensor } from '../../../src/pytorch/program';

/** The chapter's start: three classes, confidently wrong about class 1 (o₁ = −4 against o₂ = 2). */
export const DEFAULT_LOGITS: readonly number[] = [-4, 2, 0];
/** Every logit stays in this range, the plot's x axis; the slider moves o_k in `step`s. */
export const LOGIT_RANGE = { min: -8, max: 8, step: 0.1 } as const;
/** Points per curve: o_k from −8 to 8 in steps of 0.2. */
export const SAMPLES = 81;
/** The loss panel's y axis runs from 0 to this; cross-entropy leaves it through the top, its path clipped there. */
export const LOSS_TOP = 1.5;

/**
 * The SVG's layout in viewBox units: one x axis (o_k) shared by two panels, losses above and
 * gradients ∂ℓ/∂o_k (from −1 to 0) below, 340 wide so it fits a 390 px phone at full size.
 */
export const PLOT = {
  left: 40,
  width: 288,
  lossTop: 10,
  gradientTop: 138,
  height: 100,
  viewWidth: 340,
  viewHeight: 270,
} as const;

/** The o_k values the curves are drawn through, rounded so they print as typed. */
export function sampleLogits(count = SAMPLES): number[] {
  const { min, max } = LOGIT_RANGE;
  return Array.from({ length: count }, (_, i) =>
    Number((min + ((max - min) * i) / (count - 1)).toFixed(6)),
  );
}

/** Where a logit sits on the x axis, in viewBox units. */
export function xOf(logit: number): number {
  const { min, max } = LOGIT_RANGE;
  return PLOT.left + ((logit - min) / (max - min)) * PLOT.width;
}

/** Where a loss sits in the upper panel; losses above LOSS_TOP are held at its top edge. */
export function yOfLoss(loss: number): number {
  const share = Math.min(Math.max(loss / LOSS_TOP, 0), 1);
  return PLOT.lossTop + (1 - share) * PLOT.height;
}

/** Where a gradient ∂ℓ/∂o_k ∈ [−1, 0] sits in the lower panel: 0 at the top, −1 at the bottom. */
export function yOfGradient(gradient: number): number {
  const share = Math.min(Math.max(-gradient, 0), 1);
  return PLOT.gradientTop + share * PLOT.height;
}

/** An SVG path through (xs[i], y(values[i])). */
export function pathThrough(
  xs: readonly number[],
  values: readonly number[],
  y: (value: number) => number,
): string {
  return values
    .map((v, i) => `${i === 0 ? 'M' : 'L'}${xOf(xs[i] as number).toFixed(1)} ${y(v).toFixed(1)}`)
    .join('');
}

/** Where the loss panel's path crosses its top edge: the logit, and whether the curve is above on its left. */
export interface Crossing {
  readonly logit: number;
  readonly aboveLeft: boolean;
}

/**
 * The loss panel's path through (xs[i], values[i]), clipped at the panel's top: a curve that
 * leaves the scale stops at the edge and starts again where it comes back, instead of running
 * along the edge as if it were flat. `crossings` are where it leaves or comes back.
 */
export function lossPath(
  xs: readonly number[],
  values: readonly number[],
): { d: string; crossings: Crossing[] } {
  const at = (x: number, v: number) => `${xOf(x).toFixed(1)} ${yOfLoss(v).toFixed(1)}`;
  const crossings: Crossing[] = [];
  let d = '';
  let drawing = false;
  values.forEach((v, i) => {
    const x = xs[i] as number;
    const inside = v <= LOSS_TOP;
    const before = values[i - 1];
    if (before !== undefined && before <= LOSS_TOP !== inside) {
      const xBefore = xs[i - 1] as number;
      const logit = xBefore + ((LOSS_TOP - before) / (v - before)) * (x - xBefore);
      crossings.push({ logit, aboveLeft: inside });
      d += `${inside ? 'M' : 'L'}${at(logit, LOSS_TOP)}`;
      drawing = inside;
    }
    if (inside) d += `${drawing ? 'L' : 'M'}${at(x, v)}`;
    drawing = inside;
  });
  return { d, crossings };
}

/**
 * The logit under a pointer at `fraction` of the plot box's width (0 at its left edge), snapped
 * to the slider's step and kept in range, so dragging and the slider reach the same values.
 */
export function logitAt(fraction: number): number {
  const { min, max, step } = LOGIT_RANGE;
  const raw = min + fraction * (max - min);
  const snapped = Math.round(raw / step) * step;
  return Number(Math.min(max, Math.max(min, snapped)).toFixed(1));
}

/**
 * How many times cross-entropy's push on o_k exceeds squared error's, as the cell prints it:
 * three significant digits, or why there is no finite ratio.
 */
export function ratioText(crossEntropyGradient: number, squaredErrorGradient: number): string {
  const ce = Math.abs(crossEntropyGradient);
  const mse = Math.abs(squaredErrorGradient);
  if (mse === 0) return ce === 0 ? 'both are 0' : 'squared error’s is exactly 0';
  // Three significant digits; from 1000 on toPrecision switches to exponents: 1.23e4.
  return (ce / mse).toPrecision(3).replace('e+', 'e');
}

/**
 * The PyTorch program the cell mirrors, in float64 as it computes: both losses at the logits o,
 * each followed by backward() and the gradient autograd leaves in o.grad.
 */
export function plotProgramCode(logits: readonly number[], trueClass: number): string {
  return pyProgram([
    `o = ${torchTensor([[...logits]], 'float64').replace(/\)$/, ', requires_grad=True)')}`,
    `target = torch.tensor([${pyInt(trueClass)}])`,
    'ce = F.cross_entropy(o, target)',
    'ce.backward()',
    pyPrint('ce.detach()'),
    pyPrint('o.grad'),
    'o.grad = None',
    `y = F.one_hot(target, num_classes=${pyInt(logits.length)}).double()`,
    'mse = F.mse_loss(F.softmax(o, dim=1), y)',
    'mse.backward()',
    pyPrint('mse.detach()'),
    pyPrint('o.grad'),
  ]);
}
