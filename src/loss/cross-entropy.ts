// F.cross_entropy's options, argument checks and dispatch (pytorch-semantics §0, §3, §4). A
// target of the input's shape holds class probabilities (cross-entropy-probability.ts); any
// other target holds class indices (cross-entropy-index.ts). Each path computes the loss and
// the gradient in one pass over the rows, so crossEntropyWithGrad costs one call's work (in
// float64 every exp is taken once; float32 takes a second exp for the gradient, as PyTorch's
// backward does) and the two separate calls return exactly what it returns.
import { checkIndexWeight, checkTargetRange, classLayout, indexTargets } from './class-layout';
import type { ClassLayout } from './class-layout';
import { sameShape, shapeList } from './broadcast';
import { indexCrossEntropy } from './cross-entropy-index';
import { probabilityCrossEntropy } from './cross-entropy-probability';
import { requireTensor } from './dtype';
import { LossError } from './errors';
import { upstreamOf, type Upstream } from './grad-output';
import { checkOptionKeys, integerOption, numberOption, tensorOption } from './options';
import { checkReduction, REDUCTIONS, type Reduction } from './reduction';
import { requireFloat } from './shape';
import type { Tensor } from './tensor';

export interface CrossEntropyOptions {
  /** A manual rescaling weight per class, shape (C). */
  readonly weight?: Tensor | undefined;
  /** A target value that is ignored (index targets only). @default -100 */
  readonly ignoreIndex?: number;
  /** How per-row losses combine. @default 'mean' */
  readonly reduction?: Reduction;
  /** Mix the target with the uniform distribution by this much, in [0, 1]. @default 0 */
  readonly labelSmoothing?: number;
}

/** A checked cross-entropy call, as both paths receive it. */
export interface CrossEntropyProblem {
  readonly input: Tensor;
  readonly target: Tensor;
  readonly layout: ClassLayout;
  readonly reduction: Reduction;
  readonly weight: Tensor | undefined;
  /** ε if ε > 0, else 0: negative smoothing behaves exactly as none. */
  readonly smoothing: number;
  readonly ignoreIndex: number;
}

/** What a path is asked for: the loss, the gradient (given its upstream), or both. */
export interface CrossEntropyRequest {
  readonly loss: boolean;
  /** The upstream gradient; undefined when no gradient is wanted. */
  readonly upstream: Upstream | undefined;
}

/** What a path returns: each part that was asked for. */
export interface CrossEntropyParts {
  readonly loss: Tensor | undefined;
  readonly grad: Tensor | undefined;
}

const OPTION_KEYS = ['weight', 'ignoreIndex', 'reduction', 'labelSmoothing'] as const;

/** Check the arguments in PyTorch's order and pick the path: same shape → probabilities. */
function prepare(
  fn: string,
  input: unknown,
  target: unknown,
  options: CrossEntropyOptions,
): { problem: CrossEntropyProblem; targets: ArrayLike<number> | undefined } {
  requireTensor(input, fn, 'input');
  requireTensor(target, fn, 'target');
  checkOptionKeys(fn, options, OPTION_KEYS);
  const reduction = checkReduction(options.reduction ?? 'mean', REDUCTIONS);
  const ignoreIndex = integerOption(fn, 'ignoreIndex', options.ignoreIndex ?? -100);
  const labelSmoothing = numberOption(fn, 'labelSmoothing', options.labelSmoothing ?? 0);
  const weight = tensorOption(fn, 'weight', options.weight);
  const smoothing = labelSmoothing > 0 ? labelSmoothing : 0;
  const checkSmoothing = () => {
    if (smoothing > 1) {
      throw new LossError(`label_smoothing must be between 0.0 and 1.0. Got: ${labelSmoothing}`);
    }
  };
  const common = { input, target, reduction, weight, smoothing, ignoreIndex };
  if (sameShape(input.shape, target.shape)) {
    if (target.dtype === 'int64') {
      throw new LossError(
        'Expected floating point type for target with class probabilities, got Long',
      );
    }
    if (ignoreIndex >= 0)
      throw new LossError('ignore_index is not supported for floating point target');
    const layout = layoutOf(input);
    if (weight !== undefined && (weight.shape.length !== 1 || weight.shape[0] !== layout.classes)) {
      throw new LossError(
        `cross_entropy: weight tensor should be defined either for all ${layout.classes} classes or no classes but got weight tensor of shape: ${shapeList(weight.shape)}`,
      );
    }
    requireFloat(input, 'log_softmax_lastdim_kernel_impl');
    checkSmoothing();
    return { problem: { ...common, layout }, targets: undefined };
  }
  checkSmoothing();
  const layout = layoutOf(input);
  requireFloat(
    input,
    input.shape.length <= 2 ? 'log_softmax_lastdim_kernel_impl' : 'softmax_kernel_impl',
  );
  const targets = indexTargets(input, target);
  checkIndexWeight(weight, input, layout.classes);
  checkTargetRange(targets, layout.classes, ignoreIndex);
  return { problem: { ...common, layout }, targets };
}

