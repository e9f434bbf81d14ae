// F.mse_loss (pytorch-semantics §8): (x − y)² after broadcasting, so an (N,1) input against
// an (N) target silently averages an N×N matrix, exactly as in PyTorch.
import { broadcastShapes, sumToShape } from './broadcast';
import { promoteFloat, requireTensor, roundingOf } from './dtype';
import { broadcastReader, reduceElementwise, upstreamReader } from './elementwise';
import { LossError } from './errors';
import { checkOptionKeys } from './options';
import { checkReduction, REDUCTIONS, type Reduction } from './reduction';
import { makeTensor, numel, type Tensor } from './tensor';

export interface MseLossOptions {
  /** @default 'mean' */
  readonly reduction?: Reduction;
}

function prepare(input: unknown, target: unknown, options: MseLossOptions) {
  requireTensor(input, 'mseLoss', 'input');
  requireTensor(target, 'mseLoss', 'target');
  checkOptionKeys('mseLoss', options, ['reduction']);
  const reduction = checkReduction(options.reduction ?? 'mean', REDUCTIONS);
  const shape = broadcastShapes(input.shape, target.shape);
  if (input.dtype === 'int64' || target.dtype === 'int64') {
    throw new LossError(`"mse_cpu" not implemented for 'Long'`);
  }
  return { reduction, shape, x: broadcastReader(input, shape), y: broadcastReader(target, shape) };
}

/**
 * Mean squared error, the regression loss that the notebook compares with cross-entropy.
 * @example mseLoss(tensor([0.7, 0.2, 0.1]), tensor([1, 0, 0])) // tensor(0.0467)
 */
export function mseLoss(input: Tensor, target: Tensor, options: MseLossOptions = {}): Tensor {
  const { reduction, shape, x, y } = prepare(input, target, options);
  const dtype = promoteFloat(input.dtype, target.dtype);
  const r = roundingOf(dtype);
  const values = new Float64Array(numel(shape));
  for (let i = 0; i < values.length; i++) {
    const diff = r(x(i) - y(i));
    values[i] = r(diff * diff);
  }
  if (reduction === 'none') return makeTensor(shape, dtype, values);
  return makeTensor([], dtype, [reduceElementwise(values, reduction, dtype)]);
}

/**
 * ∂ mseLoss / ∂ input = 2(x − y), divided by the element count for 'mean'.
 * @example mseLossBackward(tensor([0.7, 0.2]), tensor([1, 0])) // tensor([-0.3000,  0.2000])
 */
export function mseLossBackward(
  input: Tensor,
  target: Tensor,
  options: MseLossOptions = {},
  gradOutput?: Tensor,
): Tensor {
  const { reduction, shape, x, y } = prepare(input, target, options);
  const g = upstreamReader('mseLossBackward', gradOutput, reduction, shape);
  const count = numel(shape);
  const r = roundingOf(promoteFloat(input.dtype, target.dtype));
  // PyTorch's norm · (x − y) · g, with norm = 2/numel for 'mean' computed in double, then cast.
  const norm = r(reduction === 'mean' ? 2 / count : 2);
  const grad = new Float64Array(count);
  for (let i = 0; i < count; i++) grad[i] = r(r(norm * r(x(i) - y(i))) * g(i));
  return makeTensor(input.shape, input.dtype, sumToShape(grad, shape, input.shape));
}
