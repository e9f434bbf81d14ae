// F.kl_div (pytorch-semantics §5): input holds log-probabilities; the pointwise loss is
// xlogy(t, t) − t·x, or exp(t)·(t − x) with logTarget. Input and target broadcast silently.
import { broadcastShapes, sumToShape } from './broadcast';
import { promoteFloat, requireTensor, roundingOf } from './dtype';
import { broadcastReader, reduceElementwise, upstreamReader } from './elementwise';
import { LossError } from './errors';
import { checkOptionKeys } from './options';
import { checkReduction, type KlReduction } from './reduction';
import { makeTensor, type Tensor } from './tensor';

export interface KlDivOptions {
  /** 'mean' divides by every element (PyTorch's default); 'batchmean' by the batch size, the true KL. @default 'mean' */
  readonly reduction?: KlReduction;
  /** The target is given as log-probabilities. @default false */
  readonly logTarget?: boolean;
}

const KL_REDUCTIONS: readonly KlReduction[] = ['none', 'mean', 'sum', 'batchmean'];

/** xlogy(x, y) = x·log y with 0·log y = 0 (unless y is NaN), as torch.xlogy; `round` is the dtype's. */
export function xlogy(x: number, y: number, round = roundingOf('float64')): number {
  if (x === 0 && y === y) return 0;
  return round(x * round(Math.log(y)));
}

function prepare(input: unknown, target: unknown, options: KlDivOptions) {
  requireTensor(input, 'klDiv', 'input');
  requireTensor(target, 'klDiv', 'target');
  checkOptionKeys('klDiv', options, ['reduction', 'logTarget']);
  const reduction = checkReduction(options.reduction ?? 'mean', KL_REDUCTIONS);
  if (input.dtype === 'int64' || target.dtype === 'int64') {
    throw new LossError('kl_div: Integral inputs not supported.');
  }
  const logTarget = options.logTarget ?? false;
  if (typeof logTarget !== 'boolean') {
    throw new LossError(
      `klDiv(): option 'logTarget' must be true or false, got ${String(logTarget)}`,
    );
  }
  // torch forms target·input, so the target is tensor a in a mismatch message.
  const shape = broadcastShapes(target.shape, input.shape);
  return { input, target, reduction, logTarget, shape };
}

/** The divisor of a reduced KL: numel for 'mean', input.size(0) for 'batchmean' (1 for 0-d). */
function divisor(reduction: KlReduction, input: Tensor, count: number): number {
  if (reduction === 'mean') return count;
  if (reduction === 'batchmean') return input.shape.length === 0 ? 1 : (input.shape[0] as number);
  return 1;
}

/**
 * KL divergence D_KL(target ‖ exp(input)) summed pointwise, with PyTorch's reductions.
 * @example klDiv(logSoftmax(tensor([[1, 2, 0.5]])), tensor([[0.2, 0.7, 0.1]]), { reduction: 'batchmean' }) // tensor(0.0126)
 */
export function klDiv(input: Tensor, target: Tensor, options: KlDivOptions = {}): Tensor {
  const { reduction, logTarget, shape } = prepare(input, target, options);
  const x = broadcastReader(input, shape);
  const t = broadcastReader(target, shape);
  const dtype = promoteFloat(input.dtype, target.dtype);
  const count = shape.reduce((a, b) => a * b, 1);
  const r = roundingOf(dtype);
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const ti = t(i);
    // Each operation rounded to the dtype, in the order of PyTorch's expression.
    values[i] = logTarget ? r(r(Math.exp(ti)) * r(ti - x(i))) : r(xlogy(ti, ti, r) - r(ti * x(i)));
  }
  if (reduction === 'none') return makeTensor(shape, dtype, values);
  const sum = reduceElementwise(values, 'sum', dtype);
  // An empty input makes mean and batchmean 0/0 = NaN.
  return makeTensor([], dtype, [
    count === 0 && reduction !== 'sum' ? Number.NaN : r(sum / divisor(reduction, input, count)),
  ]);
}

/**
 * ∂ klDiv / ∂ input: −t (or −exp(t)) per element, scaled by the reduction.
 * @example klDivBackward(tensor([-1, -2]), tensor([0.5, 0.5]), { reduction: 'sum' }) // tensor([-0.5000, -0.5000])
 */
export function klDivBackward(
  input: Tensor,
  target: Tensor,
  options: KlDivOptions = {},
  gradOutput?: Tensor,
): Tensor {
  const { reduction, logTarget, shape } = prepare(input, target, options);
  const t = broadcastReader(target, shape);
  const count = shape.reduce((a, b) => a * b, 1);
  const g = upstreamReader('klDivBackward', gradOutput, reduction, shape);
  const r = roundingOf(promoteFloat(input.dtype, target.dtype));
  const n = divisor(reduction, input, count);
  const grad = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    // The reduction's backward divides the upstream first; then −t (or −exp t) multiplies it.
    const upstream = n === 1 ? g(i) : r(g(i) / n);
    grad[i] = r(-(logTarget ? r(Math.exp(t(i))) : t(i)) * upstream);
  }
  return makeTensor(input.shape, input.dtype, sumToShape(grad, shape, input.shape));
}