/** The class layout, after PyTorch's own complaint about a 0-d input (its class dim is 1). */
function layoutOf(input: Tensor): ClassLayout {
  if (input.shape.length === 0) {
    throw new LossError(
      'Dimension out of range (expected to be in range of [-1, 0], but got 1)',
      'IndexError',
    );
  }
  return classLayout(input);
}

/** Check once, then run the chosen path for the parts asked for. */
function run(
  fn: string,
  input: Tensor,
  target: Tensor,
  options: CrossEntropyOptions,
  loss: boolean,
  grad: boolean,
  gradOutput: Tensor | undefined,
): CrossEntropyParts {
  const { problem, targets } = prepare(fn, input, target, options);
  const upstream = grad
    ? upstreamOf(fn, gradOutput, problem.reduction, problem.layout.rowShape)
    : undefined;
  const request = { loss, upstream };
  return targets === undefined
    ? probabilityCrossEntropy(problem, request)
    : indexCrossEntropy(problem, targets, request);
}

/**
 * Cross-entropy between logits and class indices or class probabilities, exactly as
 * torch.nn.functional.cross_entropy computes it (float32 in float32, float64 in float64).
 * @example crossEntropy(tensor([[1, 2, 3]]), tensor([2], 'int64')) // tensor(0.4076)
 */
export function crossEntropy(
  input: Tensor,
  target: Tensor,
  options: CrossEntropyOptions = {},
): Tensor {
  return run('crossEntropy', input, target, options, true, false, undefined).loss as Tensor;
}

/**
 * ∂ crossEntropy / ∂ input in closed form, through log-softmax's backward as PyTorch's
 * autograd runs it: per row, w[y]·(softmax − onehot) plus the smoothing term, scaled by the
 * upstream gradient.
 * @example crossEntropyBackward(tensor([[0, 0]]), tensor([0], 'int64')) // tensor([[-0.5000,  0.5000]])
 */
export function crossEntropyBackward(
  input: Tensor,
  target: Tensor,
  options: CrossEntropyOptions = {},
  gradOutput?: Tensor,
): Tensor {
  return run('crossEntropyBackward', input, target, options, false, true, gradOutput)
    .grad as Tensor;
}

/**
 * The loss and its gradient from one pass over each row's exponentials, for training loops:
 * the same values crossEntropy and crossEntropyBackward return for the same arguments.
 * @example crossEntropyWithGrad(tensor([[0, 0]]), tensor([0], 'int64')).grad // tensor([[-0.5000,  0.5000]])
 */
export function crossEntropyWithGrad(
  input: Tensor,
  target: Tensor,
  options: CrossEntropyOptions = {},
  gradOutput?: Tensor,
): { readonly loss: Tensor; readonly grad: Tensor } {
  const { loss, grad } = run(
    'crossEntropyWithGrad',
    input,
    target,
    options,
    true,
    true,
    gradOutput,
  );
  return { loss: loss as Tensor, grad: grad as Tensor };
}
